"""The database file: settings persist, broken files are moved aside and never overwritten."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from interview_lab.review import Grade, Progress
from interview_lab.review.store import SCHEMA_VERSION

from .conftest import NOW


def test_a_new_database_uses_wal_a_busy_timeout_and_the_current_schema(open_progress, tmp_path):
    progress = open_progress()
    assert progress.db_path == tmp_path / "progress.sqlite3"
    assert progress.moved_aside is None
    progress.grade("adam-q0", Grade.GOOD, now=NOW)
    conn = sqlite3.connect(progress.db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()
    timeout = progress._store._conn.execute("PRAGMA busy_timeout").fetchone()[0]
    assert timeout >= 1000


def test_progress_settings_and_drills_survive_reopening(open_progress):
    progress = open_progress()
    progress.grade("adam-q0", Grade.GOOD, now=NOW)
    progress.set_setting("interview_date", "2027-01-15")
    progress.record_drill("adam-order", "adam", True, now=NOW)
    progress.record_drill("adam-order", "adam", False, detail="swapped steps 2 and 3", now=NOW)
    progress.close()

    reopened = open_progress()
    assert reopened.moved_aside is None
    assert reopened.status("adam-q0").reps == 1
    assert reopened.get_setting("interview_date") == "2027-01-15"
    assert reopened.get_setting("missing", "fallback") == "fallback"
    assert reopened.drill_summary("adam") == (2, 1)
    assert reopened.drill_summary("sgd") == (0, 0)
    assert reopened.stats(now=NOW).drills_by_topic["adam"] == (2, 1)
    reopened.set_setting("interview_date", None)
    assert reopened.get_setting("interview_date") is None


def make_real_database(tmp_path, deck) -> bytes:
    with Progress.open(tmp_path, deck, fuzz=False) as progress:
        for n, item in enumerate(progress.due_ids(now=NOW)):
            progress.grade(item, Grade(1 + n % 4), now=NOW + timedelta(seconds=n))
    # fold the WAL into the main file so the copy below is the whole database
    conn = sqlite3.connect(tmp_path / "progress.sqlite3")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return (tmp_path / "progress.sqlite3").read_bytes()


def newer_schema(path, _real: bytes) -> None:
    path.write_bytes(_real)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def unrelated_database(path, _real: bytes) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    conn.execute("INSERT INTO recipes VALUES ('soup', 40)")
    conn.commit()
    conn.close()


def missing_table(path, real: bytes) -> None:
    path.write_bytes(real)
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE drills")
    conn.commit()
    conn.close()


BROKEN_FILES = {
    "garbage": lambda path, real: path.write_bytes(b"this is not sqlite at all\x00\xff" * 200),
    "truncated": lambda path, real: path.write_bytes(real[: len(real) // 2]),
    "newer-schema": newer_schema,
    "unrelated-sqlite": unrelated_database,
    "missing-table": missing_table,
}


@pytest.mark.parametrize("kind", sorted(BROKEN_FILES))
def test_a_file_that_is_not_a_valid_progress_database_is_moved_aside_untouched(tmp_path, deck, kind):
    real = make_real_database(tmp_path / "source", deck)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    db_path = data_dir / "progress.sqlite3"
    BROKEN_FILES[kind](db_path, real)
    original = db_path.read_bytes()

    with Progress.open(data_dir, deck, fuzz=False) as progress:
        moved = progress.moved_aside
        assert moved is not None and moved.parent == data_dir
        assert moved.name.startswith("progress.sqlite3.broken-")
        assert moved.read_bytes() == original  # never overwritten
        assert progress.moved_aside_reason
        # a fresh database, usable at once
        assert list(progress.review_log()) == []
        progress.grade("adam-q0", Grade.GOOD, now=NOW)

    with Progress.open(data_dir, deck, fuzz=False) as progress:
        assert progress.moved_aside is None
        assert progress.status("adam-q0").reps == 1
    assert moved.read_bytes() == original


def test_a_second_broken_file_in_the_same_second_gets_its_own_name(tmp_path, deck):
    names = set()
    for _ in range(2):
        (tmp_path / "progress.sqlite3").write_bytes(b"garbage" * 100)
        with Progress.open(tmp_path, deck) as progress:
            names.add(progress.moved_aside)
    assert len(names) == 2 and all(path.exists() for path in names)


def test_a_valid_database_from_before_is_opened_not_moved(tmp_path, deck):
    make_real_database(tmp_path, deck)
    with Progress.open(tmp_path, deck) as progress:
        assert progress.moved_aside is None
        assert progress.stats(now=NOW).total_reviews > 0
