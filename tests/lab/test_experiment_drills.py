"""Failure-mode and concept drills: diagnose or predict, see the runs, and the outcome is recorded."""

from __future__ import annotations

from textual.widgets import OptionList, Static

from interview_lab.tui.screens.drills import drill_screen
from interview_lab.tui.screens.lab import LabScreen
from .conftest import CONCEPT, FAILURE

SIZE = (140, 50)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def feedback(screen) -> str:
    return str(screen.query_one("#drill-feedback", Static).render())


async def test_failure_drill_right_diagnosis_then_fix_and_rerun(app, progress):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        # The broken run is drawn first, its divergence visible before any answer.
        assert "SGD with too large a step" in screen.query_one("#plot-a-loss").plain
        assert not screen.query_one("#remedies", OptionList).display
        await pilot.press("enter")  # cause a): right
        await pilot.pause()
        assert screen.query_one("#remedies", OptionList).display
        await pilot.press("down", "enter")  # remedy b): right
        await pilot.pause()
        assert "Cause: right" in feedback(screen) and "Remedy: right" in feedback(screen)
        assert "stable only for lr < 2 / L" in screen.query_one("#drill-explanation").source
        assert progress.drill_summary("adam") == (1, 1)
        await pilot.press("f")
        await settle(pilot)
        text = feedback(screen)
        assert "big: diverged at step" in text and "small: final loss" in text
        assert "SGD with a safe step" in screen.query_one("#plot-b-loss").plain


async def test_failure_drill_wrong_answers_show_the_right_ones_and_count_as_wrong(app, progress):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        await pilot.press("down", "enter")  # cause b): wrong
        await pilot.press("enter")  # remedy a): wrong
        await pilot.pause()
        text = feedback(screen)
        assert "Cause: wrong" in text and "lr above 2 / largest curvature" in text
        assert "Remedy: wrong" in text and "lr below 0.02" in text
        assert progress.drill_summary("adam") == (1, 0)


async def test_failure_drill_opens_the_broken_setup_in_the_lab(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(FAILURE)
        await app.push_screen(screen)
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen) and app.screen.setup.experiment_id == "lab-explodes"


async def test_concept_drill_compares_prediction_with_both_runs(app, progress):
    async with app.run_test(size=SIZE) as pilot:
        screen = drill_screen(CONCEPT)
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.press("enter")  # "Nothing changes": wrong
        await settle(pilot)
        text = feedback(screen)
        assert "Your prediction: Nothing changes" in text
        assert "What happens: It follows the sign" in text
        assert "Adam, beta1 0.9" in text and "Adam, beta1 0" in text
        assert "Adam, beta1 0.9" in screen.query_one("#plot-a-loss").plain
        assert "Adam, beta1 0" in screen.query_one("#plot-b-loss").plain
        assert "Without momentum" in screen.query_one("#drill-explanation").source
        assert progress.drill_summary("adam") == (1, 0)
