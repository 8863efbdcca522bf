"""The Lab and the drills reached from the rest of the app: `e` on a question, the Topic tabs, the palette."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.widgets import OptionList

from interview_lab.content.model import Deck, Question
from interview_lab.review import Progress
from interview_lab.tui.app import InterviewLabApp
from interview_lab.tui.screens.drills import ReorderDrillScreen
from interview_lab.tui.screens.lab import LabScreen
from .conftest import REORDER, make_deck
from .test_reorder_drill import move_into_order

SIZE = (120, 40)


@pytest.fixture
def deck() -> Deck:
    """The Lab fixture deck, plus one question that names an experiment and one that does not."""
    base = make_deck()
    topic = base.topics[0]
    questions = (
        Question(id="adam-plain", topic_id="adam", tier="beginner", prompt="What is Adam?", answer="An optimizer.", key_points=("adaptive",)),
        Question(
            id="adam-ravine", topic_id="adam", tier="intermediate", prompt="Why does Adam cross a ravine faster?",
            answer="Per-parameter step sizes.", key_points=("per-parameter",), experiment="lab-ravine",
        ),
    )
    return Deck(topics=(replace(topic, questions=questions),))


async def test_e_on_a_question_with_an_experiment_opens_the_lab_with_it_loaded(app: InterviewLabApp):
    async with app.run_test(size=SIZE) as pilot:
        app.open_topic("adam", tab="interview")
        await pilot.pause()
        questions = app.screen.query_one("#question-list", OptionList)
        questions.focus()
        questions.highlighted = questions.get_option_index("adam-ravine")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen)
        assert app.screen.setup.experiment_id == "lab-ravine"
        assert [run.label for run in app.screen.setup.runs] == ["sgd", "adam"]
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "step 1 / 300" in str(app.screen.query_one("#lab-status").render())


async def test_topic_lab_tab_lists_the_topics_experiments_and_an_empty_lab(app: InterviewLabApp):
    async with app.run_test(size=SIZE) as pilot:
        app.open_topic("adam", tab="lab")
        await pilot.pause()
        experiments = app.screen.query_one("#topic-experiments", OptionList)
        ids = [experiments.get_option_at_index(i).id for i in range(experiments.option_count)]
        assert ids[:-1] == [e.id for e in app.deck.topics[0].experiments]
        experiments.focus()
        experiments.highlighted = ids.index("lab-explodes")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen) and app.screen.setup.experiment_id == "lab-explodes"
        await pilot.press("q")
        await pilot.pause()
        experiments.highlighted = len(ids) - 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen) and app.screen.setup.experiment_id is None


async def test_topic_drills_tab_opens_a_drill_and_its_outcome_is_recorded(app: InterviewLabApp, progress: Progress):
    async with app.run_test(size=SIZE) as pilot:
        app.open_topic("adam", tab="drills")
        await pilot.pause()
        drills = app.screen.query_one("#topic-drills", OptionList)
        drills.focus()
        drills.highlighted = [drills.get_option_at_index(i).id for i in range(drills.option_count)].index(REORDER.id)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReorderDrillScreen)
        await move_into_order(pilot, screen)
        await pilot.press("s")
        await pilot.pause()
        assert progress.drill_summary("adam") == (1, 1)


async def test_command_palette_opens_an_empty_lab(app: InterviewLabApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "Open the Lab":
            await pilot.press("space" if key == " " else key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LabScreen)
