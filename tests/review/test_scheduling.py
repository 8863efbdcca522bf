"""Scheduling behaviour a learner sees: what is due, what a rating button promises, undo, cram."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_lab.review import Grade, Progress
from .conftest import NOW, make_deck, make_topic


def test_a_fresh_install_can_study_at_once_up_to_the_new_item_limit(open_progress):
    progress = open_progress(new_per_day=5)
    due = progress.due_ids(now=NOW)
    assert len(due) == 5
    # beginner questions come first within a topic, then the harder tiers
    assert due[:2] == ["adam-q0", "adam-q3"]
    assert progress.counts("adam", now=NOW).due == 5
    assert progress.counts("adam", now=NOW).new == 10


def test_the_new_item_limit_counts_todays_first_reviews_and_resets_the_next_day(open_progress):
    progress = open_progress(new_per_day=3)
    for item_id in progress.due_ids(now=NOW)[:2]:
        progress.grade(item_id, Grade.EASY, now=NOW)
    fresh_today = [i for i in progress.due_ids(now=NOW) if progress.status(i).state == "new"]
    assert len(fresh_today) == 1
    tomorrow = NOW + timedelta(days=1)
    fresh_tomorrow = [i for i in progress.due_ids(now=tomorrow) if progress.status(i).state == "new"]
    assert len(fresh_tomorrow) == 3


def test_reviews_that_fall_due_come_before_new_items_oldest_first(open_progress):
    progress = open_progress(new_per_day=20)
    progress.grade("adam-c1", Grade.GOOD, now=NOW)  # learning step: due in minutes
    progress.grade("adam-c0", Grade.AGAIN, now=NOW)  # due sooner
    later = NOW + timedelta(hours=1)
    due = progress.due_ids("adam", now=later)
    assert due[:2] == ["adam-c0", "adam-c1"]
    assert "adam-c2" in due and "sgd-q0" not in due


def test_due_card_ids_lists_only_cards(open_progress):
    progress = open_progress()
    cards = progress.due_card_ids("adam", now=NOW)
    assert cards == ["adam-c0", "adam-c1", "adam-c2", "adam-c3"]


def test_grading_moves_the_item_out_of_the_due_list_until_its_due_time(open_progress):
    progress = open_progress()
    progress.grade("adam-q0", Grade.EASY, now=NOW)
    status = progress.status("adam-q0")
    assert status.state == "review" and status.reps == 1
    assert "adam-q0" not in progress.due_ids(now=NOW + timedelta(minutes=5))
    assert "adam-q0" in progress.due_ids(now=status.due)


def test_better_grades_give_longer_intervals(open_progress):
    progress = open_progress()
    progress.grade("adam-q0", Grade.EASY, now=NOW)
    review_time = progress.status("adam-q0").due
    intervals = progress.preview("adam-q0", now=review_time)
    assert intervals[Grade.AGAIN] < intervals[Grade.HARD] < intervals[Grade.GOOD] < intervals[Grade.EASY]
    assert intervals[Grade.AGAIN] < timedelta(days=1) <= intervals[Grade.HARD]


def test_a_lower_desired_retention_spaces_reviews_further_apart(tmp_path, deck):
    intervals = {}
    for retention in (0.8, 0.95):
        with Progress.open(tmp_path / str(retention), deck, desired_retention=retention, fuzz=False) as progress:
            progress.grade("adam-q0", Grade.EASY, now=NOW)
            intervals[retention] = progress.preview("adam-q0", now=progress.status("adam-q0").due)[Grade.GOOD]
    assert intervals[0.8] > intervals[0.95]


def test_desired_retention_setting_is_used_when_not_given(tmp_path, deck):
    with Progress.open(tmp_path, deck) as progress:
        progress.set_setting("desired_retention", 0.85)
    with Progress.open(tmp_path, deck) as progress:
        assert progress.desired_retention == 0.85
    with pytest.raises(ValueError):
        Progress.open(tmp_path / "other", deck, desired_retention=1.5)
    with Progress.open(tmp_path, deck) as progress:
        progress.set_setting("desired_retention", "lots")
    with Progress.open(tmp_path, deck) as progress:
        assert progress.desired_retention == 0.9


def test_fuzz_spreads_long_intervals_but_only_when_enabled(tmp_path):
    topic = make_topic("big", questions=0, cards=40)
    deck = make_deck(topic)
    spreads = {}
    for fuzz in (True, False):
        with Progress.open(tmp_path / str(fuzz), deck, fuzz=fuzz, new_per_day=100) as progress:
            days = set()
            for card in topic.cards:
                progress.grade(card.id, Grade.EASY, now=NOW)
                second = progress.status(card.id).due
                progress.grade(card.id, Grade.EASY, now=second)
                days.add((progress.status(card.id).due - second).days)
            spreads[fuzz] = days
    assert len(spreads[False]) == 1
    assert len(spreads[True]) > 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(list(Grade)), st.integers(min_value=0, max_value=60 * 24 * 90)),
        min_size=1,
        max_size=8,
    ),
    item=st.sampled_from(["adam-q0", "adam-c1", "sgd-q4"]),
)
def test_the_preview_on_each_button_is_exactly_what_grading_gives(tmp_path_factory, deck, steps, item):
    # fuzz on, as in real use: the fuzz must not make the buttons lie
    with Progress.open(tmp_path_factory.mktemp("p"), deck, fuzz=True) as progress:
        now = NOW
        for grade, minutes_later in steps:
            now = now + timedelta(minutes=minutes_later)
            promised = progress.preview(item, now=now)
            progress.grade(item, grade, now=now)
            assert progress.status(item).due - now == promised[grade]


def test_editing_an_items_text_keeps_its_progress(open_progress):
    progress = open_progress()
    progress.grade("adam-q1", Grade.GOOD, now=NOW)
    before = progress.status("adam-q1")
    progress.close()
    edited = make_deck(make_topic("adam", prompt="reworded"), make_topic("sgd"))
    assert edited.item("adam-q1").prompt != "prompt 1"
    assert open_progress(edited).status("adam-q1") == before


def test_a_removed_items_history_is_harmless(open_progress):
    progress = open_progress()
    progress.grade("adam-q5", Grade.AGAIN, now=NOW)
    progress.close()
    smaller = make_deck(make_topic("adam", questions=5), make_topic("sgd"))
    progress = open_progress(smaller)
    later = NOW + timedelta(days=3)
    assert "adam-q5" not in progress.due_ids(now=later)
    assert progress.counts("adam", now=later).total == 9
    stats = progress.stats(now=later)
    assert stats.total_reviews == 1 and stats.items_seen == 0
    assert [row.item_id for row in progress.review_log()] == ["adam-q5"]
    assert progress.status("adam-q5").reps == 1  # still readable
    with pytest.raises(KeyError):
        progress.grade("adam-q5", Grade.GOOD, now=later)


def test_a_deck_swapped_in_while_open_schedules_its_new_items_and_keeps_history(open_progress):
    progress = open_progress(make_deck(make_topic("adam")))
    progress.grade("adam-q1", Grade.GOOD, now=NOW)
    with pytest.raises(KeyError):
        progress.status("notes-c1")
    progress.use_deck(make_deck(make_topic("adam"), make_topic("notes")))
    assert progress.status("notes-c1").state == "new"
    assert "notes-c1" in progress.due_ids("notes", now=NOW)
    assert progress.status("adam-q1").reps == 1


def test_unknown_items_and_naive_times_are_refused(open_progress):
    progress = open_progress()
    with pytest.raises(KeyError):
        progress.status("no-such-item")
    with pytest.raises(KeyError):
        progress.preview("no-such-item")
    with pytest.raises(ValueError):
        progress.grade("adam-q0", Grade.GOOD, now=NOW.replace(tzinfo=None))
    assert list(progress.review_log()) == []


def test_undo_restores_the_schedule_and_the_log_exactly(open_progress):
    progress = open_progress()
    progress.grade("adam-q0", Grade.GOOD, now=NOW)
    progress.grade("adam-q0", Grade.GOOD, now=NOW + timedelta(minutes=10))
    before_status = progress.status("adam-q0")
    before_log = list(progress.review_log())
    before_preview = progress.preview("adam-q0", now=NOW + timedelta(days=5))

    progress.grade("adam-q0", Grade.AGAIN, duration_ms=4200, now=NOW + timedelta(days=5))
    assert progress.status("adam-q0") != before_status
    assert progress.undo() == "adam-q0"

    assert progress.status("adam-q0") == before_status
    assert list(progress.review_log()) == before_log
    assert progress.preview("adam-q0", now=NOW + timedelta(days=5)) == before_preview


def test_undo_walks_back_several_grades_and_a_new_item_becomes_new_again(open_progress):
    progress = open_progress(new_per_day=2)
    progress.grade("adam-q0", Grade.EASY, now=NOW)
    progress.grade("adam-q3", Grade.HARD, now=NOW)
    assert progress.counts("adam", now=NOW).new_today == 0
    assert progress.undo() == "adam-q3"
    assert progress.undo() == "adam-q0"
    assert progress.undo() is None
    assert progress.status("adam-q0").state == "new"
    assert progress.counts("adam", now=NOW).new_today == 2
    assert list(progress.review_log()) == []


def test_undo_only_covers_grades_given_through_this_object(open_progress):
    first = open_progress()
    first.grade("adam-q0", Grade.GOOD, now=NOW)
    second = open_progress()
    assert second.undo() is None
    assert first.undo() == "adam-q0"


def test_undo_refuses_a_grade_overtaken_elsewhere_and_never_undoes_an_older_one_instead(open_progress):
    first = open_progress()
    first.grade("adam-q0", Grade.GOOD, now=NOW)
    first.grade("adam-q3", Grade.GOOD, now=NOW)
    second = open_progress()
    second.grade("adam-q3", Grade.EASY, now=NOW + timedelta(minutes=5))  # the same item, in another window
    log_before = list(first.review_log())
    assert first.undo() is None  # adam-q3's grade is overtaken; adam-q0's must stay
    assert list(first.review_log()) == log_before
    assert first.undo() == "adam-q0"  # asked again, the next grade of this window goes back
    assert [row.item_id for row in first.review_log()] == ["adam-q3", "adam-q3"]


def test_cram_logs_the_grade_and_leaves_the_schedule_alone(open_progress):
    progress = open_progress(new_per_day=1)
    progress.grade("adam-c0", Grade.EASY, now=NOW)
    scheduled = progress.status("adam-c0")
    for card_id in ("adam-c0", "adam-c1", "adam-c2"):
        progress.grade(card_id, Grade.AGAIN, now=NOW + timedelta(minutes=1), cram=True)
    assert progress.status("adam-c0") == scheduled
    assert progress.status("adam-c1").state == "new"
    log = list(progress.review_log())
    assert [row.cram for row in log] == [False, True, True, True]
    assert log[1].state == "review" and log[2].state == "new"
    stats = progress.stats(now=NOW + timedelta(minutes=2))
    assert stats.total_reviews == 4
    assert stats.retention_by_topic["adam"] == 1.0  # cram grades do not count as lapses
    assert progress.undo() == "adam-c2"
    assert len(list(progress.review_log())) == 3


def test_the_review_log_records_what_happened(open_progress):
    progress = open_progress()
    progress.grade("sgd-c1", Grade.HARD, duration_ms=1500, now=NOW)
    (row,) = progress.review_log()
    assert row.item_id == "sgd-c1" and row.rating == 2 and row.duration_ms == 1500
    assert row.reviewed_at == NOW and row.reviewed_at.tzinfo == timezone.utc
    assert row.state == "new" and row.cram is False


def test_lapses_count_forgotten_reviews(open_progress):
    progress = open_progress()
    progress.grade("adam-q0", Grade.EASY, now=NOW)
    due = progress.status("adam-q0").due
    progress.grade("adam-q0", Grade.AGAIN, now=due)
    status = progress.status("adam-q0")
    assert status.state == "relearning" and status.lapses == 1 and status.reps == 2


ITEMS = ["adam-q0", "adam-c0", "sgd-q1"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    actions=st.lists(
        st.one_of(
            st.just("undo"),
            st.tuples(st.sampled_from(ITEMS), st.sampled_from(list(Grade)), st.booleans(), st.integers(0, 60 * 24 * 20)),
        ),
        max_size=14,
    )
)
def test_any_mix_of_grades_and_undos_leaves_what_the_undone_grades_found(tmp_path_factory, deck, actions):
    with Progress.open(tmp_path_factory.mktemp("u"), deck, fuzz=True) as progress:

        def snapshot():
            return [progress.status(i) for i in ITEMS], list(progress.review_log()), progress.counts("adam", now=NOW)

        history = []
        now = NOW
        for action in actions:
            if action == "undo":
                undone = progress.undo()
                if history:
                    item_id, before = history.pop()
                    assert undone == item_id
                    assert snapshot() == before
                else:
                    assert undone is None
            else:
                item_id, grade, cram, minutes = action
                now += timedelta(minutes=minutes)
                history.append((item_id, snapshot()))
                progress.grade(item_id, grade, now=now, cram=cram)
