"""`interview-lab config`: the desired retention and the new-item limit, kept with the progress."""

from __future__ import annotations

import json

import pytest

from interview_lab.cli import main
from interview_lab.content import load_app_deck
from interview_lab.review import Progress


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_settings_change_what_the_scheduler_and_the_daily_limit_do(tmp_path, capsys):
    data = str(tmp_path / "data")
    code, out, _ = run(capsys, "config", "--data-dir", data)
    assert code == 0 and "desired retention  0.9" in out and "new items a day    20" in out
    code, out, _ = run(capsys, "config", "--data-dir", data, "--desired-retention", "0.8", "--new-per-day", "3")
    assert code == 0 and "desired retention  0.8" in out and "new items a day    3" in out
    code, out, _ = run(capsys, "stats", "--json", "--data-dir", data)
    summary = json.loads(out)
    assert summary["desired_retention"] == 0.8
    assert summary["due_now"] == 3  # a fresh deck: only the day's new items are due
    deck = load_app_deck([], tmp_path / "data")
    with Progress.open(tmp_path / "data", deck) as progress:
        assert progress.new_per_day == 3 and progress.desired_retention == 0.8


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--desired-retention", "1.2", "expected 0.7 to 0.99"),
        ("--desired-retention", "0.1", "expected 0.7 to 0.99"),
        ("--new-per-day", "-1", "expected 0 to 1000"),
        ("--new-per-day", "5000", "expected 0 to 1000"),
    ],
)
def test_out_of_range_settings_are_refused_and_nothing_is_stored(tmp_path, capsys, option, value, message):
    data = str(tmp_path / "data")
    code, _, err = run(capsys, "config", "--data-dir", data, option, value)
    assert code == 2 and message in err and err.count("\n") == 1
    _, out, _ = run(capsys, "config", "--data-dir", data)
    assert "desired retention  0.9" in out and "new items a day    20" in out


def test_a_bad_stored_limit_falls_back_to_the_default(tmp_path):
    deck = load_app_deck([], tmp_path)
    with Progress.open(tmp_path, deck) as progress:
        progress.set_setting("new_per_day", "lots")
    with Progress.open(tmp_path, deck) as progress:
        assert progress.new_per_day == 20


@pytest.mark.parametrize("command", [["config"], ["stats"], ["export-reviews", "reviews.csv"]])
def test_every_command_says_where_a_broken_database_went(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.sqlite3").write_bytes(b"this is not a database")
    code, _, err = run(capsys, *command, "--data-dir", str(data))
    assert code == 0
    moved = [path for path in data.iterdir() if path.name != "progress.sqlite3" and "progress" in path.name]
    assert moved and moved[0].read_bytes() == b"this is not a database"
    assert "was not a valid progress database" in err and str(moved[0]) in err
