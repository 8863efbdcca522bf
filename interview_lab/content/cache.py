"""The deck cache: one pickle per content file, and one per loaded set of files.

Each file entry is keyed by the file's resolved path, size, modification time,
how it is shown in messages, whether it is built-in, and the package version.
A deck entry holds the cross-checked topics of a whole set of files, keyed by
all of their file keys: an unchanged deck loads in one read, without checking
links and ids again. Anything wrong with an entry (missing, stale, truncated,
unpicklable, written by another version) means it is rebuilt, silently.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from interview_lab.content.model import Problem, Topic
from interview_lab.content.validate import ParsedFile

# Bump when ParsedFile or the model changes shape, so old entries are ignored.
CACHE_FORMAT = 2

FileKey = tuple[Any, ...]
CheckedTopics = tuple[tuple[Topic, ...], list[Problem]]


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

    def deck_entry_path(self, keys: list[FileKey]) -> Path:
        # One entry per set of files (the app's deck, a `check` of some paths, ...).
        name = hashlib.sha1(repr([(key[2], key[5], key[6]) for key in keys]).encode("utf-8")).hexdigest()
        return self.folder / f"deck-{name}.pickle"

    def get(self, key: tuple[Any, ...]) -> ParsedFile | None:
        parsed = self._read(self.entry_path(key), key)
        return parsed if isinstance(parsed, ParsedFile) else None

    def put(self, key: tuple[Any, ...], parsed: ParsedFile) -> None:
        self._write(self.entry_path(key), key, parsed)

    def get_deck(self, keys: list[FileKey]) -> CheckedTopics | None:
        """The topics and cross-file problems of exactly these unchanged files, if stored."""
        found = self._read(self.deck_entry_path(keys), keys)
        if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], tuple) and isinstance(found[1], list):
            return found
        return None

    def put_deck(self, keys: list[FileKey], checked: CheckedTopics) -> None:
        self._write(self.deck_entry_path(keys), keys, checked)

    def _read(self, path: Path, key: Any) -> Any:
        try:
            stored_key, value = pickle.loads(path.read_bytes())
        except Exception:  # a corrupt or foreign entry is just a miss
            return None
        return value if stored_key == key else None

    def _write(self, target: Path, key: Any, value: Any) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    pickle.dump((key, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, target)  # readers see the old entry or the new one, never half
            except BaseException:
                os.unlink(temporary)
                raise
        except Exception:
            return  # a read-only or full cache folder only costs speed
