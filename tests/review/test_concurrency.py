"""Two app instances on one data folder, and an app killed mid-session."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from interview_lab.review import Grade, Progress

from .conftest import NOW

GRADER = Path(__file__).with_name("grader_process.py")


def start_grader(data_dir: Path, topic_id: str, rounds: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(GRADER), str(data_dir), topic_id, str(rounds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_two_progress_objects_grading_in_turn_keep_every_grade(open_progress):
    first, second = open_progress(), open_progress()
    for n in range(5):
        first.grade(f"adam-c{n % 4}", Grade.GOOD, now=NOW)
        second.grade(f"sgd-c{n % 4}", Grade.HARD, now=NOW)
    first.close()
    second.close()
    reopened = open_progress()
    assert len(list(reopened.review_log())) == 10
    assert reopened.status("adam-c0").reps == 2 and reopened.status("sgd-c0").reps == 2


def test_two_processes_grading_at_once_keep_every_grade_and_a_valid_database(tmp_path, deck):
    rounds = 4
    graders = [start_grader(tmp_path, topic_id, rounds) for topic_id in ("adam", "sgd")]
    for grader in graders:
        out, err = grader.communicate(timeout=120)
        assert grader.returncode == 0, err
        assert len(out.splitlines()) == rounds * 10
    assert integrity(tmp_path / "progress.sqlite3") == "ok"
    with Progress.open(tmp_path, deck) as progress:
        assert progress.moved_aside is None
        graded = Counter(row.item_id for row in progress.review_log())
        assert len(graded) == 20 and set(graded.values()) == {rounds}
        assert all(progress.status(item_id).reps == rounds for item_id in graded)


def test_a_killed_app_loses_no_grade_it_had_shown_as_given(tmp_path, deck):
    grader = start_grader(tmp_path, "adam", 0)
    reported: list[int] = []
    try:
        assert grader.stdout is not None
        while len(reported) < 25:
            line = grader.stdout.readline()
            assert line, grader.stderr.read() if grader.stderr else "grader stopped"
            reported.append(int(line.split()[1]))
    finally:
        os.kill(grader.pid, signal.SIGKILL)
        grader.wait(timeout=30)
    assert grader.returncode == -signal.SIGKILL
    with Progress.open(tmp_path, deck) as progress:
        assert progress.moved_aside is None
        logged = {row.duration_ms for row in progress.review_log()}
    assert set(reported) <= logged
    assert integrity(tmp_path / "progress.sqlite3") == "ok"


def test_two_processes_finding_the_same_broken_file_move_it_once_and_share_a_fresh_one(tmp_path, deck):
    garbage = b"\x00garbage\xff" * 500
    (tmp_path / "progress.sqlite3").write_bytes(garbage)
    graders = [start_grader(tmp_path, topic_id, 1) for topic_id in ("adam", "sgd")]
    for grader in graders:
        _out, err = grader.communicate(timeout=120)
        assert grader.returncode == 0, err
    moved = sorted(tmp_path.glob("progress.sqlite3.broken-*"))
    assert [path.read_bytes() for path in moved if not path.name.endswith(("-wal", "-shm"))] == [garbage]
    with Progress.open(tmp_path, deck) as progress:
        assert progress.moved_aside is None
        assert len(list(progress.review_log())) == 20


def test_one_progress_object_can_be_used_from_a_worker_thread_and_the_main_thread(open_progress):
    import threading
    from datetime import timedelta

    progress = open_progress(new_per_day=100)
    errors: list[BaseException] = []

    def grade_cards() -> None:
        try:
            for n in range(40):
                progress.grade(f"sgd-c{n % 4}", Grade.GOOD, now=NOW + timedelta(hours=n))
        except BaseException as error:  # surfaced below
            errors.append(error)

    worker = threading.Thread(target=grade_cards)
    worker.start()
    for n in range(40):
        progress.grade(f"adam-c{n % 4}", Grade.HARD, now=NOW + timedelta(hours=n))
        progress.counts("sgd", now=NOW)
    worker.join()
    assert not errors
    assert len(list(progress.review_log())) == 80
