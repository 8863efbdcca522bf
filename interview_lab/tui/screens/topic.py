"""Topic: Theory, Interview, Flash cards, Lab and Drills as tabs."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Markdown, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from interview_lab.content.model import TIERS, Question, Topic
from interview_lab.tui.screens.base import STYLES, BaseScreen
from interview_lab.tui.text import TIER_LABELS, TIER_STYLES, hanging_row, literal
from interview_lab.tui.widgets.title_bar import TitleBar

EMPTY_LAB = "-open-empty-lab"  # the Lab tab's last entry, not an experiment id

TABS = ("theory", "interview", "cards", "lab", "drills")


class TopicScreen(BaseScreen):
    CSS_PATH = STYLES / "topic.tcss"
    BINDINGS = [
        Binding("t", "tab('theory')", "Theory"),
        Binding("i", "tab('interview')", "Interview"),
        Binding("f", "tab('cards')", "Cards"),
        Binding("l", "tab('lab')", "Lab", show=False),
        Binding("d", "tab('drills')", "Drills", show=False),
        Binding("c", "cram", "Cram"),
        Binding("enter", "study_due", "Study due", show=False),
        Binding("e", "experiment", "Lab", show=False),
    ]

    def __init__(self, topic: Topic, tab: str | None = None) -> None:
        super().__init__()
        self.topic = topic
        self._initial_tab = tab if tab in TABS else "theory"

    def compose(self) -> ComposeResult:
        yield TitleBar(self.topic.title)
        with TabbedContent(initial=self._initial_tab, id="topic-tabs"):
            with TabPane("Theory", id="theory"):
                with VerticalScroll(classes="reading"):
                    yield Static(literal(self.topic.summary, "italic $text-muted"), classes="summary")
                    yield Markdown(self.topic.theory, open_links=False, id="theory-text")
                    if self.topic.references:
                        yield Static(literal("References", "bold"), classes="section-title")
                        for reference in self.topic.references:
                            yield Static(literal(f"• {reference}"), classes="reference")
            with TabPane("Interview", id="interview"):
                yield Static(
                    Content.assemble(
                        ("enter", "bold"), " opens a question: draft an answer, reveal the model answer, tick what you covered. ",
                        ("⚗", "$accent"), " has an experiment (", ("e", "bold"), " opens it in the Lab).",
                    ),
                    classes="pane-hint",
                )
                yield OptionList(*question_options(self.topic), id="question-list")
            with TabPane("Flash cards", id="cards"):
                with Vertical(id="cards-pane"):
                    yield Static(id="cards-summary")
                    yield Button("Study due cards", id="study-due", variant="primary")
                    yield Button("Cram all cards (schedule unchanged)", id="cram")
            with TabPane("Lab", id="lab"):
                yield from self.compose_lab()
            with TabPane("Drills", id="drills"):
                yield from self.compose_drills()
        yield Footer()

    def compose_lab(self) -> ComposeResult:
        options = [Option(literal(experiment.title), id=experiment.id) for experiment in self.topic.experiments]
        options.append(Option(literal("Open an empty Lab"), id=EMPTY_LAB))
        yield OptionList(*options, id="topic-experiments")

    def compose_drills(self) -> ComposeResult:
        from interview_lab.tui.screens.drills import kind_label

        if not self.topic.drills:
            yield Static(literal("This topic has no drills yet."))
            return
        yield Static(id="drills-summary", classes="pane-hint")
        yield OptionList(
            *[Option(literal(f"{kind_label(drill)}: {drill.title}"), id=drill.id) for drill in self.topic.drills],
            id="topic-drills",
        )

    @on(OptionList.OptionSelected, "#topic-experiments")
    def experiment_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == EMPTY_LAB:
            self.lab.action_open_lab()
        elif event.option.id:
            self.lab.open_experiment(event.option.id)

    @on(OptionList.OptionSelected, "#topic-drills")
    def drill_chosen(self, event: OptionList.OptionSelected) -> None:
        from interview_lab.tui.screens.drills import drill_screen

        drill = next((d for d in self.topic.drills if d.id == event.option.id), None)
        if drill is not None:
            self.app.push_screen(drill_screen(drill))

    def on_mount(self) -> None:
        self.refresh_cards_summary()
        if self._initial_tab == "theory":
            self.query_one(".reading", VerticalScroll).focus()

    def on_screen_resume(self) -> None:
        self.refresh_cards_summary()
        self.call_after_refresh(self._focus_cards_pane)

    def _focus_cards_pane(self) -> None:
        # Back from a session that studied every due card: focus must not slide onto Cram.
        if self.query_one(TabbedContent).active == "cards" and self.query_one("#study-due", Button).disabled:
            self.set_focus(None)

    def refresh_cards_summary(self) -> None:
        progress = self.lab.progress
        due = len(progress.due_card_ids(self.topic.id, now=self.lab.now()))
        total = len(self.topic.cards)
        self.query_one("#cards-summary", Static).update(
            Content.assemble(
                (f"{total}", "bold"), f" card{'s' if total != 1 else ''} in this topic · ",
                (f"{due}", "bold $accent"), " to study now\n\n",
                ("enter", "bold"), " study due cards   ", ("c", "bold"),
                " cram every card without changing its schedule",
            )
        )
        self.query_one("#study-due", Button).disabled = due == 0
        self.query_one("#cram", Button).disabled = total == 0
        if self.topic.drills:
            attempts, correct = self.lab.progress.drill_summary(self.topic.id)
            self.query_one("#drills-summary", Static).update(
                Content.assemble(
                    f"{len(self.topic.drills)} drill{'s' if len(self.topic.drills) != 1 else ''} · ",
                    (f"{correct} of {attempts}", "bold") if attempts else ("not tried yet", "$text-muted"),
                    " attempts right" if attempts else "",
                )
            )

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_study_due(self) -> None:
        """Enter on the cards tab studies the due cards; elsewhere the focused widget handles it."""
        if self.query_one(TabbedContent).active == "cards":
            self._study_due_cards()

    def _study_due_cards(self) -> None:
        ids = self.lab.progress.due_card_ids(self.topic.id, now=self.lab.now())
        cards = [c for c in self.topic.cards if c.id in set(ids)]
        cards.sort(key=lambda c: ids.index(c.id))
        if not cards:
            self.notify("No cards are due in this topic. Cram them with c.")
            return
        self.lab.study(list(cards), title=f"{self.topic.title}: due cards")

    def action_cram(self) -> None:
        if not self.topic.cards:
            self.notify("This topic has no cards.")
            return
        self.lab.study(list(self.topic.cards), title=f"{self.topic.title}: cram", cram=True)

    def action_experiment(self) -> None:
        question = self._highlighted_question()
        if question is not None and question.experiment:
            self.lab.open_experiment(question.experiment)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "study-due":
            self._study_due_cards()
        elif event.button.id == "cram":
            self.action_cram()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        questions = ordered_questions(self.topic)
        chosen = next((i for i, q in enumerate(questions) if q.id == event.option.id), None)
        if chosen is not None:
            # From the chosen question on, so `n`ext flows through the rest of the topic.
            self.lab.study(list(questions[chosen:]), title=f"{self.topic.title}: interview")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def _highlighted_question(self) -> Question | None:
        if self.query_one(TabbedContent).active != "interview":
            return None
        options = self.query_one("#question-list", OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return next((q for q in self.topic.questions if q.id == option_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "experiment":
            question = self._highlighted_question() if self.is_mounted else None
            return True if question is not None and question.experiment else None
        return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        if event.pane.id == "theory":
            self.query_one(".reading", VerticalScroll).focus()
        elif event.pane.id == "interview":
            self.query_one("#question-list", OptionList).focus()
        elif event.pane.id in ("lab", "drills") and event.pane.query(OptionList):
            event.pane.query(OptionList).first().focus()
        elif event.pane.id == "cards":
            button = self.query_one("#study-due", Button)
            if button.disabled:
                self.set_focus(None)  # nothing due: enter then says so (the screen's binding)
            else:
                button.focus()


def ordered_questions(topic: Topic) -> list[Question]:
    return [q for tier in TIERS for q in topic.questions_by_tier(tier)]


def question_row(question: Question) -> Table:
    """The experiment mark in its own column, so a long prompt wraps under itself (plain Text: never markup)."""
    return hanging_row(Text("⚗", style="bold magenta") if question.experiment else Text(""), Text(question.prompt), 1)


def question_options(topic: Topic) -> list[Option | None]:
    """Questions grouped by tier, each group under a disabled heading."""
    options: list[Option | None] = []
    for tier in TIERS:
        questions = topic.questions_by_tier(tier)
        if not questions:
            continue
        if options:
            options.append(None)
        options.append(Option(literal(TIER_LABELS[tier], f"bold {TIER_STYLES[tier]}"), disabled=True))
        for question in questions:
            options.append(Option(question_row(question), id=question.id))
    if not options:
        options.append(Option(literal("This topic has no interview questions yet."), disabled=True))
    return options
