"""Progress statistics and the `interview-lab stats` command."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date, timedelta, timezone

import pytest

import interview_lab.content
from interview_lab.cli import main
from interview_lab.review import Grade, Progress

from .conftest import NOW, make_deck


def test_reviews_per_day_and_the_forecast_cover_four_weeks(open_progress):
    progress = open_progress()
    progress.grade("adam-q0", Grade.EASY, now=NOW - timedelta(days=3))
    progress.grade("adam-q3", Grade.GOOD, now=NOW)
    progress.grade("adam-q3", Grade.GOOD, now=NOW + timedelta(minutes=10))
    stats = progress.stats(now=NOW + timedelta(hours=1))
    days = dict(stats.reviews_per_day)
    assert len(stats.reviews_per_day) == 28 and stats.reviews_per_day[-1][0] == NOW.date()
    assert days[NOW.date()] == 2 and days[NOW.date() - timedelta(days=3)] == 1
    assert sum(days.values()) == 3 == stats.total_reviews

    forecast = dict(stats.forecast)
    assert len(stats.forecast) == 28 and stats.forecast[0][0] == NOW.date()
    for item_id in ("adam-q0", "adam-q3"):
        assert forecast[max(progress.status(item_id).due.date(), NOW.date())] >= 1
    assert sum(forecast.values()) == 2


def test_retention_is_the_share_of_grades_that_were_not_again(open_progress):
    progress = open_progress()
    progress.grade("adam-q0", Grade.GOOD, now=NOW)  # beginner
    progress.grade("adam-q3", Grade.AGAIN, now=NOW)  # beginner
    progress.grade("adam-q1", Grade.HARD, now=NOW)  # intermediate
    progress.grade("sgd-c0", Grade.AGAIN, now=NOW)
    stats = progress.stats(now=NOW)
    assert stats.retention_by_tier == {"beginner": 0.5, "intermediate": 1.0, "expert": None, "cards": 0.0}
    assert stats.retention_by_topic == {"adam": pytest.approx(2 / 3), "sgd": 0.0}
    assert stats.items_seen == 4
    assert stats.reviews_by_topic == {"adam": 3, "sgd": 1}


def test_counts_report_seen_questions_per_tier(open_progress):
    progress = open_progress(new_per_day=20)
    progress.grade("adam-q0", Grade.GOOD, now=NOW)
    progress.grade("adam-q2", Grade.EASY, now=NOW)
    counts = progress.counts("adam", now=NOW + timedelta(minutes=30))
    assert counts.tiers == {"beginner": (1, 2), "intermediate": (0, 2), "expert": (1, 2)}
    assert counts.total == 10 and counts.new == 8
    assert counts.review_due == 1  # adam-q0 came due after its 10-minute step
    assert counts.due == 1 + 8 == len(progress.due_ids("adam", now=NOW + timedelta(minutes=30)))


def test_predicted_recall_falls_as_the_interview_moves_away(open_progress):
    progress = open_progress()
    progress.grade("adam-c0", Grade.EASY, now=NOW)
    soon = progress.recall_on(NOW.date() + timedelta(days=2), now=NOW)
    late = progress.recall_on(NOW.date() + timedelta(days=60), now=NOW)
    # one of the four adam cards studied: the others count as not recalled
    assert 0 < late[("adam", "cards")] < soon[("adam", "cards")] <= 0.25
    assert soon[("adam", "beginner")] is None  # not started
    assert soon[("sgd", "cards")] is None


def test_loading_progress_and_stats_does_not_import_numpy(tmp_path):
    script = textwrap.dedent(
        f"""
        import sys
        from datetime import date, datetime, timezone
        from interview_lab.content.model import Card, Deck, Topic
        from interview_lab.review import Grade, Progress
        deck = Deck(topics=(Topic(id="t", title="T", track="x", summary="s", theory="t",
                                  cards=(Card(id="c", topic_id="t", front="f", back="b"),)),))
        with Progress.open({str(tmp_path)!r}, deck) as progress:
            progress.grade("c", Grade.GOOD)
            progress.stats(); progress.recall_on(date(2030, 1, 1)); progress.counts("t")
        assert "numpy" not in sys.modules, "numpy was imported"
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def stats_command(tmp_path, monkeypatch, capsys):
    """Run `interview-lab stats ...` on a test deck; returns (exit code, stdout, stderr)."""
    deck = make_deck()
    monkeypatch.setattr(interview_lab.content, "load_app_deck", lambda content, data_dir: deck, raising=False)

    def run(*arguments: str) -> tuple[int, str, str]:
        code = main(["stats", "--data-dir", str(tmp_path), *arguments])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_stats_json_gives_scripts_totals_and_per_topic_figures(stats_command, tmp_path):
    with Progress.open(tmp_path, make_deck(), tz=timezone.utc) as progress:
        progress.grade("adam-q0", Grade.EASY)
        progress.grade("sgd-c0", Grade.AGAIN)
        progress.grade("sgd-c0", Grade.GOOD)
        progress.record_drill("sgd-order", "sgd", True)
    code, out, _err = stats_command("--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["reviews"] == 3 and summary["items"] == 20
    topics = {topic["id"]: topic for topic in summary["topics"]}
    assert topics["adam"]["reviews"] == 1 and topics["sgd"]["reviews"] == 2
    assert topics["sgd"]["drills"] == {"attempts": 1, "correct": 1}
    # adam-q0 is scheduled days ahead; the new-item limit (20, 2 used) covers the rest
    assert topics["adam"]["due_now"] == 9
    assert summary["due_now"] >= topics["adam"]["due_now"]
    assert summary["interview_date"] is None and topics["adam"]["recall_on_interview"] is None


def test_stats_text_summarises_each_topic(stats_command):
    code, out, _err = stats_command()
    assert code == 0
    assert "Reviews: 0 in total" in out
    assert "Adam" in out and "Sgd" in out and "Due now: 20" in out


def test_an_interview_date_is_stored_and_recall_is_predicted_for_it(stats_command):
    target = (date.today() + timedelta(days=30)).isoformat()
    code, out, _err = stats_command("--interview-date", target, "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["interview_date"] == target
    assert summary["topics"][0]["recall_on_interview"] == {
        "beginner": None,
        "intermediate": None,
        "expert": None,
        "cards": None,
    }
    code, out, _err = stats_command()
    assert f"Interview date: {target} (in 30 days)" in out
    assert f"Predicted recall on {target}" in out
    code, out, _err = stats_command("--interview-date", "none", "--json")
    assert json.loads(out)["interview_date"] is None


@pytest.mark.parametrize("bad", ["2027-02-30", "15/01/2027", "tomorrow", "20270115"])
def test_a_bad_interview_date_is_a_one_line_error(stats_command, bad):
    code, out, err = stats_command("--interview-date", bad)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "--interview-date" in err


def test_stats_tells_the_user_where_a_broken_database_went(stats_command, tmp_path):
    (tmp_path / "progress.sqlite3").write_bytes(b"not a database" * 50)
    code, out, err = stats_command("--json")
    assert code == 0
    moved = json.loads(out)["moved_aside"]
    assert moved and moved in err


def test_today_is_the_learners_date_not_utcs(open_progress):
    from datetime import datetime, timedelta, timezone

    new_york_winter = timezone(timedelta(hours=-5))
    progress = open_progress(tz=new_york_winter)
    late_evening = datetime(2026, 3, 2, 2, 30, tzinfo=timezone.utc)  # 21:30 on March 1st in that zone
    assert progress.today(now=late_evening).isoformat() == "2026-03-01"
    assert open_progress().today(now=late_evening).isoformat() == "2026-03-02"  # the fixture's days are UTC
