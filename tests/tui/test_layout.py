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


async def test_key_points_below_a_long_answer_come_into_view_at_80x24(tmp_path):
    from dataclasses import replace

    from interview_lab.tui.widgets.key_points import KeyPointList

    from .conftest import make_app, make_deck, open_progress

    deck = make_deck()
    adam = deck.topics[0]
    long_answer = "\n\n".join(f"Paragraph {n} of a long model answer that fills the screen." for n in range(12))
    first = replace(adam.questions[0], answer=long_answer)
    deck = replace(deck, topics=(replace(adam, questions=(first, *adam.questions[1:])), *deck.topics[1:]))
    progress = open_progress(tmp_path, deck)
    app = make_app(deck, progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "i", "enter", "space")
        await settle(pilot)
        assert "Paragraph 0 of a long" in screen_text(app)  # reading starts at the answer
        assert "moment estimation" not in screen_text(app)  # the key points are below
        await pilot.press("down")
        await settle(pilot)
        text = screen_text(app)
        assert "adaptive" in text and "moment estimation" in text
        await pilot.press("space")
        assert app.screen.query_one("#key-points", KeyPointList).selected == [1]
        await pilot.press("pageup", "pageup", "pageup")
        await settle(pilot)
        assert "Paragraph 0 of a long" in screen_text(app)  # page keys scroll the answer back
        assert "1/2 key points" in screen_text(app)
    progress.close()


async def test_stats_at_80x24_cuts_long_titles_and_d_edits_the_interview_date(tmp_path):
    from dataclasses import replace

    from textual.widgets import Input

    from interview_lab.tui.screens.stats import StatsScreen

    from .conftest import make_app, make_deck, open_progress

    deck = make_deck()
    long_title = "Loss landscapes - ill-conditioning, saddles, plateaus and local minima of deep networks"
    deck = replace(deck, topics=(replace(deck.topics[0], title=long_title), *deck.topics[1:]))
    progress = open_progress(tmp_path, deck)
    app = make_app(deck, progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "interview-date"
        await pilot.press(*"2026-03-20", "enter")
        await settle(pilot)
        assert progress.get_setting("interview_date") == "2026-03-20"
        await pilot.press("escape")  # leaves the date field first
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen) and not isinstance(app.focused, Input)
        await pilot.press("escape")  # then the screen
        await settle(pilot)
        assert not isinstance(app.screen, StatsScreen)
        await pilot.press("s")
        await settle(pilot)
        for table_id in ("#retention-table", "#recall-table"):
            table = app.screen.query_one(table_id)
            table.scroll_visible(animate=False)
            await settle(pilot)
            assert table.virtual_size.width <= table.size.width  # no sideways scrolling at 80 columns
        text = screen_text(app)
        assert "Loss landscapes - ill-cond" in text and long_title not in text and "…" in text
    progress.close()


async def test_nothing_opens_over_the_too_small_notice_and_it_never_outstays_the_size(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(40, 10)
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("question_mark", "ctrl+p")  # help and the palette stay shut while it is too small
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")  # help opened at a good size, then the terminal shrinks and grows
        await settle(pilot)
        await pilot.resize_terminal(40, 10)
        await settle(pilot)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TooSmallScreen)
        assert "too small" not in screen_text(app)
