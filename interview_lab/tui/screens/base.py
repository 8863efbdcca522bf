"""What every screen shares: a title bar, the footer and the keys that work everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.binding import Binding
from textual.screen import Screen

if TYPE_CHECKING:
    from interview_lab.tui.app import InterviewLabApp


# The folder of the .tcss files (absolute, so it works from any module).
STYLES = Path(__file__).resolve().parent.parent


class BaseScreen(Screen):
    BINDINGS = [
        Binding("q", "back", "Back"),
        Binding("escape", "back", "Back", show=False),
        Binding("slash", "app.search", "Search"),
        Binding("question_mark", "app.help", "Help"),
    ]

    @property
    def lab(self) -> InterviewLabApp:
        """The app, typed."""
        return cast("InterviewLabApp", self.app)

    def action_back(self) -> None:
        self.dismiss()
