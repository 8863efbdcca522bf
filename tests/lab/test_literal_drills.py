"""Content text in drills and Lab claims is shown as written: never markup, never a click action."""

from __future__ import annotations

from dataclasses import replace
from datetime import timezone

from interview_lab.content.model import Choice, Claim, Deck, frozen_mapping
from interview_lab.review import Progress
from interview_lab.tui.app import InterviewLabApp
from interview_lab.tui.screens.drills import drill_screen

from .conftest import CONCEPT, FAILURE, RAVINE, REORDER, make_deck
from .helpers import screen_lines, settle

MARKUP = "[bold]x[/] [@click=app.quit]q grad[i]"


def markup_deck() -> Deck:
    deck = make_deck()
    topic = deck.topics[0]
    reorder = replace(REORDER, prompt="order " + MARKUP, steps=("step " + MARKUP, *REORDER.steps[1:]))
    failure = replace(
        FAILURE, prompt="failure " + MARKUP,
        causes=(Choice("cause " + MARKUP, True), Choice("[red]other[/red]")),
    )
    concept = replace(CONCEPT, options=(Choice("option " + MARKUP, True), Choice("plain")))
    ravine = replace(RAVINE, claims=(Claim("claim " + MARKUP, "stays_finite", frozen_mapping({"run": "sgd"})),))
    experiments = tuple(ravine if e.id == RAVINE.id else e for e in topic.experiments)
    return Deck(topics=(replace(topic, drills=(reorder, failure, concept), experiments=experiments),))


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))


async def test_drill_prompts_steps_and_choices_are_literal(tmp_path):
    deck = markup_deck()
    with Progress.open(tmp_path, deck, fuzz=False, tz=timezone.utc) as progress:
        app = InterviewLabApp(deck, progress)
        async with app.run_test(size=(160, 50)) as pilot:
            topic = deck.topics[0]
            for drill, expected in (
                (topic.drills[0], ("order " + MARKUP, "step " + MARKUP)),
                (topic.drills[1], ("failure " + MARKUP, "cause " + MARKUP, "[red]other[/red]")),
                (topic.drills[2], ("option " + MARKUP,)),
            ):
                await app.push_screen(drill_screen(drill, seed=1))
                await settle(pilot)
                text = screen_text(app)
                for piece in expected:
                    assert piece in text, piece
                app.pop_screen()
                await settle(pilot)
            assert app.is_running


async def test_claim_text_in_the_lab_is_literal(tmp_path):
    deck = markup_deck()
    with Progress.open(tmp_path, deck, fuzz=False, tz=timezone.utc) as progress:
        app = InterviewLabApp(deck, progress)
        async with app.run_test(size=(160, 50)) as pilot:
            app.open_experiment(RAVINE.id)
            await settle(pilot)
            assert "claim " + MARKUP in screen_text(app)
