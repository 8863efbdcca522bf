"""The title bar: long titles from content are cut with an ellipsis, never over the breadcrumb or the status."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

import interview_lab.tui
from interview_lab.tui.screens.drills import drill_screen
from interview_lab.tui.screens.lab import LabScreen
from interview_lab.tui.widgets.title_bar import TitleBar
from .conftest import FAILURE, experiment
from .helpers import screen_lines, settle

LONG = "lr 0.015 on curvatures 1 and 10, and the larger rate it allows, with a title longer than the screen"


class Bar(App):
    CSS_PATH = str(Path(interview_lab.tui.__file__).parent / "app.tcss")  # the bar's own styles, as in the app

    def __init__(self, title: str, status: str) -> None:
        super().__init__()
        self.bar_title, self.bar_status = title, status

    def compose(self) -> ComposeResult:
        yield TitleBar(self.bar_title, self.bar_status)


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize(
    "title,status",
    [("Lab", LONG), (f"Drill: {LONG}", "failure-mode lab"), (LONG, LONG), ("Stats", ""), ("Topics", "3 due")],
)
async def test_the_breadcrumb_always_shows_and_long_parts_end_in_an_ellipsis(width, title, status):
    app = Bar(title, status)
    async with app.run_test(size=(width, 5)) as pilot:
        await pilot.pause()
        line = screen_lines(app)[0]
        assert line.startswith(" interview-lab  /  ")
        shown_title = line[len(" interview-lab  /  "):]
        assert shown_title.startswith(title[:8])  # the start of the title is never overwritten
        if len(" interview-lab  /  ") + len(title) + 2 + len(status) + 2 <= width:
            assert title in line and status in line  # everything fits: nothing is cut
        else:
            assert "…" in line
        if status and len(status) <= 20 and width >= 60:
            assert line.rstrip().endswith(status)  # a short status always shows whole


async def test_the_lab_title_bar_at_80_columns_keeps_lab_and_the_experiment(app):
    long = replace(experiment("long", LONG, [("sgd", "sgd", {"lr": 0.015})]))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(LabScreen(long))
        await pilot.pause()
        line = screen_lines(app)[0]
        assert line.startswith(" interview-lab  /  Lab  ")
        assert "lr 0.015 on curvatures" in line and line.rstrip().endswith("…")


async def test_a_long_drill_title_leaves_the_kind_of_drill_visible(app):
    drill = replace(FAILURE, title=LONG)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(drill_screen(drill))
        await settle(pilot)
        line = screen_lines(app)[0]
        assert line.startswith(" interview-lab  /  Drill: lr 0.015") and "…" in line
        assert line.rstrip().endswith("failure-mode lab")


async def test_a_status_set_later_is_fitted_too():
    app = Bar("Lab", "")
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        app.query_one(TitleBar).set_status(LONG)
        await pilot.pause()
        line = screen_lines(app)[0]
        assert line.startswith(" interview-lab  /  Lab  ") and line.rstrip().endswith("…")
