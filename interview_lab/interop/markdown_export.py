"""One readable Markdown file per topic, for printing or reading elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from interview_lab.content.model import TIERS, Topic
from interview_lab.interop.files import atomic_output


def topic_markdown(topic: Topic) -> str:
    lines = [f"# {topic.title}", "", f"_{topic.summary.strip()}_", "", "## Theory", "", topic.theory.strip(), ""]
    for tier in TIERS:
        questions = topic.questions_by_tier(tier)
        if not questions:
            continue
        lines += [f"## Interview questions: {tier}", ""]
        for number, question in enumerate(questions, start=1):
            lines += [f"### {number}. {one_line(question.prompt)}", ""]
            if "\n" in question.prompt.strip():
                lines += [question.prompt.strip(), ""]
            lines += ["**Model answer**", "", question.answer.strip(), ""]
            lines += ["**Key points**", ""] + [f"- {point}" for point in question.key_points] + [""]
            if question.senior_angle:
                lines += ["**Senior angle**", "", question.senior_angle.strip(), ""]
    if topic.cards:
        lines += ["## Flash cards", ""]
        for card in topic.cards:
            lines += [f"**Q:** {card.front.strip()}", "", f"**A:** {card.back.strip()}", "", "---", ""]
    if topic.references:
        lines += ["## References", ""] + [f"- {reference}" for reference in topic.references] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def one_line(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if first == text.strip() else first + " ..."


def write_markdown(topics: Iterable[Topic], out_dir: Path) -> list[Path]:
    """Write `<topic-id>.md` files into `out_dir`; returns the files written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"{out_dir} is a file; --format markdown writes a folder of files")
    written = []
    for topic in topics:
        path = out_dir / f"{topic.id}.md"
        with atomic_output(path) as handle:
            handle.write(topic_markdown(topic))
        written.append(path)
    return written
