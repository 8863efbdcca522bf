"""Turning an imported table into a user deck (one YAML topic file).

The file is checked by loading it with the content loader before it
replaces anything, and written atomically: nothing partial ever lands in the
user's deck folder. Existing decks are read back through the loader too
(only the loader reads YAML). Both are loaded beside the other decks the app
loads, so links to their topics and experiments resolve as they do in the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

from interview_lab.content.model import Deck, Problem, Topic
from interview_lab.interop.files import atomic_output
from interview_lab.interop.table_import import Table, TableError, read_table, slugify, stable_hash

IMPORTED_TRACK = "imported"


@dataclass
class ImportReport:
    deck_id: str
    deck_file: Path
    source: Path
    created: bool = False
    replaced: bool = False  # --force rebuilt a deck that was there
    written: bool = False
    added_cards: int = 0
    added_questions: int = 0
    total_cards: int = 0
    total_questions: int = 0
    already_present: int = 0  # rows whose front the deck already holds (not added again)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What the command prints: the outcome first, then every skipped row and why."""
        if self.written:
            verb = "replaced" if self.replaced else "created" if self.created else "extended"
            head = (
                f"{verb} deck {self.deck_id!r} ({self.deck_file}): added {self.added_cards} cards"
                f" and {self.added_questions} questions; it now holds {self.total_cards} cards"
                f" and {self.total_questions} questions"
            )
        else:
            head = f"deck {self.deck_id!r} ({self.deck_file}) already holds every row of {self.source.name}: nothing written"
        lines = [head, *(f"note: {note}" for note in self.notes)]
        if self.already_present and self.written:
            lines.append(f"note: {self.already_present} rows were already in the deck and were left as they are")
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)} rows:")
            lines += [f"  {reason}" for reason in self.skipped]
        return lines


def load_in_context(
    target: Path, link_sources: Sequence[Path], text: str | None = None
) -> tuple[Topic | None, list[Problem]]:
    """Load the deck file `target` (or `text`, as if it were that file) among the decks of
    `link_sources`, in their order; returns its topic and the problems found in it only.

    Loaded alone, a hand-added link to a built-in topic or experiment would look broken.
    """
    from interview_lab import paths
    from interview_lab.content.cache import DeckCache
    from interview_lab.content.loader import (
        builtin_deck_dir,
        collector_paused,
        deck_files,
        display_name,
        is_inside,
        parse_file,
        parse_text,
    )
    from interview_lab.content.validate import cross_check

    cache = DeckCache(paths.cache_dir() / "decks")
    builtin = builtin_deck_dir()
    label = display_name(target)
    where = target.resolve()
    files, _missing = deck_files(link_sources)  # a missing --content folder is not this deck's problem
    with collector_paused():
        # New text is parsed in memory under the target's name: no scratch file, no cache entry.
        own = parse_text(text.encode("utf-8"), label, False) if text is not None else parse_file(target, False, cache)
        parsed = [own if path.resolve() == where else parse_file(path, is_inside(path, builtin), cache) for path in files]
        if not any(result is own for result in parsed):
            parsed.append(own)  # a new deck; the user decks folder comes last anyway
        topics, problems = cross_check(parsed)
    topic = next((t for t in topics if t.source_file == label), None)
    return topic, [problem for problem in problems if problem.file == label]


def default_link_sources(data_dir: Path) -> list[Path]:
    """The decks the app loads without --content options: built-in, $INTERVIEW_LAB_CONTENT, imported."""
    from interview_lab import paths

    return paths.content_sources(None, data_dir)


def topic_to_data(topic: Topic) -> dict[str, Any]:
    """The YAML mapping of an imported topic (questions and cards only)."""
    data: dict[str, Any] = {
        "id": topic.id,
        "title": topic.title,
        "track": topic.track,
        "summary": topic.summary,
        "theory": topic.theory,
    }
    if topic.order != 100:
        data["order"] = topic.order
    if topic.references:
        data["references"] = list(topic.references)
    if topic.related:
        data["related"] = list(topic.related)
    if topic.questions:
        data["questions"] = [question_data(q) for q in topic.questions]
    if topic.cards:
        data["cards"] = [
            {"id": c.id, "front": c.front, "back": c.back, **({"experiment": c.experiment} if c.experiment else {})}
            for c in topic.cards
        ]
    return data


def question_data(question: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "tier": question.tier,
        "prompt": question.prompt,
        "answer": question.answer,
    }
    if question.senior_angle:
        data["senior_angle"] = question.senior_angle
    data["key_points"] = list(question.key_points)
    if question.experiment:
        data["experiment"] = question.experiment
    return data


# libyaml's emitter when PyYAML has it: about 5x faster on a 10,000-card deck, same text.
FastSafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class BlockStyleDumper(FastSafeDumper):  # type: ignore[misc, valid-type]
    """Multi-line text as `|` blocks, so a learner can edit the deck by hand."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text and not any(line != line.rstrip() for line in text.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


BlockStyleDumper.add_representer(str, _represent_text)


def dump_topic(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=BlockStyleDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def import_table(
    path: Path | str,
    deck_name: str,
    data_dir: Path | str,
    force: bool = False,
    other_topics: Deck | None = None,
    link_sources: Sequence[Path] | None = None,
) -> ImportReport:
    """Create or extend the user deck `deck_name` from a TSV/CSV file.

    Rows already in the deck (same front) are skipped; with `force` the deck is
    rebuilt from this file alone. `other_topics` (the app's deck) lets us refuse
    a deck id that another topic already uses. `link_sources` are the deck
    locations the app loads (default: built-in, $INTERVIEW_LAB_CONTENT and the
    user decks); the deck is checked among them. Raises TableError when nothing
    can be imported; nothing is written then.
    """
    from interview_lab.paths import user_decks_dir

    source = Path(path)
    deck_id = slugify(deck_name)
    if not deck_id:
        raise TableError(f"deck name {deck_name!r} needs at least one letter or digit")
    target = user_decks_dir(Path(data_dir)) / f"{deck_id}.yaml"
    if other_topics is not None:
        clash = next(
            (t for t in other_topics.topics if t.id == deck_id and not same_file(t.source_file, target)), None
        )
        if clash is not None:
            where = f" ({clash.source_file})" if clash.source_file else ""
            raise TableError(f"the id {deck_id!r} is already used by the topic {clash.title!r}{where}; choose another --deck name")

    sources = list(link_sources) if link_sources is not None else default_link_sources(Path(data_dir))
    table = read_table(source)
    report = ImportReport(deck_id=deck_id, deck_file=target, source=source, skipped=list(table.skipped), notes=list(table.notes))
    existing = None if force else existing_topic(target, sources)
    report.created = existing is None
    report.replaced = force and target.exists()
    data = (
        topic_to_data(existing)
        if existing
        else {
            "id": deck_id,
            "title": deck_name.strip(),
            "track": IMPORTED_TRACK,
            "summary": "",
            "theory": f"Imported from `{source.name}` with `interview-lab import`.",
        }
    )
    add_rows(data, table, report, deck_id)
    if existing is not None and not (report.added_cards or report.added_questions):
        return report
    if report.created and not (report.added_cards or report.added_questions):
        raise TableError(f"{source}: no row could be imported ({len(report.skipped)} skipped); nothing written")
    if existing is not None and f"`{source.name}`" not in data["theory"]:
        data["theory"] = data["theory"].rstrip("\n") + f"\n\nExtended from `{source.name}`."
    report.total_cards = len(data.get("cards", []))
    report.total_questions = len(data.get("questions", []))
    data["summary"] = f"Imported deck: {report.total_cards} cards, {report.total_questions} questions."
    write_checked(data, target, sources)
    report.written = True
    return report


def same_file(source_file: str, target: Path) -> bool:
    # The loader names files relative to the working folder when it can.
    return bool(source_file) and Path(source_file).resolve() == target.resolve()


def existing_topic(target: Path, link_sources: Sequence[Path]) -> Topic | None:
    """The deck already at `target`, None if there is none; refuses one it cannot safely extend."""
    if not target.exists():
        return None
    topic, problems = load_in_context(target, link_sources)
    if problems or topic is None:
        first = str(problems[0]) if problems else "it holds no topic"
        raise TableError(f"{target} exists but does not load ({first}); fix it, or use --force to replace it")
    if topic.drills or topic.experiments:
        raise TableError(f"{target} has drills or experiments, which import does not rewrite; use --force to replace it")
    return topic


def add_rows(data: dict[str, Any], table: Table, report: ImportReport, deck_id: str) -> None:
    cards = data.setdefault("cards", [])
    questions = data.setdefault("questions", [])
    card_ids = {card["id"] for card in cards}
    question_ids = {question["id"] for question in questions}
    for row in table.cards:
        card_id = f"{deck_id}-{stable_hash('card:' + row.front)}"
        if card_id in card_ids:
            report.already_present += 1
            continue
        card_ids.add(card_id)
        cards.append({"id": card_id, "front": row.front, "back": row.back})
        report.added_cards += 1
    for row in table.questions:
        question_id = f"{deck_id}-q-{stable_hash('question:' + row.prompt)}"
        if question_id in question_ids:
            report.already_present += 1
            continue
        question_ids.add(question_id)
        entry: dict[str, Any] = {"id": question_id, "tier": row.tier, "prompt": row.prompt, "answer": row.answer}
        if row.senior_angle:
            entry["senior_angle"] = row.senior_angle
        entry["key_points"] = list(row.key_points)
        questions.append(entry)
        report.added_questions += 1
    if not cards:
        del data["cards"]
    if not questions:
        del data["questions"]


def write_checked(data: dict[str, Any], target: Path, link_sources: Sequence[Path]) -> None:
    """Load the new text with the content loader first; only a clean deck replaces the file."""
    text = dump_topic(data)
    topic, problems = load_in_context(target, link_sources, text)
    written = [(c["id"], c["front"], c["back"]) for c in data.get("cards", [])]
    if problems or topic is None or [(c.id, c.front, c.back) for c in topic.cards] != written:
        details = "; ".join(str(p) for p in problems) or "the topic did not load"
        raise TableError(f"the imported deck would not load ({details}); nothing written")
    with atomic_output(target) as handle:
        handle.write(text)
