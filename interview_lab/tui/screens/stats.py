"""Stats: reviews per day, the due forecast, retention, and recall on the interview day.

plotext (through textual-plotext) is imported here only, when the screen is
first opened, so starting the app never pays for it.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Input, Static

from interview_lab.content.model import TIERS
from interview_lab.review.types import CARDS_GROUP
from interview_lab.tui.screens.base import STYLES, BaseScreen
from interview_lab.tui.text import TIER_CELL_STYLES, TIER_LABELS, cell, clip, literal, percent
from interview_lab.tui.widgets.title_bar import TitleBar

GROUPS = (*TIERS, CARDS_GROUP)
GROUP_LABELS = {**TIER_LABELS, CARDS_GROUP: "Cards"}
# Cells a table spends besides its Topic column: body padding, the scrollbar, and one cell each side of a column.
TABLE_MARGIN = 2 + 2
CELL_PADDING = 2
MIN_TOPIC_WIDTH = 16
TOPIC_LABEL_WIDTH = 28  # topic names beside the retention bars
BAR_WIDTH = 50


class StatsScreen(BaseScreen):
    CSS_PATH = STYLES / "stats.tcss"
    BINDINGS = [
        Binding("d", "edit_interview_date", "Interview date"),
        Binding("escape", "leave_date_or_back", "Back", show=False),
    ]
    # What the tables last showed, kept so a resize redraws them without asking the database again.
    _stats = None
    _recall: tuple[date, dict] | None = None

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield TitleBar("Stats")
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-figures")
            with Horizontal(classes="plots"):
                yield PlotextPlot(id="reviews-plot", classes="plot")
                yield PlotextPlot(id="forecast-plot", classes="plot")
            yield Static(literal("Retention (share of reviews not graded again)", "bold $accent"), classes="section-title")
            yield PlotextPlot(id="retention-plot", classes="plot short")
            yield Static(id="retention-tiers")
            yield Static(id="retention-topic-chart")
            yield DataTable(id="retention-table", cursor_type="none", zebra_stripes=True)
            yield Static(literal("Interview day", "bold $accent"), classes="section-title")
            with Horizontal(id="interview-date-row"):
                yield Static(literal("Interview date (YYYY-MM-DD, d to edit), enter to set:"), classes="label")
                yield Input(placeholder="YYYY-MM-DD", id="interview-date", max_length=10)
            yield Static(id="recall-note")
            yield DataTable(id="recall-table", cursor_type="none", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.can_focus = False  # nothing to select; tab goes straight to the date
        stored = self.lab.progress.get_setting("interview_date")
        if stored:
            self.query_one("#interview-date", Input).value = str(stored)
        self.refresh_stats()

    def refresh_stats(self) -> None:
        progress = self.lab.progress
        now = self.lab.now()
        stats = progress.stats(now=now)
        self.query_one("#stats-figures", Static).update(
            Content.assemble(
                ("Reviews ", "$text-muted"), (str(stats.total_reviews), "bold"),
                ("   Items seen ", "$text-muted"), (str(stats.items_seen), "bold"),
                ("   To study now ", "$text-muted"), (str(stats.due_now), "bold $accent"),
            )
        )
        self._bar_plot("#reviews-plot", "Reviews per day (last 4 weeks)", "days ago",
                       [-(len(stats.reviews_per_day) - 1 - i) for i in range(len(stats.reviews_per_day))],
                       [count for _, count in stats.reviews_per_day])
        self._bar_plot("#forecast-plot", "Due per day (next 4 weeks)", "days from today",
                       list(range(len(stats.forecast))), [count for _, count in stats.forecast])

        self._retention_plot(stats.retention_by_tier)
        self.query_one("#retention-tiers", Static).update(
            Content.assemble(
                ("By tier: ", "$text-muted"),
                *(part for g in GROUPS for part in ((f"{GROUP_LABELS[g]} ", ""), (f"{percent(stats.retention_by_tier.get(g))}   ", "bold"))),
            )
        )
        self._stats = stats
        self._fill_topic_tables()
        self.refresh_recall()

    def on_resize(self) -> None:
        # Topic titles are cut to the width, so the tables never scroll sideways.
        if self._stats is not None:
            self._fill_topic_tables()
            self._fill_recall_table()

    def _fill_topic_tables(self) -> None:
        self._fill_retention_table()
        self._fill_topic_retention_chart(self._stats.retention_by_topic)

    def _topic_width(self, other_labels: list[str]) -> int:
        """The Topic column's width: the longest title, or what the screen leaves for it."""
        others = sum(len(label) + CELL_PADDING for label in other_labels)
        room = max(MIN_TOPIC_WIDTH, self.size.width - TABLE_MARGIN - CELL_PADDING - others)
        return min(room, max([len("Topic"), *(len(topic.title) for topic in self.lab.deck.topics)]))

    def _fill_retention_table(self) -> None:
        stats = self._stats
        retention = self.query_one("#retention-table", DataTable)
        retention.clear(columns=True)
        width = self._topic_width(["Retention", "Reviews", "Drills"])
        retention.add_column(cell("Topic"), width=width)
        retention.add_column(cell("Retention"))
        retention.add_column(cell("Reviews"))
        retention.add_column(cell("Drills"))
        for topic in self.lab.deck.topics:
            attempts, correct = stats.drills_by_topic.get(topic.id, (0, 0))
            retention.add_row(
                cell(clip(topic.title, width)),
                cell(percent(stats.retention_by_topic.get(topic.id))),
                cell(str(stats.reviews_by_topic.get(topic.id, 0))),
                cell(f"{correct}/{attempts}" if attempts else "-"),  # right answers of attempts
            )

    def _bar_plot(self, selector: str, title: str, xlabel: str, xs: list[int], ys: list[int]) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one(selector, PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar(xs, ys, width=0.6)
        # Weekly ticks, fixed: plotext's automatic ticks vary with the width at first draw.
        plt.xticks([x for x in xs if (x - xs[-1]) % 7 == 0 or x == xs[0]])
        plt.title(title)
        plt.xlabel(xlabel)
        top = max([*ys, 1])
        step = max(1, -(-top // 4))  # at most about five whole-number ticks
        plt.yticks(list(range(0, top + step, step)))
        plt.ylim(0, top + step / 2)
        plot.refresh()

    def _retention_plot(self, by_group: dict[str, float | None]) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one("#retention-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        labels = [GROUP_LABELS[g] for g in GROUPS]
        shares = [by_group.get(g) for g in GROUPS]
        plt.bar(labels, [0 if share is None else round(share * 100) for share in shares], width=0.4)
        plt.title("Retention by tier, % (no bar: not reviewed yet)")
        plt.yticks([0, 25, 50, 75, 100])
        plt.ylim(0, 105)
        plot.refresh()

    def _fill_topic_retention_chart(self, by_topic: dict[str, float | None]) -> None:
        """One bar a topic, drawn with block characters: exact rows, whatever the number of topics."""
        width = max(10, min(BAR_WIDTH, self.size.width - TOPIC_LABEL_WIDTH - 12))
        rows: list[Content] = [literal("Retention by topic (no bar: not reviewed yet)", "bold"), Content("\n")]
        for topic in self.lab.deck.topics:
            share = by_topic.get(topic.id)
            filled = 0 if share is None else round(share * width)
            rows += [
                literal(clip(topic.title, TOPIC_LABEL_WIDTH).ljust(TOPIC_LABEL_WIDTH) + " "),
                literal("█" * filled, "$accent"), literal("░" * (width - filled), "$text-muted"),
                literal(f" {percent(share):>4}\n"),
            ]
        self.query_one("#retention-topic-chart", Static).update(Content.assemble(*rows))

    def refresh_recall(self) -> None:
        """Predict recall on the stored interview date (if any) and show it."""
        stored = self.lab.progress.get_setting("interview_date")
        target = parse_date(str(stored)) if stored else None
        self._recall = (target, self.lab.progress.recall_on(target, now=self.lab.now())) if target else None
        self._fill_recall_table()

    def _fill_recall_table(self) -> None:
        table = self.query_one("#recall-table", DataTable)
        table.clear(columns=True)
        note = self.query_one("#recall-note", Static)
        if self._recall is None:
            note.update(literal("Set your interview date to see the predicted recall of each topic and tier on that day.", "$text-muted"))
            table.display = False
            return
        table.display = True
        target, recall = self._recall
        days = (target - self.lab.progress.today(now=self.lab.now())).days
        when = "today" if days == 0 else (f"in {days} days" if days > 0 else f"{-days} days ago")
        note.update(Content.assemble("Predicted recall on ", (target.isoformat(), "bold"), f" ({when}); items not studied yet count as 0%, - marks a group not started"))
        width = self._topic_width([GROUP_LABELS[group] for group in GROUPS])
        table.add_column(cell("Topic"), width=width)
        for group in GROUPS:
            table.add_column(cell(GROUP_LABELS[group], f"bold {TIER_CELL_STYLES[group]}"))
        for topic in self.lab.deck.topics:
            cells = [cell(clip(topic.title, width))]
            for group in GROUPS:
                value = recall.get((topic.id, group))
                style = "dim" if value is None else ("green" if value >= 0.9 else "yellow" if value >= 0.7 else "red")
                cells.append(cell(percent(value), style))
            table.add_row(*cells)

    def action_leave_date_or_back(self) -> None:
        if isinstance(self.focused, Input):
            self.set_focus(None)  # esc leaves the field, as in the study screen's draft
        else:
            self.dismiss()

    def action_edit_interview_date(self) -> None:
        date_input = self.query_one("#interview-date", Input)
        date_input.focus()
        date_input.scroll_visible(animate=False)

    @on(Input.Submitted, "#interview-date")
    def _set_interview_date(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.lab.progress.set_setting("interview_date", None)
            self.refresh_recall()
            return
        target = parse_date(text)
        if target is None:
            self.notify(f"Not a date: {text!r}. Use YYYY-MM-DD.", severity="error", markup=False)
            return
        self.lab.progress.set_setting("interview_date", target.isoformat())
        self.refresh_recall()
        self.notify(f"Interview date set to {target.isoformat()}.", markup=False)


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None
