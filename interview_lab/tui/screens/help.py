"""Every key the app accepts, screen by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from interview_lab.tui.text import literal

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("?", "this help"),
            ("/", "search topics, questions and cards"),
            ("q / esc", "back (quit on the home screen)"),
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
            ("space (on key points)", "tick or untick a key point you covered"),
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
            ("ctrl+s / esc (in the run editor)", "save / cancel"),
        ),
    ),
    (
        "Drills",
        (
            ("shift+↑ shift+↓ (or K J)", "reorder drill: move the selected step"),
            ("s", "reorder drill: submit the order"),
            ("↑ ↓ / enter", "failure and concept drills: choose an answer"),
            ("f", "failure drill: apply the fix and rerun"),
            ("l", "open the drill's setup in the Lab"),
        ),
    ),
    (
        "Stats",
        (("enter (in the date field)", "set the interview date; the recall table predicts that day"),),
    ),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(literal("Keys", "bold $accent"), classes="section-title")
            for section, keys in KEYS:
                yield Static(literal(section, "bold"), classes="help-section")
                for key, what in keys:
                    yield Static(Content.assemble((f"{key:>24}", "bold $accent"), "  ", what), classes="help-row")
            yield Static(literal("Every key also has a mouse equivalent: click tabs, buttons and list items.", "$text-muted"))
            yield Static(literal("esc or ? closes this help", "italic $text-muted"), classes="help-close")
