"""Search across topic titles, interview questions and flash cards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from interview_lab.content.model import Deck
from interview_lab.tui.screens.base import STYLES
from interview_lab.tui.text import TIER_LABELS, hanging_row, literal

if TYPE_CHECKING:
    from interview_lab.tui.app import InterviewLabApp

MAX_RESULTS = 50


@dataclass(frozen=True)
class Hit:
    kind: str  # "topic" | "question" | "card"
    topic_id: str
    item_id: str
    text: str
    where: str


def search_deck(deck: Deck, query: str) -> list[Hit]:
    """Items whose text holds every word of the query (case-insensitive), topics first."""
    words = query.casefold().split()
    if not words:
        return []

    def matches(*texts: str) -> bool:
        haystack = " ".join(texts).casefold()
        return all(word in haystack for word in words)

    hits: list[Hit] = []
    for topic in deck.topics:
        if matches(topic.title, topic.summary):
            hits.append(Hit("topic", topic.id, topic.id, topic.title, topic.summary))
    for topic in deck.topics:
        for question in topic.questions:
            if matches(question.prompt):
                hits.append(Hit("question", topic.id, question.id, question.prompt, f"{topic.title} · {TIER_LABELS[question.tier]}"))
        for card in topic.cards:
            if matches(card.front, card.back):
                hits.append(Hit("card", topic.id, card.id, card.front, f"{topic.title} · card"))
    return hits


def hit_row(hit: Hit) -> Table:
    """The kind in its own column, so a long text wraps under itself. Content text is plain Text, never markup."""
    return hanging_row(Text(hit.kind, style="dim"), Text.assemble((hit.text, "bold"), "\n", (hit.where, "italic dim")), 8)


class SearchScreen(ModalScreen[None]):
    CSS_PATH = STYLES / "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Static(literal("Search topics, questions and cards", "bold $accent"))
            yield Input(placeholder="words to find…", id="search-input")
            yield OptionList(id="search-results")
            yield Static(
                Content.assemble(("↓", "bold"), " to the results   ", ("enter", "bold"), " open   ", ("esc", "bold"), " close"),
                classes="pane-hint",
            )
        yield Footer()

    @property
    def lab(self) -> InterviewLabApp:
        return cast("InterviewLabApp", self.app)

    def on_mount(self) -> None:
        self.hits: list[Hit] = []
        self.query_one("#search-input", Input).focus()

    @on(Input.Changed, "#search-input")
    def _search(self, event: Input.Changed) -> None:
        self.hits = search_deck(self.lab.deck, event.value)[:MAX_RESULTS]
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        for index, hit in enumerate(self.hits):
            results.add_option(Option(hit_row(hit), id=str(index)))
        if event.value.strip() and not self.hits:
            results.add_option(Option(literal("Nothing matches."), disabled=True))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        if self.hits:
            self._open(self.hits[0])

    def on_key(self, event) -> None:
        if event.key == "down" and isinstance(self.focused, Input) and self.hits:
            results = self.query_one("#search-results", OptionList)
            results.focus()
            results.highlighted = 0
            event.stop()

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._open(self.hits[int(event.option.id)])

    def _open(self, hit: Hit) -> None:
        self.dismiss()
        if hit.kind == "topic":
            self.lab.open_topic(hit.topic_id)
            return
        item = self.lab.deck.item(hit.item_id)
        if item is not None:
            self.lab.study([item], title="Search result")
