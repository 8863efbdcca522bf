"""Reorder drill: move steps with keys, submit, see which are out of place, retry."""

from __future__ import annotations

from interview_lab.tui.screens.drills import ReorderDrillScreen, drill_screen
from .conftest import REORDER


async def move_into_order(pilot, screen: ReorderDrillScreen) -> None:
    """Selection sort driven by the keys a learner would press."""
    for position in range(len(screen.order)):
        index = screen.order.index(position)
        options = screen.query_one("#drill-steps")
        while options.highlighted != index:
            await pilot.press("down" if options.highlighted < index else "up")
        for _ in range(index - position):
            await pilot.press("shift+up")


async def test_wrong_order_is_marked_then_retry_succeeds_and_both_attempts_are_recorded(app, progress):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = drill_screen(REORDER, seed=3)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.order != sorted(screen.order)
        await pilot.press("s")
        await pilot.pause()
        misplaced = sum(1 for i, step in enumerate(screen.order) if i != step)
        feedback = str(screen.query_one("#drill-feedback").render())
        assert f"{len(screen.order) - misplaced} of 5 steps in place" in feedback
        assert progress.drill_summary("adam") == (1, 0)

        await move_into_order(pilot, screen)
        assert screen.order == [0, 1, 2, 3, 4]
        await pilot.press("s")
        await pilot.pause()
        assert "All steps in order" in str(screen.query_one("#drill-feedback").render())
        assert progress.drill_summary("adam") == (2, 1)
        # Solved: further moves do nothing.
        await pilot.press("shift+down")
        assert screen.order == [0, 1, 2, 3, 4]


async def test_moving_a_step_clears_the_marks_and_keeps_it_selected(app):
    async with app.run_test(size=(100, 30)) as pilot:
        screen = drill_screen(REORDER, seed=1)
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.press("s")
        first = screen.order[0]
        await pilot.press("shift+down")
        assert screen.order[1] == first and not screen.checked
        assert screen.query_one("#drill-steps").highlighted == 1


async def test_a_move_after_submitting_clears_the_old_count(app):
    async with app.run_test(size=(80, 24)) as pilot:
        screen = drill_screen(REORDER, seed=1)
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert "steps in place" in str(screen.query_one("#drill-feedback").render())
        await pilot.press("shift+down")
        await pilot.pause()
        assert "steps in place" not in str(screen.query_one("#drill-feedback").render())
