"""Sizes: 80x24 works, a too-small terminal shows a notice, resizing never crashes."""

from __future__ import annotations

from interview_lab.tui.screens.home import HomeScreen
from interview_lab.tui.screens.study import StudyScreen
from interview_lab.tui.screens.too_small import TooSmallScreen

from .helpers import screen_text, settle


async def test_80x24_shows_the_whole_home_screen_and_a_card(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Adam optimizer" in text and "Review due" in text
        assert "Expert" in text  # every tier column fits
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("space")
        await settle(pilot)
        text = screen_text(app)
        for name in ("Again", "Hard", "Good", "Easy"):
            assert name in text


async def test_too_small_shows_a_notice_and_recovers(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(40, 10)
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "too small" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_resizing_through_many_sizes_on_every_screen_never_crashes(app):
    sizes = [(80, 24), (30, 8), (200, 60), (61, 18), (120, 40), (1, 1), (80, 24)]
    async with app.run_test(size=(100, 30)) as pilot:
        for keys in ((), ("enter",), ("i",), ("enter", "space")):
            await pilot.press(*keys)
            await settle(pilot)
            for width, height in sizes:
                await pilot.resize_terminal(width, height)
                await pilot.pause()
            await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.revealed
