"""Load decks: find topic files, reuse cached parses, check across files.

Parsing itself (the only place that reads YAML) is `yaml_reader`, imported
only when a file is not in the deck cache.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from interview_lab.content.cache import DeckCache
from interview_lab.content.model import Deck, Problem
from interview_lab.content.validate import ParsedFile, cross_check, file_problem, sort_problems

@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building many small objects triggers it
    over and over for nothing (none of them form cycles worth collecting now).

    Before it runs again the survivors are frozen (moved out of the generations
    it scans): the deck lives as long as the program, and otherwise the first
    collection afterwards walks every object just built.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def parse_text(data: bytes, file: str, builtin: bool, *, loader: type | None = None) -> ParsedFile:
    """Parse and validate the bytes of one topic file (see yaml_reader)."""
    from interview_lab.content import yaml_reader

    return yaml_reader.parse_text(data, file, builtin, loader=loader or yaml_reader.LocatedCSafeLoader)


def __getattr__(name: str) -> Any:
    # The loader classes live with the YAML code; reach them lazily from here too.
    if name in ("HAVE_LIBYAML", "LocatedCSafeLoader", "LocatedPySafeLoader"):
        from interview_lab.content import yaml_reader

        return getattr(yaml_reader, name)
    raise AttributeError(name)


def display_name(path: Path) -> str:
    """How a file is named in messages: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def parse_file(path: Path, builtin: bool, cache: DeckCache | None = None, key: tuple | None = None) -> ParsedFile:
    label = display_name(path)
    if cache is not None and key is None:
        key = cache.key(path, label, builtin)
    if cache is not None and key is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    try:
        data = path.read_bytes()
    except OSError as error:
        return file_problem(label, None, f"cannot be read: {error.strerror or error}")
    parsed = parse_text(data, label, builtin)
    if cache is not None and key is not None:
        cache.put(key, parsed)
    return parsed


def deck_files(sources: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The topic files named by `sources` (files, or folders of *.yaml), each once, in order."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for source in sources:
        source = Path(source)
        if source.is_dir():
            found = sorted(source.glob("*.yaml"))
        elif source.is_file():
            found = [source]
        else:
            problems.append(Problem(display_name(source), None, "", "no such file or folder"))
            continue
        for path in found:
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(path)
    return files, problems


def is_inside(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return False
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def load_deck(sources: Sequence[Path], *, builtin: Path | None = None, cache_dir: Path | None = None) -> Deck:
    """Load every topic file named by `sources`, in order.

    Topics from files inside `builtin` are marked built-in. With `cache_dir`,
    each file's parse result is reused while the file is unchanged. The
    returned deck holds every topic that loaded and every problem found,
    sorted by file then line.
    """
    cache = DeckCache(cache_dir) if cache_dir is not None else None
    files, problems = deck_files(sources)
    flags = [is_inside(path, builtin) for path in files]
    keys = [cache.key(path, display_name(path), flag) for path, flag in zip(files, flags)] if cache else []
    whole_deck_keys = keys if cache is not None and files and None not in keys else None
    with collector_paused():  # parsing and unpickling both build many objects, none of them cyclic garbage
        checked = cache.get_deck(whole_deck_keys) if whole_deck_keys is not None else None
        if checked is None:
            parsed = [
                parse_file(path, flag, cache, keys[index] if keys else None)
                for index, (path, flag) in enumerate(zip(files, flags))
            ]
            topics, found = cross_check(parsed)
            checked = (tuple(sorted(topics, key=lambda topic: (topic.order, topic.title))), found)
            if whole_deck_keys is not None:
                cache.put_deck(whole_deck_keys, checked)
    topics, found = checked
    return Deck(topics=topics, problems=sort_problems([*problems, *found]))


def builtin_deck_dir() -> Path:
    from interview_lab import paths

    return paths.builtin_content_dir()


def app_sources(content_options: list[str] | None, data_dir: Path | None) -> list[Path]:
    """Every deck the app loads: built-in first, then --content and
    $INTERVIEW_LAB_CONTENT decks, then imported decks."""
    from interview_lab import paths

    return paths.content_sources(content_options, data_dir)


def load_app_deck(content_options: list[str] | None, data_dir: Path | None) -> Deck:
    """The deck the app and commands use, cached in the user cache folder."""
    from interview_lab import paths

    return load_deck(
        app_sources(content_options, data_dir),
        builtin=builtin_deck_dir(),
        cache_dir=paths.cache_dir() / "decks",
    )
