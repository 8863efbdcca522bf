"""A study session: flash cards and interview questions, one at a time.

Cards: the front; space flips; 1-4 grade. Questions: an optional draft
answer; space reveals the model answer, the senior angle and the key points;
the learner ticks the points they covered and the app proposes a grade.
`u` undoes the last grade of the session. Cram sessions log every grade as
cram and leave the schedule alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Markdown, OptionList, Rule, Static, TextArea

from interview_lab.content.model import Card, Question
from interview_lab.tui.screens.base import STYLES, BaseScreen
from interview_lab.tui.text import GRADE_NAMES, format_due, format_duration, literal, tier_badge
from interview_lab.tui.widgets.grade_bar import GradeBar
from interview_lab.tui.widgets.key_points import KeyPointList
from interview_lab.tui.widgets.title_bar import TitleBar


def proposed_grade(covered: int, total: int) -> int:
    """The grade key-point coverage suggests: under half again, under all hard, all good."""
    if total == 0:
        return 3
    share = covered / total
    if share < 0.5:
        return 1
    if covered < total:
        return 2
    return 3


@dataclass
class SessionTally:
    reviewed: int = 0
    again: int = 0
    graded: list[Graded] = field(default_factory=list)  # for undo


@dataclass(frozen=True)
class Graded:
    """One grade of the session, with what the learner had written and ticked (undo gives them back)."""

    index: int
    grade: int
    draft: str = ""
    ticked: tuple[int, ...] = ()


class StudyScreen(BaseScreen):
    CSS_PATH = STYLES / "study.tcss"
    BINDINGS = [
        Binding("space", "reveal", "Show answer"),
        Binding("1", "grade(1)", "Again"),
        Binding("2", "grade(2)", "Hard"),
        Binding("3", "grade(3)", "Good"),
        Binding("4", "grade(4)", "Easy"),
        Binding("u", "undo", "Undo"),
        Binding("e", "experiment", "Lab"),
        # Still active, but left out of the footer so the grades fit in 80 columns.
        Binding("slash", "app.search", "Search", show=False),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("escape", "leave_draft_or_back", "Back", show=False),
        Binding("enter", "finish", "Done", show=False),
    ]

    def __init__(self, items: list[Question | Card], *, title: str, cram: bool = False) -> None:
        super().__init__(classes="cram" if cram else "")
        self.items = items
        self.session_title = title
        self.cram = cram
        self.index = 0
        self.revealed = False
        self.tally = SessionTally()
        self._started = 0.0
        self._item_started = 0.0

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar(self.session_title, id="study-title")
        yield VerticalScroll(id="study-body")
        yield Static(id="study-note")
        yield GradeBar(id="grade-bar")
        yield Footer()

    async def on_mount(self) -> None:
        self._started = self.lab.monotonic()
        await self.show_item()

    @property
    def finished(self) -> bool:
        return self.index >= len(self.items)

    @property
    def item(self) -> Question | Card | None:
        return None if self.finished else self.items[self.index]

    async def show_item(self, revealed: bool = False, draft: str = "", ticked: tuple[int, ...] = ()) -> None:
        """Rebuild the body for the current item (or the summary when done)."""
        body = self.query_one("#study-body", VerticalScroll)
        await body.remove_children()
        self.revealed = False
        item = self.item
        if item is None:
            await self._show_summary(body)
            return
        self._item_started = self.lab.monotonic()
        position = f"{self.index + 1} of {len(self.items)}" + (" · cram" if self.cram else "")
        if len({i.topic_id for i in self.items}) > 1:  # a review across topics: say where this one is from
            topic = self.lab.deck.topic(item.topic_id)
            position = f"{topic.title if topic else item.topic_id} · {position}"
        self.query_one(TitleBar).set_status(literal(position, "$text-muted"))
        if isinstance(item, Card):
            await body.mount_all([
                Static(literal("Card", "bold $text-muted"), classes="item-kind"),
                Static(literal(item.front), id="card-front", classes="card-face"),
            ])
        else:
            await body.mount_all([
                Static(tier_badge(item.tier), classes="item-kind"),
                Static(literal(item.prompt), id="question-prompt", classes="card-face"),
                Static(
                    literal("Your draft answer (tab to type, esc to leave):", "$text-muted"),
                    id="draft-label", classes="label",
                ),
                TextArea(draft, id="draft", soft_wrap=True, show_line_numbers=False),
            ])
        body.scroll_home(animate=False)
        self.query_one("#grade-bar").display = False
        self._set_note(Content.assemble(("space", "bold"), " show the answer"))
        self.set_focus(None)
        if revealed:
            await self.action_reveal()
            if ticked and isinstance(item, Question):
                key_points = self.query_one("#key-points", KeyPointList)
                for index in ticked:
                    key_points.toggle(index)
        self.refresh_bindings()

    def _set_note(self, note: Content) -> None:
        self.query_one("#study-note", Static).update(note)

    # -- reveal, tick, grade ---------------------------------------------------------

    async def action_reveal(self) -> None:
        item = self.item
        if item is None or self.revealed:
            return
        self.revealed = True
        body = self.query_one("#study-body", VerticalScroll)
        if isinstance(item, Card):
            await body.mount_all([Rule(classes="flip-rule"), Static(literal(item.back), id="card-back", classes="card-face answer")])
        else:
            draft = self.query_one("#draft", TextArea)
            if draft.text.strip():
                draft.read_only = True
            else:  # nothing drafted: give the space to the answer
                draft.display = False
                self.query_one("#draft-label").display = False
            answer_title = Static(literal("Model answer", "bold $accent"), classes="section-title")
            parts: list[Widget] = [answer_title, Markdown(item.answer, id="model-answer", open_links=False)]
            if item.senior_angle:
                parts.append(Static(literal("Senior angle", "bold $accent"), classes="section-title"))
                parts.append(Markdown(item.senior_angle, id="senior-angle", open_links=False))
            parts.append(
                Static(literal("Key points: tick the ones you covered (space or click)", "bold $accent"), classes="section-title")
            )
            key_points = KeyPointList(item.key_points, id="key-points")
            parts.append(key_points)
            await body.mount_all(parts)
            key_points.focus()
            self.call_after_refresh(answer_title.scroll_visible, top=True, animate=False)
        self.query_one("#grade-bar").display = True
        self._update_grades()
        self.refresh_bindings()

    @on(KeyPointList.Changed, "#key-points")
    def _key_points_changed(self) -> None:
        self._show_key_points()
        self._update_grades()

    @on(OptionList.OptionHighlighted, "#key-points")
    def _show_key_points(self) -> None:
        # On a short terminal the list sits below the answer: keep it in view while it is used.
        key_points = self.query_one("#key-points", KeyPointList)
        if key_points.has_focus:
            self.query_one("#study-body", VerticalScroll).scroll_to_widget(key_points, animate=False)

    def proposal(self) -> int | None:
        item = self.item
        if not isinstance(item, Question) or not self.revealed:
            return None
        covered = len(self.query_one("#key-points", KeyPointList).selected)
        return proposed_grade(covered, len(item.key_points))

    def _update_grades(self) -> None:
        item = self.item
        if item is None:
            return
        intervals = None
        if not self.cram:
            intervals = {int(g): d for g, d in self.lab.progress.preview(item.id, now=self.lab.now()).items()}
        proposed = self.proposal()
        self.query_one(GradeBar).show(intervals, proposed)
        if proposed is not None and isinstance(item, Question):
            covered = len(self.query_one("#key-points", KeyPointList).selected)
            note = Content.assemble(
                f"{covered}/{len(item.key_points)} key points (", ("↑↓ space", "bold"), " ticks, ",
                ("pgup/dn", "bold"), " scroll) · proposed ", (GRADE_NAMES[proposed], "bold"),
                ": ", (str(proposed), "bold"), " confirms",
            )
        else:
            note = Content.assemble("How well did you recall it? ", ("1", "bold"), " again  ", ("2", "bold"),
                                    " hard  ", ("3", "bold"), " good  ", ("4", "bold"), " easy")
        if self.cram:
            note = Content.assemble(note, ("   (cram: your schedule is not changed)", "italic $text-muted"))
        self._set_note(note)

    async def on_grade_bar_graded(self, message: GradeBar.Graded) -> None:
        await self.action_grade(message.grade)

    async def action_grade(self, grade: int) -> None:
        from interview_lab.review import Grade

        item = self.item
        if item is None or not self.revealed:
            return
        duration_ms = int((self.lab.monotonic() - self._item_started) * 1000)
        self.lab.progress.grade(item.id, Grade(grade), duration_ms=duration_ms, now=self.lab.now(), cram=self.cram)
        self.lab.grade_owners.append(self)
        draft, ticked = "", ()
        if isinstance(item, Question):
            draft = self.query_one("#draft", TextArea).text
            ticked = tuple(self.query_one("#key-points", KeyPointList).selected)
        self.tally.graded.append(Graded(self.index, grade, draft, ticked))
        self.tally.reviewed += 1
        self.tally.again += grade == 1
        self.index += 1
        await self.show_item()

    async def action_undo(self) -> None:
        if not self.tally.graded:
            self.notify("Nothing to undo in this session.")
            return
        # Progress undoes the app's last grade; it must be this session's.
        owners = self.lab.grade_owners
        if not owners or owners[-1] is not self:
            self.notify("The last grade was given in another session: undo it there.")
            return
        refused = self.lab.progress.undo() is None
        owners.pop()
        undone = self.tally.graded.pop()
        if refused:  # graded again in another window since: restoring would drop that grade
            self.notify("That grade can no longer be undone: the item was graded again in another window.")
            return
        self.tally.reviewed -= 1
        self.tally.again -= undone.grade == 1
        self.index = undone.index
        await self.show_item(revealed=True, draft=undone.draft, ticked=undone.ticked)
        self.notify(f"Undid {GRADE_NAMES[undone.grade]}.", timeout=2)

    def action_experiment(self) -> None:
        item = self.item
        if item is not None and item.experiment:
            self.lab.open_experiment(item.experiment)

    def action_leave_draft_or_back(self) -> None:
        if isinstance(self.focused, TextArea):
            self.set_focus(None)
        else:
            self.dismiss()

    def action_finish(self) -> None:
        if self.finished:
            self.dismiss()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # None greys a key out of the footer; False hides it.
        if action == "reveal":
            return not self.finished and not self.revealed
        if action == "grade":
            return not self.finished and self.revealed
        if action == "undo":
            return bool(self.tally.graded)
        if action == "experiment":
            item = self.item
            return item is not None and bool(item.experiment)
        if action == "finish":
            return self.finished
        return True

    # -- the end -----------------------------------------------------------------------

    async def _show_summary(self, body: VerticalScroll) -> None:
        self.query_one("#grade-bar").display = False
        self.query_one(TitleBar).set_status(literal("session complete", "$text-muted"))
        elapsed = self.lab.monotonic() - self._started
        now = self.lab.now()
        if self.cram:
            next_due = "unchanged (cram)"
        else:
            dues = [
                status.due
                for status in (self.lab.progress.status(i) for i in {self.items[graded.index].id for graded in self.tally.graded})
                if status.due is not None
            ]
            next_due = format_due(min(dues), now) if dues else "-"
        rows = [
            ("Reviewed", str(self.tally.reviewed)),
            ("Again", str(self.tally.again)),
            ("Time", format_duration(elapsed)),
            ("Next due", next_due),
        ]
        await body.mount(
            Vertical(
                Static(literal("Session complete", "bold $accent"), classes="section-title"),
                *(
                    Static(Content.assemble((f"{name:<10}", "$text-muted"), (value, "bold")), classes="summary-row")
                    for name, value in rows
                ),
                id="summary",
            )
        )
        self._set_note(Content.assemble(("enter", "bold"), " or ", ("q", "bold"), " back   ", ("u", "bold"), " undo the last grade"))
        self.set_focus(None)
        self.refresh_bindings()
