"""Shown instead of the app while the terminal is smaller than the layout needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from interview_lab.tui.screens.base import STYLES
from interview_lab.tui.text import literal


class TooSmallScreen(Screen):
    CSS_PATH = STYLES / "dialogs.tcss"
    BINDINGS = [Binding("q", "app.quit", "Quit"), Binding("ctrl+c", "app.quit", "Quit", show=False)]

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width = min_width
        self.min_height = min_height

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(
                    literal(f"The terminal is too small.\nPlease make it at least {self.min_width}×{self.min_height}."),
                    id="too-small-notice",
                )

    def on_screen_resume(self) -> None:
        # Back on top after the terminal grew (a screen above it closed): nothing to warn about.
        if self.app.size.width >= self.min_width and self.app.size.height >= self.min_height:
            self.call_after_refresh(self.dismiss)
