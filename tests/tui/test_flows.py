"""Pilot tests of every flow: navigate, reveal, tick, grade, undo, cram, search, stats."""

from __future__ import annotations

import re
from datetime import date

from textual.widgets import Input, OptionList, TabbedContent

from interview_lab.tui.widgets.key_points import KeyPointList

from interview_lab.review import Grade
from interview_lab.tui.screens.home import HomeScreen
from interview_lab.tui.screens.search import SearchScreen
from interview_lab.tui.screens.stats import StatsScreen
from interview_lab.tui.screens.study import StudyScreen, proposed_grade
from interview_lab.tui.screens.topic import TopicScreen

from .conftest import FIXED_NOW, make_app, make_deck, open_progress
from .helpers import screen_text, settle

SIZE = (100, 30)


async def test_home_lists_every_topic_with_due_and_new_counts(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#topics", OptionList).option_count == 2
        text = screen_text(app)
        assert "Stochastic gradient descent" in text
        # Adam: 3 questions + 3 cards, never studied: no review due, 6 new.
        assert re.search(r"Adam optimizer\s+(optimization\s+)?0\s+6\s", text)
        # New items share one daily allowance: the title adds them up with the reviews.
        assert "7 to study now: 0 due + 7 new (20 new a day)" in text
        assert "problems in your decks" not in text


async def test_home_tells_about_deck_problems_and_still_opens_topics(tmp_path):
    deck = make_deck(problems=3)
    with open_progress(tmp_path, deck) as progress:
        app = make_app(deck, progress)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "3 problems in your decks: interview-lab check shows them" in screen_text(app)
            await pilot.press("enter")
            assert isinstance(app.screen, TopicScreen)


async def test_topic_opens_on_theory_and_switches_tabs_by_key(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TopicScreen)
        tabs = app.screen.query_one(TabbedContent)
        assert tabs.active == "theory"
        text = screen_text(app)
        assert "Adam keeps two running averages per parameter." in text
        assert "m = beta1 * m" in text  # the code block
        await pilot.press("l")
        assert tabs.active == "lab"
        assert "Open an empty Lab" in screen_text(app)  # the fixture topic has no experiments
        await pilot.press("d")
        assert "This topic has no drills yet." in screen_text(app)
        await pilot.press("i")
        assert tabs.active == "interview"
        text = screen_text(app)
        for heading in ("Beginner", "Intermediate", "Expert"):
            assert heading in text
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)


async def test_question_reveal_tick_key_points_and_grade_from_the_proposal(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "i", "enter")  # the first question: beginner
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert "What does Adam stand for?" in screen_text(app)
        assert "Adaptive moment estimation" not in screen_text(app)
        # Type a draft, leave the text area, reveal.
        await pilot.press("tab", *"adaptive", "escape", "space")
        await pilot.pause()
        assert screen.revealed
        text = screen_text(app)
        assert "Adaptive moment estimation" in text
        assert "adaptive" in screen.query_one("#draft").text
        assert "proposed Again" in text  # nothing ticked yet
        await pilot.press("space")  # tick the first key point
        assert screen.query_one("#key-points", KeyPointList).selected == [0]
        assert "proposed Hard" in screen_text(app)
        await pilot.press("down", "space")
        assert "proposed Good" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        status = app.progress.status("adam-what")
        assert status.reps == 1 and status.state != "new"
        assert [row.rating for row in app.progress.review_log()] == [3]
        # The session moves on to the next question of the topic.
        assert "Why does Adam correct the bias of its moments?" in screen_text(app)


def test_proposed_grade_follows_key_point_coverage():
    assert proposed_grade(0, 4) == Grade.AGAIN
    assert proposed_grade(1, 4) == Grade.AGAIN
    assert proposed_grade(2, 4) == Grade.HARD
    assert proposed_grade(3, 4) == Grade.HARD
    assert proposed_grade(4, 4) == Grade.GOOD


async def test_question_with_an_experiment_offers_the_lab_key(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "i", "down", "enter")  # the intermediate question has an experiment
        await pilot.pause()
        assert "Why does Adam correct" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        # The fixture deck lacks the experiment the question names: a notice, not a crash.
        assert "No experiment" in screen_text(app) and isinstance(app.screen, StudyScreen)


async def test_card_flip_shows_intervals_grade_then_undo_restores_schedule_and_log(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f", "enter")  # topic, flash cards tab, study due cards
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert "Adam's default lr in PyTorch?" in screen_text(app)
        assert "1e-3" not in screen_text(app)
        await pilot.press("space")
        text = screen_text(app)
        assert "1e-3" in text
        preview = app.progress.preview("adam-card-defaults", now=app.now())
        for grade in Grade:
            from interview_lab.tui.text import format_interval

            assert format_interval(preview[grade]) in text
        before = app.progress.status("adam-card-defaults")
        await pilot.press("3")
        await pilot.pause()
        assert app.progress.status("adam-card-defaults").reps == 1
        assert "Adam's default eps in PyTorch?" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert app.progress.status("adam-card-defaults") == before
        assert list(app.progress.review_log()) == []
        # Back on the undone card, its answer showing, ready for another grade.
        assert "1e-3" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert [row.rating for row in app.progress.review_log()] == [1]


async def test_session_summary_counts_reviews_and_agains(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter", "f", "enter")  # SGD: one card
        await pilot.pause()
        await pilot.press("space", "1")
        await pilot.pause()
        text = screen_text(app)
        assert "Session complete" in text
        assert "Reviewed  1" in text and "Again     1" in text
        assert "Next due" in text
        await pilot.press("enter")
        assert isinstance(app.screen, TopicScreen)


async def test_cram_logs_reviews_without_changing_the_schedule(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen) and screen.cram
        assert "cram" in screen_text(app)
        before = app.progress.status("adam-card-defaults")
        await pilot.press("space", "4")
        await pilot.pause()
        assert app.progress.status("adam-card-defaults") == before
        rows = list(app.progress.review_log())
        assert len(rows) == 1 and rows[0].cram and rows[0].rating == 4


async def test_review_due_studies_every_due_item_across_topics(app):
    async with app.run_test(size=SIZE) as pilot:
        due = app.progress.due_ids(now=app.now())
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert [item.id for item in screen.items] == due
        assert {item.topic_id for item in screen.items} == {"adam", "sgd"}
        assert f"1 of {len(due)}" in screen_text(app)


async def test_search_finds_cards_and_opens_them(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"eps")
        await pilot.pause()
        assert "Adam's default eps in PyTorch?" in screen_text(app)
        assert "Adam's default lr in PyTorch?" not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert [item.id for item in app.screen.items] == ["adam-card-eps"]


async def test_search_finds_topics_by_title(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"stochastic")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TopicScreen) and app.screen.topic.id == "sgd"


async def test_stats_shows_reviews_and_predicts_recall_on_the_interview_date(app):
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("enter", "f", "enter", "space", "3")
        await pilot.pause()
        await pilot.press("q", "q", "s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert "Reviews per day" in text and "Due per day" in text
        assert "Set your interview date" in text
        date_input = app.screen.query_one("#interview-date", Input)
        date_input.focus()
        await pilot.press(*"2026-03-20", "enter")
        await pilot.pause()
        assert app.progress.get_setting("interview_date") == "2026-03-20"
        text = screen_text(app)
        assert "Predicted recall on 2026-03-20 (in 18 days)" in text
        recall = app.progress.recall_on(date(2026, 3, 20), now=app.now())
        from interview_lab.tui.text import percent

        assert percent(recall[("adam", "cards")]) in text


async def test_help_lists_keys_and_closes(app):
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for key in ("review everything due", "undo the last grade", "cram every card"):
            assert key in text
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_footer_shows_what_the_study_screen_accepts(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f", "enter")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Show answer" in footer and "Good" not in footer
        await pilot.press("space")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Again" in footer and "Good" in footer and "Show answer" not in footer


async def test_undo_only_takes_back_the_sessions_own_last_grade(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "f", "enter", "space", "3")  # session A grades a card
        await pilot.pause()
        session_a = app.screen
        await pilot.press("slash", *"SGD update", "enter")  # session B, on top, grades another
        await pilot.pause()
        await pilot.press("space", "4")
        await pilot.pause()
        await pilot.press("q")  # back to session A
        await pilot.pause()
        assert app.screen is session_a
        await pilot.press("u")
        await pilot.pause()
        # Both grades stand: session A's last grade is not the app's last grade.
        assert [row.item_id for row in app.progress.review_log()] == ["adam-card-defaults", "sgd-card-step"]


async def test_undo_of_a_question_gives_back_the_draft_and_the_ticked_points(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "i", "down", "enter")  # the intermediate question: three key points
        await pilot.pause()
        await pilot.press("tab", *"zero start", "escape", "space")
        await pilot.pause()
        await pilot.press("space", "down", "down", "space")  # tick the first and the third
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#key-points", KeyPointList).selected == [0, 2]
        assert "proposed Hard" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert "What does AMSGrad change?" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert screen.query_one("#key-points", KeyPointList).selected == [0, 2]
        assert screen.query_one("#draft").text == "zero start"
        text = screen_text(app)
        assert "zero start" in text and "proposed Hard" in text
        await pilot.press("home", "down", "space")  # the middle point too: all covered now
        await pilot.pause()
        assert "proposed Good" in screen_text(app)


async def test_escape_goes_back_but_never_quits_from_home(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "f", "enter")  # a card session two screens deep
        await pilot.pause()
        await pilot.press("escape", "escape", "escape", "escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, HomeScreen)
        assert "Press q to quit." in screen_text(app)


async def test_enter_on_the_cards_tab_with_nothing_due_does_not_cram(app):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter", "c")  # cram every Adam card
        await pilot.pause()
        for _ in range(3):
            await pilot.press("space", "4")
            await pilot.pause()
        await pilot.press("q")  # cram changed nothing: study them for real, all Easy
        await pilot.press("f", "enter")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("space", "4")
            await pilot.pause()
        await pilot.press("q", "f")
        await pilot.pause()
        assert app.progress.due_card_ids("adam", now=app.now()) == []
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TopicScreen)  # no session started, cram or otherwise
        assert "No cards are due in this topic" in screen_text(app)


async def test_drill_outcomes_count_in_the_topic_and_in_stats(tmp_path):
    from dataclasses import replace

    from interview_lab.content.model import ReorderDrill

    deck = make_deck()
    adam = deck.topics[0]
    drill = ReorderDrill(
        id="adam-order", topic_id="adam", title="One Adam step", prompt="Order the steps.",
        steps=("gradient", "moments", "bias correction", "update"),
    )
    deck = replace(deck, topics=(replace(adam, drills=(drill,)), *deck.topics[1:]))
    with open_progress(tmp_path, deck) as progress:
        progress.record_drill("adam-order", "adam", False, now=FIXED_NOW)
        progress.record_drill("adam-order", "adam", True, now=FIXED_NOW)
        app = make_app(deck, progress)
        async with app.run_test(size=(120, 50)) as pilot:
            await pilot.press("enter", "d")
            await settle(pilot)
            assert "1 drill · 1 of 2 attempts right" in screen_text(app)
            await pilot.press("q", "s")
            await settle(pilot)
            assert re.search(r"Adam optimizer\s+\S+\s+\d+\s+1/2\s", screen_text(app))


async def test_stats_draws_one_retention_bar_per_topic(app):
    from interview_lab.review import Grade

    app.progress.grade("adam-card-defaults", Grade.AGAIN, now=FIXED_NOW)
    app.progress.grade("adam-card-eps", Grade.GOOD, now=FIXED_NOW)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        chart = str(app.screen.query_one("#retention-topic-chart").render())
        rows = [line for line in chart.splitlines() if line.startswith(("Adam optimizer", "Stochastic"))]
        assert len(rows) == 2
        adam, sgd = rows
        assert adam.rstrip().endswith("50%") and adam.count("█") == adam.count("░")  # half the bar filled
        assert sgd.rstrip().endswith("-") and "█" not in sgd  # not reviewed yet: no bar


async def test_a_review_across_topics_says_which_topic_each_item_is_from(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        topic = app.deck.topic(screen.item.topic_id)
        first_line = screen_text(app).splitlines()[0]
        assert f"{topic.title} · 1 of 7" in first_line
