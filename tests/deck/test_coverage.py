"""The built-in deck: every topic meets the chapter's minimums and teaches only
claims its own simulator confirms."""

from __future__ import annotations

import re

import pytest

from interview_lab.content import load_deck
from interview_lab.content.model import TIERS, ConceptDrill, FailureDrill, ReorderDrill
from interview_lab.paths import builtin_content_dir

CHAPTER = (
    "gradient-descent", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
    "amsgrad", "lr-schedules", "loss-landscapes", "feature-scaling", "gradient-clipping",
    "choosing-optimizer",
)


@pytest.fixture(scope="module")
def deck():
    return load_deck([builtin_content_dir()], builtin=builtin_content_dir())


def test_builtin_deck_has_no_problems(deck):
    assert [str(p) for p in deck.problems] == []


def test_every_chapter_topic_is_there(deck):
    assert sorted(t.id for t in deck.topics) == sorted(CHAPTER)


@pytest.mark.parametrize("topic_id", CHAPTER)
def test_topic_meets_the_minimums(deck, topic_id):
    topic = deck.topic(topic_id)
    assert topic is not None, f"{topic_id} did not load"
    assert len(topic.theory.split()) >= 300, "theory is too short to teach the topic"
    assert "```" in topic.theory, "theory needs a code walkthrough"
    for tier in TIERS:
        assert len(topic.questions_by_tier(tier)) >= 2, f"fewer than 2 {tier} questions"
    for question in topic.questions:
        assert 3 <= len(question.key_points) <= 6, f"{question.id}: wants 3-6 key points"
    assert len(topic.cards) >= 8
    assert topic.drills, "at least one drill"
    assert topic.experiments and all(e.claims for e in topic.experiments), "experiments with claims"
    own = {e.id for e in topic.experiments}
    linked = {q.experiment for q in topic.questions} | {c.experiment for c in topic.cards}
    assert own & linked, "an experiment of the topic is linked from its questions or cards"
    assert topic.references, "references for its facts"
    assert topic.related and all(deck.topic(r) for r in topic.related), "related topics resolve"


def test_every_link_resolves(deck):
    experiments = {e.id for e in deck.experiments}
    for topic in deck.topics:
        for item in (*topic.questions, *topic.cards):
            assert item.experiment is None or item.experiment in experiments, item.id
        for drill in topic.drills:
            if isinstance(drill, FailureDrill):
                assert drill.experiment in experiments and (drill.fix is None or drill.fix in experiments)
            if isinstance(drill, ConceptDrill):
                assert drill.experiment in experiments and drill.compare in experiments


def test_adam_topic_covers_the_foundation_facts(deck):
    adam = deck.topic("adam")
    text = " ".join(
        [adam.theory] + [q.answer for q in adam.questions] + [f"{c.front} {c.back}" for c in adam.cards]
    ).lower()
    for fact in ("adaptive moment estimation", "bias correction", "1e-8", "1e-7", "0.999", "amsgrad",
                 "adamw", "sparse", "rmsprop"):
        assert fact in text, f"the adam topic never mentions {fact!r}"
    assert len(adam.cards) >= 10
    kinds = {type(d) for d in adam.drills}
    assert ReorderDrill in kinds and FailureDrill in kinds
    assert len(adam.experiments) >= 2
    order = next(d for d in adam.drills if d.id == "adam-update-order")
    assert len(order.steps) >= 4
    prompts = " ".join(q.prompt.lower() for q in adam.questions)
    assert re.search(r"stand for|acronym", prompts), "a question on what ADAM stands for"


@pytest.mark.parametrize("topic_id", CHAPTER)
def test_every_claim_of_the_topic_holds(deck, topic_id):
    from interview_lab.content.model import Deck
    from interview_lab.experiments.checks import check_experiments

    topic = deck.topic(topic_id)
    assert topic is not None
    problems = check_experiments(Deck(topics=(topic,)))
    assert [str(p) for p in problems] == []
