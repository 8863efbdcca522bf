"""The Textual app: `run(args)` for the command line, `InterviewLabApp` for tests.

Only the home screen is imported at start; every other screen (and numpy or
plotext, which only the stats screen and the Lab need) is imported when the
learner first opens it, so the first screen appears quickly.
"""

from __future__ import annotations

import argparse
import time
from functools import partial
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from interview_lab.content.model import Card, Deck, Question

if TYPE_CHECKING:
    from interview_lab.review import Progress

# Below this the layout cannot hold a card and its buttons: show a notice instead.
MIN_WIDTH = 60
MIN_HEIGHT = 18


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class InterviewLabApp(App[int]):
    """Topics, interview questions, flash cards and stats over one deck and one progress store."""

    # Absolute, so subclasses defined elsewhere (tests, benchmarks) find it too.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "interview-lab"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        deck: Deck,
        progress: Progress,
        *,
        clock: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        data_dir: Path | None = None,
        content_options: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.deck = deck
        self.progress = progress
        # Where imports write decks and from where the deck is reloaded after one.
        self.data_dir = data_dir if data_dir is not None else Path(progress.db_path).parent
        self.content_options = list(content_options or [])
        self.clock = clock
        self.monotonic = monotonic
        # Which study session gave each grade, oldest first: `u` may only undo its own.
        self.grade_owners: list[Screen] = []

    # -- start ---------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        # Home is the base screen itself: no empty screen is composed first.
        from interview_lab.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        moved = self.progress.moved_aside
        if moved is not None:
            self.notify(
                f"Your progress database could not be read, so it was moved aside to {moved} "
                "and a new one was started.",
                title="Progress database replaced",
                severity="warning",
                timeout=30,
                markup=False,
            )
        self._check_size(self.size.width, self.size.height)

    def now(self) -> datetime:
        return self.clock()

    # -- size ------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        from interview_lab.tui.screens.too_small import TooSmallScreen

        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        if too_small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif not too_small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from interview_lab.tui.screens.too_small import TooSmallScreen

        # While the notice shows, nothing opens on top of it (it would hide the notice, and stay).
        if isinstance(self.screen, TooSmallScreen) and action != "quit":
            return False
        return super().check_action(action, parameters)

    # -- actions every screen can reach --------------------------------------------

    def action_help(self) -> None:
        from interview_lab.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        from interview_lab.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_stats(self) -> None:
        from interview_lab.tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_review_due(self) -> None:
        """Study everything due across topics (new items up to today's limit count as due)."""
        ids = self.progress.due_ids(now=self.now())
        items = [item for item in (self.deck.item(i) for i in ids) if item is not None]
        if not items:
            self.notify("Nothing is due right now. Come back later, or cram a topic's cards.")
            return
        self.study(items, title="Review due")

    def study(self, items: list[Question | Card], *, title: str, cram: bool = False) -> None:
        from interview_lab.tui.screens.study import StudyScreen

        self.push_screen(StudyScreen(items, title=title, cram=cram))

    def open_topic(self, topic_id: str, tab: str | None = None) -> None:
        from interview_lab.tui.screens.topic import TopicScreen

        topic = self.deck.topic(topic_id)
        if topic is not None:
            self.push_screen(TopicScreen(topic, tab=tab))

    def open_experiment(self, experiment_id: str) -> None:
        """Open an experiment in the Lab, set up and ready to run."""
        from interview_lab.tui.screens.lab import LabScreen  # numpy and plotext load only now

        experiment = self.deck.experiment(experiment_id)
        if experiment is None:
            self.notify(f"No experiment {experiment_id!r} in the deck.", title="Lab", severity="warning", markup=False)
            return
        self.push_screen(LabScreen(experiment))

    def action_open_lab(self) -> None:
        from interview_lab.tui.screens.lab import LabScreen

        self.push_screen(LabScreen())

    def action_transfer(self, key: str) -> None:
        from interview_lab.tui.screens.transfer import TransferScreen

        self.push_screen(TransferScreen(key))

    def reload_deck(self) -> None:
        """Load the decks again (after an import) and show the new topics."""
        from interview_lab.content import load_app_deck
        from interview_lab.tui.screens.home import HomeScreen

        self.deck = load_app_deck(self.content_options, self.data_dir)
        self.progress.use_deck(self.deck)
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_counts()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from interview_lab.tui.screens.transfer import TRANSFERS
        yield SystemCommand("Review due", "Study every due card and question across topics", self.action_review_due)
        yield SystemCommand("Search", "Search topics, questions and cards", self.action_search)
        yield SystemCommand("Open the Lab", "The optimizer simulator with live plots", self.action_open_lab)
        yield SystemCommand("Stats", "Reviews, forecast, retention and interview-day recall", self.action_stats)
        yield SystemCommand("Keys", "Every key the app accepts", self.action_help)
        for key, transfer in TRANSFERS.items():
            yield SystemCommand(transfer.title, transfer.help, partial(self.action_transfer, key))
        yield from super().get_system_commands(screen)


def run(args: argparse.Namespace) -> int:
    """Start the app on the decks and progress folder named by the command line."""
    from interview_lab import paths
    from interview_lab.content import load_app_deck
    from interview_lab.review import Progress

    data_dir = paths.data_dir(args.data_dir)
    deck = load_app_deck(args.content, data_dir)
    with Progress.open(data_dir, deck) as progress:
        InterviewLabApp(deck, progress, data_dir=data_dir, content_options=args.content).run()
    return 0
