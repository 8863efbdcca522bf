"""The review log as CSV: one line per grade, in the order given, readable by any tool."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone

from interview_lab.cli import main
from interview_lab.interop import export_reviews
from interview_lab.review import Grade, Progress

START = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)


def test_every_review_is_written_with_time_rating_duration_and_state(deck, tmp_path):
    with Progress.open(tmp_path, deck, fuzz=False, tz=timezone.utc) as progress:
        progress.grade("adam-name", Grade.GOOD, duration_ms=4200, now=START)
        progress.grade("adam-card-html", Grade.AGAIN, now=START + timedelta(minutes=1))
        progress.grade("adam-name", Grade.EASY, duration_ms=900, now=START + timedelta(days=3), cram=True)
        out = tmp_path / "reviews.csv"
        assert export_reviews(progress, deck, out) == 3

    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["item_id"], r["rating"], r["rating_name"], r["duration_ms"], r["cram"]) for r in rows] == [
        ("adam-name", "3", "good", "4200", "false"),
        ("adam-card-html", "1", "again", "", "false"),
        ("adam-name", "4", "easy", "900", "true"),
    ]
    assert datetime.fromisoformat(rows[0]["reviewed_at"]) == START
    assert rows[0]["state"] == "new" and rows[0]["kind"] == "question" and rows[0]["topic_id"] == "adam"
    assert rows[1]["kind"] == "card"
    assert rows[2]["state"] != "new"  # the state before that review


def test_cli_with_no_reviews_writes_only_the_header(app_deck, tmp_path, capsys):
    out = tmp_path / "reviews.csv"
    assert main(["export-reviews", str(out), "--data-dir", str(tmp_path / "data")]) == 0
    assert "exported 0 reviews" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").splitlines() == [
        "item_id,topic_id,kind,reviewed_at,rating,rating_name,duration_ms,state,cram"
    ]
