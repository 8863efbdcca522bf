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


class CompactLayout:
    """For a screen with a roomy layout and a compact one (one plot at a time) below a size.

    The screen carries the class `-compact` while the terminal is smaller
    than COMPACT_WIDTH x COMPACT_HEIGHT; its .tcss rules do the rest.
    """

    COMPACT_WIDTH = 140
    COMPACT_HEIGHT = 36

    @property
    def compact(self) -> bool:
        return cast(Screen, self).has_class("-compact")

    def update_compact(self) -> None:
        """Switch the layout to fit the terminal; key bindings change with it."""
        screen = cast(Screen, self)
        width, height = screen.app.size
        compact = width < self.COMPACT_WIDTH or height < self.COMPACT_HEIGHT
        if compact != self.compact:
            screen.set_class(compact, "-compact")
            screen.refresh_bindings()
