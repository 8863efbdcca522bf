"""Every key the app accepts, screen by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from interview_lab.tui.screens.base import STYLES
from interview_lab.tui.text import literal

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("?", "this help"),
            ("/", "search topics, questions and cards"),
            ("q", "back (quit on the home screen)"),
            ("esc", "back (on the home screen it never quits)"),
            ("ctrl+p", "command palette: review due, search, stats, keys, theme"),
            ("tab / shift+tab", "move between buttons, lists and text fields"),
            ("ctrl+c", "quit at once"),
        ),
    ),
    (
        "Home",
        (
            ("↑ ↓ / enter", "choose and open a topic"),
            ("r", "review everything due across topics (new items up to today's limit included)"),
            ("s", "stats: reviews, forecast, retention, interview-day recall"),
        ),
    ),
    (
        "Topic",
        (
            ("t i f l d", "Theory, Interview, Flash cards, Lab, Drills tabs"),
            ("← →", "previous or next tab (when the tabs have focus)"),
            ("enter", "open the highlighted question / study the due cards"),
            ("c", "cram every card of the topic (schedule unchanged)"),
            ("e", "open the highlighted question's experiment in the Lab"),
        ),
    ),
    (
        "Studying a card or question",
        (
            ("space", "flip the card / reveal the model answer"),
            ("tab, esc", "type a draft answer / leave the draft"),
            ("↑ ↓ space", "move over the key points, tick or untick one you covered"),
            ("pgup pgdn", "scroll the model answer"),
            ("1 2 3 4", "grade again, hard, good, easy (each shows its next interval)"),
            ("u", "undo the last grade (schedule and log go back exactly)"),
            ("e", "open the item's experiment in the Lab"),
            ("enter", "leave the session summary"),
        ),
    ),
    (
        "Lab",
        (
            ("r", "run or pause the simulation"),
            ("n", "advance one step"),
            ("0", "reset to step 0"),
            ("a / e / x", "add, edit or remove the selected run"),
            ("s", "learning-rate sweep of the selected run (final loss against lr)"),
            ("p", "next plot: loss, 2-D path, effective learning rates"),
            ("v", "show or hide the setup panel"),
            ("ctrl+s / esc", "in the run editor: save / cancel"),
        ),
    ),
    (
        "Drills",
        (
            ("shift+↑ shift+↓", "reorder drill: move the selected step (also K and J)"),
            ("s", "reorder drill: submit the order"),
            ("↑ ↓ / enter", "failure and concept drills: choose an answer"),
            ("f", "failure drill: apply the fix and rerun"),
            ("p", "failure and concept drills: next plot"),
            ("l", "open the drill's setup in the Lab"),
        ),
    ),
    (
        "Search",
        (
            ("type", "every word must match a topic, question or card"),
            ("↓ / enter", "go to the results / open the highlighted one (enter in the field opens the first)"),
            ("esc", "close the search"),
        ),
    ),
    (
        "Stats",
        (
            ("d", "edit the interview date"),
            ("enter", "in the date field: set the date; the recall table predicts that day"),
        ),
    ),
)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = STYLES / "dialogs.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(literal("Keys", "bold $accent"), classes="section-title")
            for section, keys in KEYS:
                yield Static(literal(section, "bold"), classes="help-section")
                for key, what in keys:
                    with Horizontal(classes="help-row"):
                        yield Static(literal(key, "bold $accent"), classes="help-key")
                        yield Static(literal(what), classes="help-what")
            yield Static(literal("Every key also has a mouse equivalent: click tabs, buttons and list items.", "$text-muted"))
            yield Static(literal("esc or ? closes this help", "italic $text-muted"), classes="help-close")
        yield Footer()
