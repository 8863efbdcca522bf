"""The Lab at 80x24 (one plot at a time, setup on demand) and plots that fit their panes."""

from __future__ import annotations

from textual.widgets import OptionList

from interview_lab.tui.screens.lab import LabScreen, RunEditor
from .conftest import RAVINE
from .helpers import claims_text
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
        assert "held" in claims_text(screen)
        assert plot_lines(screen, "loss-plot") == loss.size.height
        assert loss.plain.rstrip().endswith("step")  # the x axis label, last line, is on screen


def inside(inner, outer) -> bool:
    """Whether the region `inner` lies entirely within `outer` (both screen regions)."""
    return (
        inner.x >= outer.x and inner.y >= outer.y and inner.right <= outer.right and inner.bottom <= outer.bottom
    )


async def test_small_terminal_v_brings_the_run_list_into_view(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lab(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        await pilot.pause()
        runs = screen.query_one("#run-list", OptionList)
        assert screen.focused is runs
        assert inside(runs.region, screen.query_one("#lab-side").region)


async def test_small_terminal_sweep_from_the_setup_panel_shows_and_draws_the_sweep(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lab(app, pilot)
        await pilot.press("v")
        await pilot.pause()
        screen.query_one("#sweep-range").value = "1e-3 1 8"
        await pilot.press("s")
        for _ in range(3):
            await settle(pilot)
        sweep = screen.query_one("#sweep-plot")
        assert screen.query_one("#lab-main").display and not screen.query_one("#lab-side").display
        assert sweep.display and sweep.size.height > 5
        assert "learning rate" in sweep.plain and "diverged" in sweep.plain
        assert plot_lines(screen, "sweep-plot") == sweep.size.height  # drawn for the size it is shown at


async def test_the_sweep_is_redrawn_for_a_new_size(app):
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_lab(app, pilot)
        screen.query_one("#run-list", OptionList).focus()
        await pilot.press("s")
        for _ in range(3):
            await settle(pilot)
        await pilot.resize_terminal(200, 60)
        for _ in range(3):
            await settle(pilot)
        sweep = screen.query_one("#sweep-plot")
        assert sweep.built_size == (sweep.size.width, sweep.size.height)
        assert plot_lines(screen, "sweep-plot") == sweep.size.height


async def test_small_terminal_claims_panel_shows_every_claim_of_the_ravine(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lab(app, pilot, RAVINE)
        await pilot.press("r")
        for _ in range(2):
            await settle(pilot)
        box = screen.query_one("#claims-box")
        rows = list(screen.query(".claim-row"))
        assert len(rows) == 2 and all(inside(row.region, box.region) for row in rows)
        assert "held" in claims_text(screen)
        # The plot still has the rows to be read.
        assert screen.query_one("#loss-plot").size.height >= 10


async def test_run_editor_at_80x24_starts_on_the_first_field_and_shows_keys(app):
    from textual.widgets import Footer, Input

    async with app.run_test(size=(80, 24)) as pilot:
        await open_lab(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, RunEditor)
        assert editor.focused is editor.query_one("#field-label", Input)
        assert editor.query(Footer) and "ctrl+s save" in str(editor.query_one("#editor-keys").render())


async def test_run_editor_at_80x24_focuses_and_shows_a_lower_field_in_error(app):
    from textual.widgets import Input, Static

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lab(app, pilot)
        screen.query_one("#run-list", OptionList).highlighted = 1  # adam: many fields
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        field = editor.query_one("#field-bias_correction", Input)
        field.value = "sometimes"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, RunEditor)
        assert editor.focused is field
        error = editor.query_one("#error-bias_correction", Static)
        assert "bias_correction" in str(error.render())
        scroller = editor.query_one("#run-editor")
        assert inside(field.region, scroller.region) and inside(error.region, scroller.region)


async def test_run_editor_help_wraps_instead_of_being_cut(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lab(app, pilot)
        screen.query_one("#run-list", OptionList).highlighted = 1
        await pilot.press("e")
        await pilot.pause()
        betas = next(label for label in app.screen.query(".field-help") if "betas" in str(label.render()))
        assert betas.size.height >= 2 and betas.size.width <= app.screen.query_one("#run-editor").size.width
