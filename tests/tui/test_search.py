"""What search finds: every word must match, card backs count, topics come first."""

from __future__ import annotations

from interview_lab.tui.screens.search import search_deck

from .conftest import make_deck


def test_every_word_must_match_somewhere_in_the_item():
    deck = make_deck()
    assert [hit.item_id for hit in search_deck(deck, "default lr")] == ["adam-card-defaults"]
    assert search_deck(deck, "default nowhere") == []  # one missing word is enough to drop an item


def test_a_cards_back_is_searched_too_and_case_does_not_matter():
    deck = make_deck()
    hits = search_deck(deck, "X -= LR")  # only on the back of the SGD card
    assert [(hit.kind, hit.item_id) for hit in hits] == [("card", "sgd-card-step")]


def test_topics_come_before_their_questions_and_cards():
    deck = make_deck()
    kinds = [hit.kind for hit in search_deck(deck, "adam")]
    assert kinds[0] == "topic" and "question" in kinds and "card" in kinds
    assert kinds.index("topic") < min(kinds.index("question"), kinds.index("card"))
    assert search_deck(deck, "   ") == []
