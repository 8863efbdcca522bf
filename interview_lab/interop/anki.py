"""Anki export: an .apkg package (genanki) and Anki's text import format.

Ids are stable so a second export imported into Anki updates the notes it
made the first time instead of adding copies: note GUIDs come from our item
ids, note type and deck ids from fixed names.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Iterable

from interview_lab.content.model import Card, Question, Topic
from interview_lab.interop.files import atomic_output
from interview_lab.interop.markup import markdown_to_html

DECK_NAME = "Interview Lab"
CARD_NOTE_TYPE = "Interview Lab card"
QUESTION_NOTE_TYPE = "Interview Lab question"
TSV_NOTE_TYPE = "Basic"  # present in every Anki collection
ANKI_CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background: white; }
pre { text-align: left; background: #f4f4f4; padding: 0.5em; overflow-x: auto; }
.tier { font-size: 14px; color: #666; text-transform: uppercase; }
"""


def stable_id(name: str) -> int:
    """A fixed Anki id for a note type or deck: same name, same id, on every machine."""
    digest = hashlib.sha256(f"interview-lab:{name}".encode()).digest()
    # Anki ids are positive 64-bit; genanki's own examples use [1<<30, 1<<31).
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(item_id: str) -> str:
    import genanki

    return genanki.guid_for("interview-lab", item_id)


def tags_for(item: Card | Question, topic: Topic) -> list[str]:
    tags = ["interview-lab", f"topic::{topic.id}"]
    if isinstance(item, Question):
        tags.append(f"tier::{item.tier}")
    return tags


def question_html(question: Question) -> tuple[str, str, str, str]:
    """Answer, key points and senior angle as HTML fields; the prompt first."""
    points = "".join(f"<li>{markdown_to_html(point)}</li>" for point in question.key_points)
    return (
        markdown_to_html(question.prompt),
        markdown_to_html(question.answer),
        f"<ul>{points}</ul>" if points else "",
        markdown_to_html(question.senior_angle or ""),
    )


def card_note_type():
    import genanki

    return genanki.Model(
        stable_id("model:card:v1"),
        CARD_NOTE_TYPE,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Topic"}],
        templates=[
            {
                "name": "Recall",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=ANKI_CSS,
    )


def question_note_type():
    import genanki

    return genanki.Model(
        stable_id("model:question:v1"),
        QUESTION_NOTE_TYPE,
        fields=[
            {"name": "Question"},
            {"name": "Answer"},
            {"name": "Key points"},
            {"name": "Senior angle"},
            {"name": "Tier"},
            {"name": "Topic"},
        ],
        templates=[
            {
                "name": "Answer aloud",
                "qfmt": '<div class="tier">{{Tier}} · {{Topic}}</div>{{Question}}',
                "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}'
                "{{#Key points}}<h4>Key points</h4>{{Key points}}{{/Key points}}"
                "{{#Senior angle}}<h4>Senior angle</h4>{{Senior angle}}{{/Senior angle}}",
            }
        ],
        css=ANKI_CSS,
    )


def build_package(topics: Iterable[Topic]):
    """A genanki Package: one sub-deck per topic under "Interview Lab"."""
    import genanki

    cards_type, questions_type = card_note_type(), question_note_type()
    decks = []
    for topic in topics:
        deck = genanki.Deck(stable_id(f"deck:{topic.id}"), f"{DECK_NAME}::{topic.title}")
        title = html.escape(topic.title)
        for question in topic.questions:
            prompt, answer, points, senior = question_html(question)
            deck.add_note(
                genanki.Note(
                    model=questions_type,
                    fields=[prompt, answer, points, senior, question.tier, title],
                    tags=tags_for(question, topic),
                    guid=note_guid(question.id),
                )
            )
        for card in topic.cards:
            deck.add_note(
                genanki.Note(
                    model=cards_type,
                    fields=[markdown_to_html(card.front), markdown_to_html(card.back), title],
                    tags=tags_for(card, topic),
                    guid=note_guid(card.id),
                )
            )
        decks.append(deck)
    return genanki.Package(decks)


def write_apkg(topics: Iterable[Topic], out: Path) -> None:
    """Write the package to `out` (a temp file first: a failed export leaves nothing)."""
    package = build_package(topics)
    with tempfile.TemporaryDirectory(prefix="interview-lab-apkg-") as scratch:
        # genanki.write_to_file leaves its temp database behind; build it here instead.
        database = Path(scratch) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            now = time.time()
            package.write_to_db(connection.cursor(), now, itertools.count(int(now * 1000)))
            connection.commit()
        finally:
            connection.close()
        with atomic_output(out, binary=True) as handle:
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(database, "collection.anki2")
                archive.writestr("media", "{}")


def tsv_rows(topics: Iterable[Topic]) -> Iterable[tuple[str, str, str, str]]:
    """(front, back, tags, guid) per note, HTML in the fields."""
    for topic in topics:
        for question in topic.questions:
            prompt, answer, points, senior = question_html(question)
            back = answer
            if points:
                back += "<br><b>Key points</b>" + points
            if senior:
                back += "<br><b>Senior angle</b><br>" + senior
            yield prompt, back, " ".join(tags_for(question, topic)), note_guid(question.id)
        for card in topic.cards:
            yield (
                markdown_to_html(card.front),
                markdown_to_html(card.back),
                " ".join(tags_for(card, topic)),
                note_guid(card.id),
            )


TSV_HEADER = (
    "#separator:Tab",
    "#html:true",
    f"#notetype:{TSV_NOTE_TYPE}",
    f"#deck:{DECK_NAME}",
    "#columns:Front\tBack\tTags\tGUID",
    "#tags column:3",
    "#guid column:4",
)


def tsv_text(topics: Iterable[Topic]) -> tuple[str, int]:
    """The whole file and the number of notes in it."""
    lines = list(TSV_HEADER)
    count = 0
    for row in tsv_rows(topics):
        # Tabs and newlines would break the row: fields are HTML, so they have <br>.
        fields = [field.replace("\t", "&#9;").replace("\r", "").replace("\n", "&#10;") for field in row]
        if fields[0].startswith("#"):  # Anki would read the line as a comment
            fields[0] = "&#35;" + fields[0][1:]
        lines.append("\t".join(fields))
        count += 1
    return "\n".join(lines) + "\n", count


def write_tsv(topics: Iterable[Topic], out: Path) -> int:
    text, count = tsv_text(topics)
    with atomic_output(out) as handle:
        handle.write(text)
    return count
