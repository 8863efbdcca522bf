"""Text from content is shown exactly as written and never acts as markup."""

from __future__ import annotations

from pathlib import Path

from interview_lab.content.model import Card, Deck, Question, Topic
from interview_lab.tui.screens.study import StudyScreen
from interview_lab.tui.screens.topic import TopicScreen

from .conftest import MARKUP_TEXT, make_app, open_progress
from .helpers import click_every_cell_of, screen_text, settle

SIZE = (110, 40)


def markup_deck() -> Deck:
    topic = Topic(
        id="markup",
        title="title " + MARKUP_TEXT,
        track="[red]track[/red]",
        summary="summary " + MARKUP_TEXT,
        theory=f"Theory line: {MARKUP_TEXT}\n\n```python\nx = grad[i]  # [bold]not bold[/]\n```\n",
        questions=(
            Question(
                id="markup-q", topic_id="markup", tier="beginner",
                prompt="prompt " + MARKUP_TEXT, answer="answer " + MARKUP_TEXT,
                senior_angle="senior " + MARKUP_TEXT, key_points=("point " + MARKUP_TEXT, "[b]second[/b]"),
            ),
        ),
        cards=(Card(id="markup-card", topic_id="markup", front="front " + MARKUP_TEXT, back="back " + MARKUP_TEXT),),
    )
    return Deck(topics=(topic,))


async def test_markup_in_topic_title_track_summary_and_theory_is_literal(tmp_path: Path):
    deck = markup_deck()
    with open_progress(tmp_path, deck) as progress:
        app = make_app(deck, progress)
        async with app.run_test(size=(140, 40)) as pilot:  # wide enough for the track column
            await pilot.pause()
            text = screen_text(app)
            assert "title " + MARKUP_TEXT in text
            assert "[red]track[/red]" in text
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, TopicScreen)
            text = screen_text(app)
            assert f"Theory line: {MARKUP_TEXT}" in text
            assert "x = grad[i]  # [bold]not bold[/]" in text
            assert "summary " + MARKUP_TEXT in text
            # Clicking the text that looks like a click action must not quit.
            await click_every_cell_of(pilot, app, f"Theory line: {MARKUP_TEXT}")
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, TopicScreen)


async def test_markup_in_cards_is_literal_and_inert(tmp_path: Path):
    deck = markup_deck()
    with open_progress(tmp_path, deck) as progress:
        app = make_app(deck, progress)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter", "c")
            await settle(pilot)
            assert isinstance(app.screen, StudyScreen)
            assert "front " + MARKUP_TEXT in screen_text(app)
            await click_every_cell_of(pilot, app, "front " + MARKUP_TEXT)
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, StudyScreen)
            await pilot.press("space")
            await settle(pilot)
            assert "back " + MARKUP_TEXT in screen_text(app)
            await pilot.click("#card-back")
            await settle(pilot)
            assert app.is_running and isinstance(app.screen, StudyScreen)


async def test_markup_in_questions_answers_and_key_points_is_literal(tmp_path: Path):
    deck = markup_deck()
    with open_progress(tmp_path, deck) as progress:
        app = make_app(deck, progress)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter", "i")
            await settle(pilot)
            assert "prompt " + MARKUP_TEXT in screen_text(app)  # the question list
            await pilot.press("enter")
            await settle(pilot)
            assert "prompt " + MARKUP_TEXT in screen_text(app)
            await pilot.press("space")
            await settle(pilot)
            text = screen_text(app)
            for expected in ("answer " + MARKUP_TEXT, "senior " + MARKUP_TEXT, "point " + MARKUP_TEXT, "[b]second[/b]"):
                assert expected in text
            await click_every_cell_of(pilot, app, "answer " + MARKUP_TEXT)
            await settle(pilot)
            assert app.is_running


async def test_markup_in_search_results_is_literal(tmp_path: Path):
    deck = markup_deck()
    with open_progress(tmp_path, deck) as progress:
        app = make_app(deck, progress)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("slash", *"grad")
            await settle(pilot)
            text = screen_text(app)
            assert "front " + MARKUP_TEXT in text
            assert "prompt " + MARKUP_TEXT in text
            await pilot.click("#search-results")
            await settle(pilot)
            assert app.is_running


async def test_markup_in_topic_titles_is_literal_in_the_stats_tables(tmp_path: Path):
    deck = markup_deck()
    with open_progress(tmp_path, deck) as progress:
        progress.set_setting("interview_date", "2026-03-20")  # so the recall table shows too
        app = make_app(deck, progress)
        async with app.run_test(size=(140, 60)) as pilot:
            await pilot.press("s")
            await settle(pilot)
            text = screen_text(app)
            assert text.count("title " + MARKUP_TEXT) == 2  # retention table and recall table
            assert app.is_running
