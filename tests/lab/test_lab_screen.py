"""Pilot tests of the Lab: step, run, pause, reset, bad input, divergence, claims, leaving mid-run."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from interview_lab.tui.screens.lab import LabScreen, RunEditor
from .conftest import EXPLODES, RAVINE
from .helpers import claims_text

SIZE = (160, 50)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def settle(pilot) -> None:
    """Let every worker finish and its messages reach the screen."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def open_lab(app, pilot, experiment=RAVINE, run_seconds: float = 0.05) -> LabScreen:
    screen = LabScreen(experiment)
    screen.run_seconds = run_seconds
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def test_step_key_advances_one_step_at_a_time_and_draws(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        for _ in range(3):
            await pilot.press("n")
        await settle(pilot)
        assert "step 3 / 300" in text_of(screen, "#lab-status")
        status = text_of(screen, "#lab-status")
        assert "sgd" in status and "adam" in status
        assert "loss (log scale)" in screen.query_one("#loss-plot").plain
        assert "path over the surface" in screen.query_one("#path-plot").plain


async def test_run_completes_and_the_claims_are_checked(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        assert "step 300 / 300" in text_of(screen, "#lab-status") and "done" in text_of(screen, "#lab-status")
        claims = claims_text(screen)
        assert "held" in claims and "Adam ends below 1e-6" in claims and "final loss of adam" in claims


async def test_pause_stops_the_steps_and_run_resumes_to_the_end(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot, run_seconds=60.0)
        await pilot.press("r")
        await pilot.press("r")
        await settle(pilot)
        assert not screen.running
        paused_at = screen.engine.step_count
        await pilot.pause()
        assert screen.engine.step_count == paused_at
        assert "paused" in text_of(screen, "#lab-status") or paused_at == 0
        screen.run_seconds = 0.05
        await pilot.press("r")
        await settle(pilot)
        assert screen.engine.step_count == 300


async def test_reset_goes_back_to_step_zero(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        for _ in range(4):
            await pilot.press("n")
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)
        assert "step 0 / 300" in text_of(screen, "#lab-status")
        await pilot.press("n")
        await settle(pilot)
        assert "step 1 / 300" in text_of(screen, "#lab-status")


async def test_divergence_is_reported_with_its_step_not_a_crash(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot, EXPLODES)
        await pilot.press("r")
        await settle(pilot)
        status = text_of(screen, "#lab-status")
        assert "big diverged at step" in status
        step = int(status.split("diverged at step")[1].split()[0])
        assert 1 <= step <= 100


async def test_bad_steps_are_shown_next_to_the_field_and_nothing_runs(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        screen.query_one("#steps", Input).value = "0"
        await pilot.press("r")
        await settle(pilot)
        assert "whole number" in text_of(screen, "#steps-error")
        assert screen.engine is None and not screen.running


async def test_bad_start_is_shown_next_to_the_field(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        screen.query_one("#start", Input).value = "-4, banana"
        await pilot.press("n")
        await settle(pilot)
        assert "numbers" in text_of(screen, "#start-error") and screen.engine is None


async def test_run_editor_shows_the_engine_error_next_to_the_wrong_field(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        screen.query_one("#run-list", OptionList).highlighted = 1  # adam
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, RunEditor)
        editor.query_one("#field-betas", Input).value = "0.9, 1.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RunEditor)
        assert "betas[1] must be in [0, 1)" in str(editor.query_one("#error-betas", Static).render())
        editor.query_one("#field-betas", Input).value = "0.5, 0.999"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert screen.setup.runs[1].hparams["betas"] == [0.5, 0.999]
        assert "edited" in str(screen.query_one("#lab-title").query_one(".status", Static).render())


async def test_added_and_removed_runs_change_what_is_simulated(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        editor.query_one("#field-lr", Input).value = "0.05"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [run.label for run in screen.setup.runs] == ["sgd", "adam", "run1"]
        await pilot.press("n")
        await settle(pilot)
        assert "run1" in text_of(screen, "#lab-status")
        screen.query_one("#run-list", OptionList).highlighted = 0
        await pilot.press("x")
        await pilot.press("n")
        await settle(pilot)
        status = text_of(screen, "#lab-status")
        assert "sgd" not in status and "step 1 / 300" in status


async def test_choosing_an_experiment_from_the_list_loads_it(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        experiments = screen.query_one("#experiment-list", OptionList)
        experiments.focus()
        experiments.highlighted = 1  # lab-explodes
        await pilot.press("enter")
        await pilot.pause()
        assert screen.setup.experiment_id == "lab-explodes"
        assert screen.query_one("#steps", Input).value == "100"


async def test_lr_sweep_draws_final_loss_against_learning_rate(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        screen.query_one("#run-list", OptionList).highlighted = 0  # sgd: diverges above lr 0.02
        screen.query_one("#sweep-range", Input).value = "1e-3 1 8"
        screen.query_one("#run-list", OptionList).focus()
        await pilot.press("s")
        await settle(pilot)
        plot = screen.query_one("#sweep-plot").plain
        assert "learning rate" in plot and "diverged" in plot


async def test_leaving_mid_run_leaves_no_worker_running(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot, run_seconds=600.0)
        await pilot.press("r")
        await pilot.pause()
        assert screen.running
        await pilot.press("q")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is not screen
        assert not [worker for worker in app.workers if worker.is_running]
        assert screen.engine is None or screen.engine.step_count < 300


async def test_a_plot_that_cannot_be_built_is_shown_as_such_and_the_run_still_finishes(app, monkeypatch):
    from interview_lab.tui.screens import lab

    def broken(request):
        raise IndexError("list index out of range")

    monkeypatch.setattr(lab.FrameProcess, "draw", staticmethod(broken))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        await settle(pilot)
        assert not screen.running
        status = text_of(screen, "#lab-status")
        assert "step 300 / 300" in status and "done" in status and "running" not in status
        assert "could not be drawn" in screen.query_one("#loss-plot").plain
        assert "held" in claims_text(screen)


async def test_an_error_in_the_simulation_worker_stops_the_run_and_says_why(app, monkeypatch):
    from interview_lab.tui.screens import lab

    def broken(*args, **kwargs):
        raise RuntimeError("frame went wrong")

    monkeypatch.setattr(lab, "build_frame", broken)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        await pilot.press("r")
        await settle(pilot)
        await settle(pilot)
        assert not screen.running
        status = text_of(screen, "#lab-status")
        assert "running" not in status and "stopped" in status and "frame went wrong" in status
        # Pressing r again starts afresh, and the error line goes once a run works.
        monkeypatch.undo()
        await pilot.press("r")
        await settle(pilot)
        await settle(pilot)
        assert "done" in text_of(screen, "#lab-status") and "frame went wrong" not in text_of(screen, "#lab-status")


async def test_a_failed_single_step_frame_is_reported(app, monkeypatch):
    from interview_lab.tui.screens import lab

    def broken(*args, **kwargs):
        raise RuntimeError("no frame today")

    monkeypatch.setattr(lab, "build_frame", broken)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "no frame today" in text_of(screen, "#lab-status")


async def test_saddle_losses_below_zero_are_plotted_on_a_linear_scale(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lab(app, pilot)
        screen.query_one("#surface").value = "saddle"
        await pilot.pause()
        screen.query_one("#start", Input).value = "1, 0.01"
        await pilot.press("r")
        await settle(pilot)
        await settle(pilot)
        plot = screen.query_one("#loss-plot").plain
        assert "linear scale" in plot and "1e-16" not in plot
