"""The four grade buttons, each showing the interval it would give (as Anki does)."""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button

from interview_lab.tui.text import GRADE_NAMES, format_interval

GRADE_VARIANTS = {1: "error", 2: "warning", 3: "success", 4: "primary"}


class GradeBar(Horizontal):
    class Graded(Message):
        def __init__(self, grade: int) -> None:
            super().__init__()
            self.grade = grade

    def compose(self) -> ComposeResult:
        for grade, name in GRADE_NAMES.items():
            yield Button(self._label(grade, None), id=f"grade-{grade}", classes="grade")

    @staticmethod
    def _label(grade: int, interval: timedelta | None, proposed: bool = False) -> Content:
        parts: list[str | tuple[str, str]] = [(f"{grade}", "bold"), f" {GRADE_NAMES[grade]}"]
        if interval is not None:
            parts.append((f" · {format_interval(interval)}", "italic"))
        if proposed:
            parts.append(("  ◆", "bold"))
        return Content.assemble(*parts)

    def show(self, intervals: dict[int, timedelta] | None, proposed: int | None = None) -> None:
        """Label each button with its interval (None in cram) and mark the proposed grade."""
        for grade in GRADE_NAMES:
            button = self.query_one(f"#grade-{grade}", Button)
            interval = intervals.get(grade) if intervals else None
            button.label = self._label(grade, interval, proposed == grade)
            button.variant = GRADE_VARIANTS[grade] if proposed in (None, grade) else "default"
            button.set_class(proposed == grade, "proposed")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("grade-"):
            self.post_message(self.Graded(int(event.button.id.removeprefix("grade-"))))
