"""The only place that parses YAML.

Files are parsed with a safe loader (libyaml's CSafeLoader when present) whose
mappings and lists record their line numbers, so every problem can name its
file, line and field. Parsing never raises on bad content: a broken file
becomes a list of problems and the rest of the deck still loads. This module
is imported only when the deck cache misses, so a warm start skips PyYAML.
"""

from __future__ import annotations

from typing import Any, Iterator

import yaml

from interview_lab.content.loader import collector_paused
from interview_lab.content.model import Problem
from interview_lab.content.validate import LocatedDict, LocatedList, ParsedFile, build_topic, describe, file_problem

HAVE_LIBYAML = hasattr(yaml, "CSafeLoader")
SAFE_LOADERS: tuple[type, ...] = (yaml.SafeLoader, yaml.CSafeLoader) if HAVE_LIBYAML else (yaml.SafeLoader,)
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


def stop_line(parser: Any) -> int | None:
    """The line the parser had read up to (the pure-Python parser knows it; libyaml's does not say)."""
    try:
        return parser.get_mark().line + 1
    except AttributeError:  # libyaml's parser has no get_mark
        return None


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
        if not issubclass(loader, SAFE_LOADERS):
            raise TypeError(f"{loader.__name__} is not a safe YAML loader")
        parser = loader(text)  # what yaml.load does, kept here to say where a runaway parse stopped
        try:
            document = parser.get_single_data()
        except yaml.YAMLError as error:
            return yaml_error_problem(error, text, file)
        except RecursionError:
            # The pure-Python parser recurses once per level (libyaml stops at its own limit
            # with a YAMLError); this file is reported and the rest of the deck still loads.
            return file_problem(
                file, stop_line(parser), "lists or mappings are nested too deeply (hundreds of levels) to be read"
            )
        except MemoryError:
            return file_problem(file, stop_line(parser), "the file needs more memory to read than is available")
        finally:
            parser.dispose()
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
