"""Export to Anki, plain text and Markdown; import from TSV/CSV; the review log as CSV.

The command line (`interview_lab.commands.interop`) and the TUI's command
palette both call these three functions; none of them imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from interview_lab.content.model import Deck, Topic
from interview_lab.interop.deck_writer import ImportReport, import_table
from interview_lab.interop.table_import import TableError

EXPORT_FORMATS = ("apkg", "tsv", "markdown")

__all__ = [
    "EXPORT_FORMATS",
    "ExportSummary",
    "ImportReport",
    "TableError",
    "export_deck",
    "export_reviews",
    "import_table",
    "select_topics",
]


@dataclass(frozen=True)
class ExportSummary:
    format: str
    out: Path
    topics: int
    questions: int
    cards: int
    files: tuple[Path, ...]

    def line(self) -> str:
        where = self.out if len(self.files) <= 1 else f"{len(self.files)} files in {self.out}"
        counted = f"{plural(self.topics, 'topic')} ({plural(self.questions, 'question')}, {plural(self.cards, 'card')})"
        return f"exported {counted} as {self.format} to {where}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def select_topics(deck: Deck, topic_ids: Iterable[str] | None) -> tuple[Topic, ...]:
    """The topics to export, in deck order; ValueError naming any unknown id."""
    wanted = list(dict.fromkeys(topic_ids or ()))
    if not wanted:
        return deck.topics
    known = {topic.id for topic in deck.topics}
    unknown = [topic_id for topic_id in wanted if topic_id not in known]
    if unknown:
        raise ValueError(f"unknown topic {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known)) or 'none'}")
    return tuple(topic for topic in deck.topics if topic.id in wanted)


def export_deck(deck: Deck, format: str, out: Path | str, topics: Iterable[str] | None = None) -> ExportSummary:
    """Write `deck` (or the named topics) to `out` as apkg, tsv or markdown (a folder)."""
    if format not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    chosen = select_topics(deck, topics)
    out = Path(out)
    if format == "apkg":
        from interview_lab.interop.anki import write_apkg

        write_apkg(chosen, out)
        files: tuple[Path, ...] = (out,)
    elif format == "tsv":
        from interview_lab.interop.anki import write_tsv

        write_tsv(chosen, out)
        files = (out,)
    else:
        from interview_lab.interop.markdown_export import write_markdown

        files = tuple(write_markdown(chosen, out))
    return ExportSummary(
        format=format,
        out=out,
        topics=len(chosen),
        questions=sum(len(t.questions) for t in chosen),
        cards=sum(len(t.cards) for t in chosen),
        files=files,
    )


def export_reviews(progress: Any, deck: Deck, out: Path | str) -> int:
    """Write the review log of an open `Progress` to CSV; returns the number of reviews."""
    from interview_lab.interop.reviews_export import write_review_log

    return write_review_log(progress.review_log(), deck, Path(out))
