"""Home: every topic with what is due, what is new and how far each tier has got.

The topic table is an OptionList of pre-aligned rows under a header line: it
draws far faster than a DataTable, which matters because this is the screen
every start waits for.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from interview_lab.content.model import TIERS, Topic
from interview_lab.review.types import TopicCounts
from interview_lab.tui.screens.base import BaseScreen
from interview_lab.tui.text import TIER_LABELS, TIER_STYLES, clip, literal

# Widths of the fixed columns (a two-space gap follows each column).
NUMBER_WIDTH = 4
TIER_WIDTHS = {"beginner": 9, "intermediate": 12, "expert": 9}
GAP = "  "
# Everything on a row but the topic and track columns (the last gap may be cut),
# plus the table's border (2), padding (2), margins (2) and a scroll bar (2).
OTHER_COLUMNS = 2 * (NUMBER_WIDTH + len(GAP)) + sum(w + len(GAP) for w in TIER_WIDTHS.values()) - len(GAP) + 8
MIN_TOPIC_WIDTH = 16
BAR_WIDTH = 4


def fit(text: str, width: int) -> str:
    """`text` cut with an ellipsis or padded to exactly `width` cells."""
    return clip(text, width).ljust(width)


def tier_progress(seen: int, total: int, tier: str) -> Content:
    """`seen/total` with a small bar, e.g. `██░░ 2/5`, padded to the tier column."""
    width = TIER_WIDTHS[tier]
    if total == 0:
        return literal(fit("—", width), "$text-muted")
    filled = round(BAR_WIDTH * seen / total)
    label = f" {seen}/{total}"
    return Content.assemble(
        ("█" * filled, TIER_STYLES[tier]),
        ("░" * (BAR_WIDTH - filled), "$text-muted"),
        fit(label, width - BAR_WIDTH),
    )


class HomeScreen(BaseScreen):
    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        # Escape goes back everywhere else; pressed a few times too many, it must not quit the app.
        Binding("escape", "hint_quit", "Quit", show=False),
        Binding("r", "app.review_due", "Review due"),
        Binding("s", "app.stats", "Stats"),
    ]

    _layout: tuple[bool, int] | None = None
    _counted = False

    def compose(self) -> ComposeResult:
        yield Static(id="home-title", classes="title-bar-line")
        problems = len(self.lab.deck.problems)
        if problems:
            noun = "problem" if problems == 1 else "problems"
            yield Static(
                literal(f"⚠ {problems} {noun} in your decks: interview-lab check shows them. The valid topics still open."),
                id="problems-notice",
            )
        if not self.lab.deck.topics:
            yield Static(literal("No topics loaded. Add a deck with --content DIR."), id="empty-notice")
        with Vertical(id="topics-box"):
            yield Static(id="topics-header")
            yield OptionList(id="topics")
        yield Static(
            Content.assemble(
                ("enter", "bold"), " open a topic  ", ("r", "bold"), " review everything due  ",
                ("/", "bold"), " search  ", ("s", "bold"), " stats  ", ("?", "bold"), " all keys",
            ),
            id="home-hint",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_counts()
        self.query_one("#topics", OptionList).focus()

    def on_screen_resume(self) -> None:
        # The first resume comes with the mount, already counted.
        if self._counted:
            self.refresh_counts()
        self._counted = True

    def on_resize(self) -> None:
        if self._layout != self._fit():
            self.refresh_counts()

    def _fit(self) -> tuple[bool, int]:
        """(show the track column, topic column width) for the terminal width; 80 columns must fit."""
        topics = self.lab.deck.topics
        longest_title = max((len(t.title) for t in topics), default=5)
        longest_track = max((len(t.track) for t in topics), default=5)
        room = self.app.size.width - OTHER_COLUMNS
        if longest_title + longest_track + 2 * len(GAP) <= room:
            return True, longest_title
        return False, max(MIN_TOPIC_WIDTH, min(longest_title, room - len(GAP)))

    def refresh_counts(self) -> None:
        """Fill the table from the progress store (after every study session too)."""
        self._layout = show_track, topic_width = self._fit()
        track_width = max((len(t.track) for t in self.lab.deck.topics), default=5)
        header: list[Content | tuple[str, str]] = [(fit("Topic", topic_width) + GAP, "bold")]
        if show_track:
            header.append((fit("Track", track_width) + GAP, "bold"))
        header += [(fit("Due", NUMBER_WIDTH) + GAP, "bold"), (fit("New", NUMBER_WIDTH) + GAP, "bold")]
        header += [(fit(TIER_LABELS[t], TIER_WIDTHS[t]) + GAP, f"bold {TIER_STYLES[t]}") for t in TIERS]
        self.query_one("#topics-header", Static).update(Content.assemble(*header))

        options = self.query_one("#topics", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        now = self.lab.now()
        unseen = 0
        for topic in sorted(self.lab.deck.topics, key=lambda t: (t.order, t.title)):
            counts = self.lab.progress.counts(topic.id, now=now)
            unseen += counts.new
            options.add_option(Option(self._row(topic, counts, show_track, topic_width, track_width), id=topic.id))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

        progress = self.lab.progress
        due_ids = progress.due_ids(now=now)
        fresh = min(unseen, progress.new_remaining(now=now))  # what `r` takes after the reviews
        reviews = len(due_ids) - fresh
        self.query_one("#home-title", Static).update(
            Content.assemble(
                ("interview-lab", "bold"), "  /  Topics   ",
                (f"{len(due_ids)} to study now", "bold $accent" if due_ids else "$text-muted"),
                (f": {reviews} due + {fresh} new ({progress.new_per_day} new a day)", "$text-muted"),
            )
        )

    @staticmethod
    def _row(topic: Topic, counts: TopicCounts, show_track: bool, topic_width: int, track_width: int) -> Content:
        parts: list[Content] = [literal(fit(topic.title, topic_width) + GAP, "bold")]
        if show_track:
            parts.append(literal(fit(topic.track, track_width) + GAP, "$text-muted"))
        # Reviews due in this topic; new items share one daily allowance, shown in the title.
        due = counts.review_due
        parts.append(literal(fit(str(due), NUMBER_WIDTH) + GAP, "bold $accent" if due else "$text-muted"))
        parts.append(literal(fit(str(counts.new), NUMBER_WIDTH) + GAP, "$text-muted"))
        for tier in TIERS:
            seen, total = counts.tiers.get(tier, (0, 0))
            parts += [tier_progress(seen, total, tier), Content(GAP)]
        return Content.assemble(*parts)

    def action_hint_quit(self) -> None:
        self.notify("Press q to quit.", timeout=2)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.lab.open_topic(event.option.id)
