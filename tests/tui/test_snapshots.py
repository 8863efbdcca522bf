"""Snapshots of the main screens at a fixed size, on fixed data and a fixed clock.

Update them with `pytest tests/tui/test_snapshots.py --snapshot-update` and look
at the report before committing.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from interview_lab.review import Grade

from .conftest import FIXED_NOW, make_app, make_deck, open_progress

SIZE = (100, 30)


def snapshot_app(tmp_path: Path, history: bool = False):
    deck = make_deck(problems=2)
    progress = open_progress(tmp_path, deck)
    if history:
        # A few days of reviews before the fixed "now", so the charts have bars.
        for days_ago, item_id, grade in (
            (6, "adam-card-defaults", Grade.GOOD),
            (6, "adam-what", Grade.AGAIN),
            (5, "adam-what", Grade.GOOD),
            (3, "adam-card-eps", Grade.EASY),
            (2, "sgd-card-step", Grade.HARD),
            (1, "adam-bias", Grade.GOOD),
        ):
            progress.grade(item_id, grade, now=FIXED_NOW - timedelta(days=days_ago))
        progress.set_setting("interview_date", "2026-03-16")
    return make_app(deck, progress), progress


def test_snapshot_home(snap_compare, tmp_path):
    app, progress = snapshot_app(tmp_path)
    with progress:
        assert snap_compare(app, terminal_size=SIZE)


def test_snapshot_revealed_question_with_a_ticked_point(snap_compare, tmp_path):
    app, progress = snapshot_app(tmp_path)
    with progress:
        assert snap_compare(app, terminal_size=SIZE, press=["enter", "i", "down", "enter", "space", "space"])


def test_snapshot_card_front(snap_compare, tmp_path):
    app, progress = snapshot_app(tmp_path)
    with progress:
        assert snap_compare(app, terminal_size=SIZE, press=["enter", "f", "enter"])


def test_snapshot_card_back(snap_compare, tmp_path):
    app, progress = snapshot_app(tmp_path)
    with progress:
        assert snap_compare(app, terminal_size=SIZE, press=["enter", "f", "enter", "space"])


def test_snapshot_stats(snap_compare, tmp_path):
    app, progress = snapshot_app(tmp_path, history=True)
    with progress:
        assert snap_compare(app, terminal_size=(120, 50), press=["s"])
