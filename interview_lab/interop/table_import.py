"""Reading a TSV/CSV table of cards (and optionally questions) into rows.

Accepts spreadsheet exports (comma, semicolon or tab; with or without a
header row) and Anki's text export (the `#key:value` lines at the top).
Nothing here writes files: see `deck_writer` for that.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from interview_lab.content.model import TIERS
from interview_lab.interop.markup import html_to_text

# Header names we recognise (lower case), by the field they fill.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "front": ("front", "question", "prompt", "q", "term", "word", "text"),
    "back": ("back", "answer", "a", "definition", "meaning", "back extra", "response", "explanation"),
    "tier": ("tier", "level"),
    "key_points": ("key_points", "key points", "keypoints", "points"),
    "senior_angle": ("senior_angle", "senior angle"),
    "tags": ("tags", "tag"),
    "guid": ("guid", "id", "note id"),
}
ANKI_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
SNIFF_DELIMITERS = "\t,;"
KEY_POINT_SPLIT = re.compile(r"\s*(?:\n|;|\|)\s*")
# A comma between two digits is a decimal comma ("1,5"), not a field separator.
DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


class TableError(ValueError):
    """The table cannot be imported at all (nothing is written)."""


@dataclass(frozen=True)
class CardRow:
    line: int  # the row's line in the file, 1-based
    front: str
    back: str


@dataclass(frozen=True)
class QuestionRow:
    line: int
    prompt: str
    answer: str
    tier: str
    key_points: tuple[str, ...]
    senior_angle: str | None = None


@dataclass
class Table:
    cards: list[CardRow] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "row 7: why"
    notes: list[str] = field(default_factory=list)  # how the file was read
    delimiter: str = ","
    header: tuple[str, ...] | None = None


def slugify(name: str) -> str:
    """A content id from a deck name: "My Deck #2" -> "my-deck-2"."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def text_key(text: str) -> str:
    """What makes two fronts "the same": case and spacing do not count."""
    return " ".join(text.split()).casefold()


def stable_hash(text: str, length: int = 10) -> str:
    return hashlib.sha256(text_key(text).encode("utf-8")).hexdigest()[:length]


def decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(f"{path}: the file is UTF-16; save it as UTF-8 (with or without BOM) and try again")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TableError(
            f"{path}: not UTF-8 text: byte 0x{data[error.start]:02x} at position {error.start} "
            "cannot be decoded; save the file as UTF-8 and try again"
        ) from None


def physical_lines(text: str) -> list[str]:
    """The file's lines, ends kept, broken at LF, CRLF and CR only (what csv calls a line).

    str.splitlines() also breaks at VT, FF, FS, GS, RS, NEL and U+2028/U+2029, which can
    sit inside a cell (a spreadsheet writes VT for a line break in a cell) and would cut
    its row in two.
    """
    return io.StringIO(text, newline="").readlines()


def split_anki_header(lines: list[str]) -> tuple[dict[str, str], int]:
    """Anki's `#key:value` lines at the top; returns them and how many lines they take."""
    options: dict[str, str] = {}
    count = 0
    for line in lines:
        match = re.match(r"^#([a-z ]+):(.*)$", line.rstrip("\r\n"), re.IGNORECASE)
        if not match:
            break
        options[match.group(1).strip().lower()] = match.group(2)
        count += 1
    return options, count


def choose_delimiter(path: Path, body: str, anki: dict[str, str]) -> str:
    if "separator" in anki:
        value = anki["separator"].strip()
        return ANKI_SEPARATORS.get(value.lower(), value[:1] or "\t")
    first_line = next((line for line in physical_lines(body) if line.strip()), "")
    if path.suffix.lower() in (".tsv", ".tab") and "\t" in first_line:
        return "\t"
    scores = {delimiter: delimiter_score(body, delimiter) for delimiter in SNIFF_DELIMITERS}
    best = max(scores, key=lambda d: scores[d])
    if scores[best][0] > 0:
        return best
    return "\t" if path.suffix.lower() in (".tsv", ".tab", ".txt") else ","


def delimiter_score(body: str, delimiter: str) -> tuple[float, float, int]:
    """How well `delimiter` splits the first rows: (share of rows with the usual field count
    when that count is 2 or more, share of its uses that look like a separator, preference).

    A row whose quoted field closes before something other than `delimiter` does not
    count as split well: '"a, b","c;d"' is two fields at the comma, none at the semicolon.
    When two delimiters both split every row evenly ("1,5;eins" splits in two at the
    comma and at the semicolon), the second part decides: csv.Sniffer cannot tell "a;b, c"
    apart; prose puts a space after a comma or a semicolon, a spreadsheet does not, and
    a comma between digits is a decimal comma.
    """
    sample = physical_lines(body)[:50]
    counts = field_counts(sample, delimiter)
    if not counts:
        return (0.0, 0.0, 0)
    usual, often = Counter(counts).most_common(1)[0]
    consistency = often / len(counts) if usual >= 2 else 0.0
    text = "".join(sample)
    uses = text.count(delimiter)
    not_separators = text.count(delimiter + " ") + (len(DECIMAL_COMMA.findall(text)) if delimiter == "," else 0)
    bare = (uses - not_separators) / uses if uses else 0.0
    return (consistency, bare, SNIFF_DELIMITERS.index(delimiter) * -1)


def field_counts(lines: list[str], delimiter: str) -> list[int]:
    """Fields per non-blank row when split at `delimiter`; 0 for a row whose quoting it breaks."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    counts: list[int] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return counts
        except csv.Error:  # the reader goes on at the next line
            counts.append(0)
            continue
        if any(cell.strip() for cell in row):
            counts.append(len(row))


def column_role(name: str) -> str | None:
    key = name.strip().lower()
    return next((role for role, names in COLUMN_NAMES.items() if key in names), None)


def looks_like_header(row: list[str]) -> bool:
    """At least two cells are column names we know ("Front,Back", "question,answer,tier").

    Only known names count: guessing from short label-like cells (csv.Sniffer) took the
    only row of a small file, or "Rome,Italy" above "Paris,France", for a header.
    """
    return sum(column_role(cell) is not None for cell in row) >= 2


def read_table(path: Path) -> Table:
    """Parse the file into card and question rows; rows that cannot be used are listed in `skipped`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TableError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise TableError(f"{path}: is a folder, not a TSV/CSV file") from None
    text = decode(path, data)
    if not text.strip():
        raise TableError(f"{path}: the file is empty: nothing to import")

    lines = physical_lines(text)
    anki, header_lines = split_anki_header(lines)
    body_lines = lines[header_lines:]
    body = "".join(body_lines)
    if not body.strip():
        raise TableError(f"{path}: the file has no rows after its header: nothing to import")
    table = Table(delimiter=choose_delimiter(path, body, anki))
    html = anki.get("html", "").strip().lower() == "true"

    reader = csv.reader(body_lines, delimiter=table.delimiter, strict=False)
    rows: list[tuple[int, list[str]]] = []
    previous_end = header_lines
    for row in reader:
        start = previous_end + 1  # the line this row starts on
        previous_end = header_lines + reader.line_num
        if any(cell.strip() for cell in row):
            rows.append((start, row))
    if not rows:
        raise TableError(f"{path}: the file has no rows: nothing to import")

    roles: list[str | None]
    if "columns" in anki:
        table.header = tuple(anki["columns"].split(table.delimiter))
        roles = [column_role(name) for name in table.header]
    elif not anki and looks_like_header(rows[0][1]):
        # Anki's text export names its columns only in `#columns:`; its first row is a note.
        table.header = tuple(cell.strip() for cell in rows[0][1])
        roles = [column_role(name) for name in table.header]
        table.notes.append(f"row {rows[0][0]} read as the header: {', '.join(table.header)}")
        rows = rows[1:]
        if not rows:
            raise TableError(f"{path}: the file holds only a header row ({', '.join(table.header)}): nothing to import")
    else:
        roles = []
    expected = len(table.header) if table.header else Counter(len(row) for _line, row in rows).most_common(1)[0][0]
    if expected < 2:
        raise TableError(
            f"{path}: found a single column; expected at least front and back separated by "
            "a tab, a comma or a semicolon"
        )
    roles = fill_roles(roles, expected, anki)
    if "front" not in roles or "back" not in roles:
        raise TableError(f"{path}: the header names no front/question column and back/answer column")
    if roles.count("tags"):
        table.notes.append("the tags column is not imported (interview-lab has no tags)")

    seen: dict[str, int] = {}
    for line, row in rows:
        if len(row) != expected:
            table.skipped.append(f"row {line}: expected {expected} fields, got {len(row)}")
            continue
        cells = {role: clean(cell, html) for role, cell in zip(roles, row) if role}
        front, back = cells.get("front", ""), cells.get("back", "")
        if not front:
            table.skipped.append(f"row {line}: the front is empty")
            continue
        if not back:
            table.skipped.append(f"row {line}: the back is empty")
            continue
        tier = cells.get("tier", "").lower()
        kind = "question" if tier else "card"
        key = f"{kind}:{text_key(front)}"
        if key in seen:
            table.skipped.append(f"row {line}: the same front as row {seen[key]}")
            continue
        if kind == "card":
            seen[key] = line
            table.cards.append(CardRow(line, front, back))
            continue
        if tier not in TIERS:
            table.skipped.append(f"row {line}: tier {tier!r} is not one of {', '.join(TIERS)}")
            continue
        points = tuple(p for p in KEY_POINT_SPLIT.split(cells.get("key_points", "")) if p)
        if not points:
            table.skipped.append(f"row {line}: a question needs key points (a key_points column, separated by ;)")
            continue
        seen[key] = line
        table.questions.append(QuestionRow(line, front, back, tier, points, cells.get("senior_angle") or None))
    return table


def fill_roles(roles: list[str | None], expected: int, anki: dict[str, str]) -> list[str | None]:
    """Column roles: from the header, else Anki's column options, else front, back, then ignored."""
    if any(roles):
        return (roles + [None] * expected)[:expected]
    filled: list[str | None] = [None] * expected
    for role in ("tags", "guid", "notetype", "deck"):
        number = anki.get(f"{role} column", "").strip()
        if number.isdigit() and 1 <= int(number) <= expected:
            filled[int(number) - 1] = role
    free = [index for index, role in enumerate(filled) if role is None]
    for role, index in zip(("front", "back"), free):
        filled[index] = role
    return filled


def clean(cell: str, html: bool) -> str:
    return html_to_text(cell) if html else cell.strip()
