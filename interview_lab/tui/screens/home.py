"""Home: every topic with what is due, what is new and how far each tier has got."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Footer, Static

from interview_lab.content.model import TIERS
from interview_lab.tui.screens.base import BaseScreen
from rich.text import Text

from interview_lab.tui.text import TIER_CELL_STYLES, TIER_LABELS, cell, literal
from interview_lab.tui.widgets.title_bar import TitleBar


# Columns taken by everything but the topic and track columns: due, new, the three
# tiers, cell padding, the table's border and margins, and a scroll bar.
OTHER_COLUMNS = 50
MIN_TOPIC_WIDTH = 16


class HomeScreen(BaseScreen):
    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "app.quit", "Quit", show=False),
        Binding("r", "app.review_due", "Review due"),
        Binding("s", "app.stats", "Stats"),
        Binding("enter", "open_topic", "Open topic", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar("Topics", id="home-title")
        problems = len(self.lab.deck.problems)
        if problems:
            noun = "problem" if problems == 1 else "problems"
            yield Static(
                literal(f"⚠ {problems} {noun} in your decks: interview-lab check shows them. The valid topics still open."),
                id="problems-notice",
            )
        if not self.lab.deck.topics:
            yield Static(literal("No topics loaded. Add a deck with --content DIR."), id="empty-notice")
        table: DataTable[Text] = DataTable(id="topics", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(
            Content.assemble(
                ("enter", "bold"), " open a topic   ", ("r", "bold"), " review everything due   ",
                ("/", "bold"), " search   ", ("s", "bold"), " stats   ", ("?", "bold"), " all keys",
            ),
            id="home-hint",
        )
        yield Footer()

    _layout: tuple[bool, int] | None = None

    def on_mount(self) -> None:
        self.refresh_counts()
        self.query_one("#topics", DataTable).focus()

    def on_resize(self) -> None:
        if self._layout != self._fit():
            self.refresh_counts()

    def _fit(self) -> tuple[bool, int]:
        """(show the track column, topic column width) for the terminal width; 80 columns must fit."""
        topics = self.lab.deck.topics
        longest_title = max((len(t.title) for t in topics), default=5)
        longest_track = max((len(t.track) for t in topics), default=5)
        room = self.app.size.width - OTHER_COLUMNS
        if longest_title + longest_track + 4 <= room:
            return True, longest_title
        return False, max(MIN_TOPIC_WIDTH, min(longest_title, room - 2))

    def _build_columns(self, table: DataTable[Text]) -> None:
        table.clear(columns=True)
        self._layout = show_track, topic_width = self._fit()
        table.add_column(cell("Topic"), key="topic", width=topic_width)
        if show_track:
            table.add_column(cell("Track"), key="track")
        table.add_column(cell("Due"), key="due")
        table.add_column(cell("New"), key="new")
        for tier in TIERS:
            table.add_column(cell(TIER_LABELS[tier], f"bold {TIER_CELL_STYLES[tier]}"), key=tier)

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Fill the table from the progress store (after every study session too)."""
        table = self.query_one("#topics", DataTable)
        cursor = table.cursor_row
        if self._layout != self._fit() or not table.columns:
            self._build_columns(table)
        else:
            table.clear()
        now = self.lab.now()
        total_due = 0
        for topic in sorted(self.lab.deck.topics, key=lambda t: (t.order, t.title)):
            counts = self.lab.progress.counts(topic.id, now=now)
            total_due += counts.review_due
            cells = [cell(topic.title, "bold")]
            if self._layout and self._layout[0]:
                cells.append(cell(topic.track, "dim"))
            cells += [cell(str(counts.due), "bold" if counts.due else "dim"), cell(str(counts.new), "dim")]
            for tier in TIERS:
                seen, total = counts.tiers.get(tier, (0, 0))
                cells.append(tier_progress(seen, total, tier))
            table.add_row(*cells, key=topic.id)
        if self.lab.deck.topics:
            table.move_cursor(row=min(max(cursor, 0), len(self.lab.deck.topics) - 1))
        due_now = len(self.lab.progress.due_ids(now=now))
        topics = len(self.lab.deck.topics)
        self.query_one(TitleBar).set_status(
            literal(f"{topics} topic{'s' if topics != 1 else ''} · {due_now} to study now", "$text-muted")
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.lab.open_topic(event.row_key.value)

    def action_open_topic(self) -> None:
        table = self.query_one("#topics", DataTable)
        if table.row_count:
            row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
            if row_key.value is not None:
                self.lab.open_topic(row_key.value)


def tier_progress(seen: int, total: int, tier: str) -> Text:
    """`seen/total` with a small bar, e.g. `██░░ 2/5`."""
    if total == 0:
        return cell("—", "dim")
    width = 4
    filled = round(width * seen / total)
    return Text.assemble(("█" * filled, TIER_CELL_STYLES[tier]), ("░" * (width - filled), "dim"), f" {seen}/{total}")
