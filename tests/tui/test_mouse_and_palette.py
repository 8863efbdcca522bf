"""The mouse works too, and the command palette offers the main actions."""

from __future__ import annotations

from interview_lab.tui.screens.stats import StatsScreen
from interview_lab.tui.screens.study import StudyScreen
from interview_lab.tui.screens.topic import TopicScreen

from .helpers import find_on_screen, screen_text, settle

SIZE = (100, 30)


async def test_a_learner_can_study_with_the_mouse_only(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        x, y = find_on_screen(app, "Stochastic gradient descent")
        await pilot.click(offset=(x, y))
        await settle(pilot)
        assert isinstance(app.screen, TopicScreen) and app.screen.topic.id == "sgd"
        await pilot.click(offset=find_on_screen(app, "Flash cards"))
        await settle(pilot)
        await pilot.click("#study-due")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await pilot.click("#card-front")  # a click does not reveal by accident
        assert not app.screen.revealed
        await pilot.press("space")
        await settle(pilot)
        await pilot.click("#grade-4")
        await settle(pilot)
        rows = list(app.progress.review_log())
        assert [(row.item_id, row.rating) for row in rows] == [("sgd-card-step", 4)]
        assert "Session complete" in screen_text(app)


async def test_ticking_key_points_with_the_mouse_changes_the_proposal(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "i", "enter", "space")  # beginner question: two key points
        await settle(pilot)
        assert "proposed Again" in screen_text(app)
        # The key points are the last lines that say so (the answer above says it too).
        await pilot.click(offset=find_on_screen(app, "moment estimation", last=True))
        await pilot.click(offset=find_on_screen(app, "adaptive", last=True))
        await settle(pilot)
        assert "proposed Good" in screen_text(app)


async def test_command_palette_offers_review_stats_and_search(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"review due")
        await settle(pilot)
        assert "Review due" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("q", "ctrl+p", *"stats")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
