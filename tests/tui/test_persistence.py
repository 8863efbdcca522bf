"""Progress survives the app; a broken database is moved aside and the learner is told."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import make_app, make_deck, open_progress
from .helpers import screen_text, settle

SIZE = (100, 30)


async def test_grades_persist_across_two_app_runs_on_one_data_dir(tmp_path: Path):
    deck = make_deck()
    with open_progress(tmp_path, deck) as progress:
        app = make_app(deck, progress)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("down", "enter", "f", "enter", "space", "3")  # SGD's only card: good
            await settle(pilot)
            assert "Session complete" in screen_text(app)

    with open_progress(tmp_path, deck) as progress:
        assert progress.status("sgd-card-step").reps == 1
        app = make_app(deck, progress)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # Nothing left to study in SGD on the same day; the new count dropped too.
            assert re.search(r"Stochastic gradient descent\s+(optimization\s+)?0\s+0\s", screen_text(app))
            await pilot.press("down", "enter", "f")
            await settle(pilot)
            assert "0 to study now" in screen_text(app)


async def test_a_broken_database_is_moved_aside_and_the_app_says_where(tmp_path: Path):
    database = tmp_path / "progress.sqlite3"
    database.write_bytes(b"this is not an SQLite database, just some garbage bytes" * 50)
    deck = make_deck()
    with open_progress(tmp_path, deck) as progress:
        moved = progress.moved_aside
        assert moved is not None and moved.exists()
        app = make_app(deck, progress)
        async with app.run_test(size=(160, 30), notifications=True) as pilot:
            await settle(pilot)
            text = " ".join(screen_text(app).split())
            assert "Progress database replaced" in text
            assert moved.name in text
            # The fresh database works: a grade goes through.
            await pilot.press("r", "space", "3")
            await settle(pilot)
            assert len(list(progress.review_log())) == 1
