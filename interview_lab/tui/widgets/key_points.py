"""The key points of a model answer, ticked by the learner.

An OptionList whose rows are a tick box and the point's text in two columns,
so a long point wraps under its own text (not under the box) and is always
read whole before it is ticked. Content text goes in as plain `Text`: never
markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from interview_lab.tui.text import hanging_row

UNTICKED, TICKED = "☐", "☑"


def point_row(point: str, ticked: bool) -> Table:
    return hanging_row(Text(TICKED if ticked else UNTICKED, style="bold green" if ticked else ""), Text(point), 1)


class KeyPointList(OptionList, inherit_bindings=False):
    """Key points with tick boxes; space, enter or a click toggles the highlighted one."""

    # Page keys are left out: they scroll the answer around the list.
    BINDINGS = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("space", "select", "Tick", show=False),
        Binding("enter", "select", "Tick", show=False),
    ]

    class Changed(Message):
        """The set of ticked points changed."""

        def __init__(self, key_points: KeyPointList) -> None:
            super().__init__()
            self.key_points = key_points

        @property
        def control(self) -> KeyPointList:
            return self.key_points

    def __init__(self, points: Sequence[str], *, id: str | None = None) -> None:
        self.points = tuple(points)
        self._ticked: set[int] = set()
        super().__init__(*(Option(point_row(point, False)) for point in self.points), id=id)

    @property
    def selected(self) -> list[int]:
        """The indices of the ticked points, in order."""
        return sorted(self._ticked)

    def toggle(self, index: int) -> None:
        self._ticked ^= {index}
        self.replace_option_prompt_at_index(index, point_row(self.points[index], index in self._ticked))
        self.post_message(self.Changed(self))

    @on(OptionList.OptionSelected)
    def _toggle_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a tick, not a choice for the screen to act on
        self.toggle(event.option_index)
