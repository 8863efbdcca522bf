"""The deck cache: one pickle per content file, in the user cache folder.

Each entry is keyed by the file's resolved path, size, modification time,
how it is shown in messages, whether it is built-in, and the package version.
Anything wrong with an entry (missing, stale, truncated, unpicklable, written
by another version) means the file is parsed again, silently.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from interview_lab.content.validate import ParsedFile

# Bump when ParsedFile or the model changes shape, so old entries are ignored.
CACHE_FORMAT = 1


def package_version() -> str:
    try:
        from interview_lab import __version__
    except ImportError:  # pragma: no cover - the package is always importable here
        return "unknown"
    return __version__


class DeckCache:
    """Per-file parse results stored in `folder`; every failure is a cache miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.version = package_version()

    def key(self, path: Path, label: str, builtin: bool) -> tuple[Any, ...] | None:
        try:
            resolved = path.resolve()
            stat = resolved.stat()
        except OSError:
            return None
        return (CACHE_FORMAT, self.version, str(resolved), stat.st_size, stat.st_mtime_ns, label, builtin)

    def entry_path(self, key: tuple[Any, ...]) -> Path:
        # One entry per (file, label, builtin): a changed file overwrites its own entry.
        name = hashlib.sha1(repr((key[2], key[5], key[6])).encode("utf-8")).hexdigest()
        return self.folder / f"{name}.pickle"

    def get(self, key: tuple[Any, ...]) -> ParsedFile | None:
        try:
            stored_key, parsed = pickle.loads(self.entry_path(key).read_bytes())
        except Exception:  # a corrupt or foreign entry is just a miss
            return None
        if stored_key != key or not isinstance(parsed, ParsedFile):
            return None
        return parsed

    def put(self, key: tuple[Any, ...], parsed: ParsedFile) -> None:
        target = self.entry_path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    pickle.dump((key, parsed), handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, target)  # readers see the old entry or the new one, never half
            except BaseException:
                os.unlink(temporary)
                raise
        except Exception:
            return  # a read-only or full cache folder only costs speed
