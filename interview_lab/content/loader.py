"""Read topic files: the only place that parses YAML.

Files are parsed with a safe loader (libyaml's CSafeLoader when present) whose
mappings and lists record their line numbers, so every problem can name its
file, line and field. Parsing never raises on bad content: a broken file
becomes a list of problems and the rest of the deck still loads.
"""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

import yaml

from interview_lab.content.cache import DeckCache
from interview_lab.content.model import Deck, Problem
from interview_lab.content.validate import (
    LocatedDict,
    LocatedList,
    ParsedFile,
    build_topic,
    cross_check,
    describe,
    file_problem,
    sort_problems,
)

HAVE_LIBYAML = hasattr(yaml, "CSafeLoader")
MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"


def construct_located_mapping(loader: Any, node: yaml.MappingNode) -> Iterator[LocatedDict]:
    mapping = LocatedDict(node.start_mark.line + 1)
    yield mapping  # yielded first so that aliases to this mapping resolve
    loader.flatten_mapping(node)  # `<<` merge keys
    key_lines = mapping.key_lines
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be plain text, not a list or mapping", key_node.start_mark
            ) from None
        line = key_node.start_mark.line + 1
        if key in mapping:
            mapping.repeated_keys.append((key, line))
        mapping[key] = loader.construct_object(value_node, deep=False)
        key_lines[key] = line


def construct_located_sequence(loader: Any, node: yaml.SequenceNode) -> Iterator[LocatedList]:
    sequence = LocatedList(node.start_mark.line + 1, [child.start_mark.line + 1 for child in node.value])
    yield sequence
    sequence.extend(loader.construct_object(child, deep=False) for child in node.value)


def located_loader(base: type) -> type:
    """A safe loader class that builds LocatedDict/LocatedList instead of dict/list."""
    loader = type(f"Located{base.__name__}", (base,), {})
    loader.add_constructor(MAP_TAG, construct_located_mapping)
    loader.add_constructor(SEQ_TAG, construct_located_sequence)
    return loader


LocatedPySafeLoader = located_loader(yaml.SafeLoader)
LocatedCSafeLoader = located_loader(yaml.CSafeLoader) if HAVE_LIBYAML else LocatedPySafeLoader


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building many small objects triggers it
    over and over for nothing (none of them form cycles worth collecting now)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def readable_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def yaml_error_problem(error: yaml.YAMLError, text: str, file: str) -> ParsedFile:
    """One clear message for a file the YAML parser refused."""
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position) + 1 if isinstance(error.position, int) else None
        return file_problem(file, line, f"character {error.character!r} is not allowed in YAML")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, yaml.constructor.ConstructorError) and "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[1].strip(" '!") if "tag" in problem else "?"
        return file_problem(
            file,
            line,
            f"the tag '{readable_tag(tag)}' is refused: content is loaded with a safe YAML loader that builds plain data only",
        )
    if isinstance(error, yaml.constructor.ConstructorError):
        return file_problem(file, line, f"invalid YAML: {problem}")
    source_line = text.splitlines()[mark.line] if mark is not None and mark.line < len(text.splitlines()) else ""
    if "\t" in problem or "\t" in source_line[: len(source_line) - len(source_line.lstrip())]:
        return file_problem(file, line, "a tab is used for indentation: YAML allows spaces only")
    context = getattr(error, "context", None)
    detail = f"{context}: {problem}" if context else problem
    return file_problem(file, line, f"invalid YAML: {detail}")


def parse_text(data: bytes, file: str, builtin: bool, *, loader: type = LocatedCSafeLoader) -> ParsedFile:
    """Parse and validate the bytes of one topic file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return file_problem(
            file, line, f"not valid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}; save the file as UTF-8"
        )
    if not text.strip():
        return file_problem(file, None, "the file is empty: a topic file holds one topic mapping")
    with collector_paused():
        try:
            document = yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
        except yaml.YAMLError as error:
            return yaml_error_problem(error, text, file)
        if document is None:
            return file_problem(file, None, "the file has no content (only comments or an empty document)")
        if not isinstance(document, dict):
            line = getattr(document, "line", 1)
            return ParsedFile(
                file,
                None,
                (Problem(file, line, "", f"expected a mapping of topic fields at the top level, got {describe(document)}"),),
            )
        return build_topic(document, file, builtin)


def display_name(path: Path) -> str:
    """How a file is named in messages: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def parse_file(path: Path, builtin: bool, cache: DeckCache | None = None) -> ParsedFile:
    label = display_name(path)
    key = cache.key(path, label, builtin) if cache is not None else None
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
    with collector_paused():  # parsing and unpickling both build many objects, none of them cyclic garbage
        parsed = [parse_file(path, is_inside(path, builtin), cache) for path in files]
        topics, found = cross_check(parsed)
    topics = tuple(sorted(topics, key=lambda topic: (topic.order, topic.title)))
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
