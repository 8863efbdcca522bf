"""The Lab mid-run, fixed seed, stopped deterministically by stepping with `n` (no timed run).

Update with `pytest tests/lab/test_lab_snapshot.py --snapshot-update` and look at the report first.
"""

from __future__ import annotations

from interview_lab.tui.app import InterviewLabApp
from interview_lab.tui.screens.lab import LabScreen
from .conftest import RAVINE

STEPS_SHOWN = 25


def test_snapshot_lab_mid_run(snap_compare, deck, progress):
    app = InterviewLabApp(deck, progress)

    async def step_the_ravine(pilot) -> None:
        await app.push_screen(LabScreen(RAVINE))
        await pilot.pause()
        for _ in range(STEPS_SHOWN):
            await pilot.press("n")
            await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 48), run_before=step_the_ravine)
