"""Writing output files so that a failure never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import IO, Iterator

# Like tempfile's flags, minus its 0600 mode: the finished file gets the permissions
# any new file gets (0666 less the umask), which the kernel applies on creation.
# Reading the umask instead would mean setting it, a race with the TUI's other threads.
CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
NEW_FILE_MODE = 0o666


def create_temp_beside(target: Path) -> tuple[int, str]:
    """Open a new, uniquely named file in `target`'s folder; returns its descriptor and name."""
    for _attempt in range(100):
        # The temp name does not end in .yaml, so a deck folder never loads it.
        name = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(name, CREATE_FLAGS, NEW_FILE_MODE), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


@contextlib.contextmanager
def atomic_output(target: Path, *, binary: bool = False) -> Iterator[IO]:
    """Yield a temp file beside `target`; it replaces `target` only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temp_name = create_temp_beside(target)
    try:
        mode = "wb" if binary else "w"
        options = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(descriptor, mode, **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
