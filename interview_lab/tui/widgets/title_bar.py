"""A one-line title bar: where the learner is, and a short status on the right.

Both parts may be long (an experiment's or a drill's title comes from
content). The breadcrumb "interview-lab  /" always shows; the title is cut
with an ellipsis first, then the status, so neither ever overwrites the
other.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from interview_lab.tui.text import literal

CRUMB = "interview-lab  /  "
TITLE_ROOM = 12  # cells of the title kept when the status is long: enough to recognise it
GAP = 2  # cells between the title and the status


class TitleBar(Horizontal):
    """`title` and `status` are shown literally (they may come from content)."""

    def __init__(self, title: str | Content, status: str | Content = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="title-bar")
        self._title = title
        self._status = status

    def compose(self) -> ComposeResult:
        title = Static(Content.assemble(("interview-lab", "bold"), "  /  ", self._as_content(self._title)), classes="title")
        status = Static(self._as_content(self._status), classes="status")
        yield title
        yield status

    def on_mount(self) -> None:
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    @staticmethod
    def _as_content(text: str | Content) -> Content:
        return text if isinstance(text, Content) else literal(text)

    def set_status(self, status: str | Content) -> None:
        self._status = status
        self.query_one(".status", Static).update(self._as_content(status))
        self.fit()

    def fit(self) -> None:
        """Share the width: the status gets its length unless that would leave the title less than
        TITLE_ROOM cells (then both are cut with an ellipsis); the title takes the rest."""
        width = self.content_region.width or self.size.width
        if width <= 0:
            return
        title_length = len(CRUMB) + self._as_content(self._title).cell_length
        status_length = self._as_content(self._status).cell_length
        title_needs = min(title_length, len(CRUMB) + TITLE_ROOM)
        room = max(0, width - title_needs - GAP)
        status = self.query_one(".status", Static)
        status.styles.max_width = min(status_length, room) if status_length else 0
        status.styles.margin = (0, 0, 0, GAP if status_length else 0)
