"""The Lab at 80x24 (one plot at a time, setup on demand) and plots that fit their panes."""

from __future__ import annotations

from textual.widgets import OptionList

from interview_lab.tui.screens.lab import LabScreen
from .conftest import RAVINE
from .test_lab_screen import open_lab, settle


def plot_lines(screen: LabScreen, plot_id: str) -> int:
    return len(screen.query_one(f"#{plot_id}").plain.splitlines())


async def test_small_terminal_shows_one_plot_and_p_moves_to_the_next(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lab(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        loss, path = screen.query_one("#loss-plot"), screen.query_one("#path-plot")
        assert loss.display and not path.display
        assert not screen.query_one("#lab-side").display
        assert "loss (log scale)" in loss.plain
        await pilot.press("p")
        await settle(pilot)
        assert path.display and not loss.display
        assert "path over the surface" in path.plain
        # Built for the size it is shown at, so no axis is cut off.
        assert plot_lines(screen, "path-plot") == path.size.height


async def test_small_terminal_v_swaps_plots_for_the_setup_panel(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lab(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        assert screen.query_one("#lab-side").display and not screen.query_one("#lab-main").display
        assert screen.focused is screen.query_one("#run-list", OptionList)
        await pilot.press("v")
        await pilot.pause()
        assert not screen.query_one("#lab-side").display and screen.query_one("#lab-main").display


async def test_wide_terminal_shows_every_plot_and_the_setup(app):
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await open_lab(app, pilot)
        assert all(plot.display for plot in screen.query("PlotView"))
        assert screen.query_one("#lab-side").display


async def test_plots_are_redrawn_when_the_claims_panel_takes_their_room(app):
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_lab(app, pilot, RAVINE)
        await pilot.press("r")
        await settle(pilot)
        await settle(pilot)
        loss = screen.query_one("#loss-plot")
        assert "held" in str(screen.query_one("#claims").render())
        assert plot_lines(screen, "loss-plot") == loss.size.height
        assert loss.plain.rstrip().endswith("step")  # the x axis label, last line, is on screen
