"""A one-line title bar: where the learner is, and a short status on the right."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from interview_lab.tui.text import literal


class TitleBar(Horizontal):
    """`title` and `status` are shown literally (they may come from content)."""

    def __init__(self, title: str | Content, status: str | Content = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="title-bar")
        self._title = title
        self._status = status

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("interview-lab", "bold"), "  /  ", self._as_content(self._title)), classes="title")
        yield Static(self._as_content(self._status), classes="status")

    @staticmethod
    def _as_content(text: str | Content) -> Content:
        return text if isinstance(text, Content) else literal(text)

    def set_status(self, status: str | Content) -> None:
        self._status = status
        self.query_one(".status", Static).update(self._as_content(status))
