"""`interview-lab check`: exit codes, the printed problems and the --json report."""

from __future__ import annotations

import json
import sys
import types

import pytest

from interview_lab import paths
from interview_lab.cli import main
from interview_lab.content.loader import display_name
from interview_lab.content.model import Problem


@pytest.fixture
def empty_builtin(tmp_path, monkeypatch):
    """A built-in deck with nothing in it, so these tests do not depend on content/ being finished."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    monkeypatch.setattr(paths, "builtin_content_dir", lambda: folder)
    return folder


def run_check(capsys, *argv):
    code = main(["check", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_clean_deck_exits_0_with_a_summary(capsys, fixtures_dir, empty_builtin):
    code, out, _ = run_check(capsys, fixtures_dir)
    assert code == 0
    assert out.strip() == (
        f"checked 2 files ({fixtures_dir}; links into the built-in deck): "
        "2 topics, 4 questions, 3 cards, 3 drills, 2 experiments; no problems"
    )


def test_problems_are_printed_one_a_line_and_exit_1(capsys, malformed_dir, empty_builtin):
    code, out, _ = run_check(capsys, malformed_dir)
    lines = out.strip().splitlines()
    assert code == 1
    assert any(line.endswith("bad-tier.yaml:13: questions[1].tier: expected one of beginner, intermediate, expert, got 'guru'") for line in lines)
    problems = lines[:-1]
    assert all(".yaml" in line for line in problems)
    assert lines[-1].startswith(f"checked 19 files ({malformed_dir}; ") and lines[-1].endswith(f"{len(problems)} problems in 19 files")


def test_a_single_file_can_be_checked(capsys, malformed_dir, empty_builtin):
    code, out, _ = run_check(capsys, malformed_dir / "short-reorder.yaml")
    assert code == 1
    assert out.splitlines()[0].endswith("short-reorder.yaml:11: drills[0].steps: a reorder drill needs at least 3 steps, got 2")


def test_a_missing_path_is_a_usage_error(capsys, tmp_path, empty_builtin):
    code, out, err = run_check(capsys, tmp_path / "absent")
    assert code == 2 and out == ""
    assert err.strip() == f"interview-lab check: no such file or folder: {tmp_path / 'absent'}"


def test_an_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["check", "--no-such-option"])
    assert stop.value.code == 2


def test_json_report_shape(capsys, fixtures_dir, malformed_dir, empty_builtin):
    code, out, _ = run_check(capsys, "--json", fixtures_dir, malformed_dir / "bad-tier.yaml")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["files"] == 3
    alpha = next(t for t in report["topics"] if t["id"] == "alpha")
    assert alpha["title"] == "Alpha topic"
    assert alpha["counts"] == {
        "questions": {"beginner": 1, "intermediate": 1, "expert": 1},
        "cards": 2,
        "drills": 2,
        "experiments": 1,
    }
    (problem,) = report["problems"]
    assert set(problem) == {"file", "line", "field", "message"}
    assert problem["file"].endswith("bad-tier.yaml") and problem["line"] == 13 and problem["field"] == "questions[1].tier"


def test_default_is_the_builtin_deck_plus_user_decks(capsys, fixtures_dir, tmp_path, monkeypatch):
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "beta.yaml").write_bytes((fixtures_dir / "beta.yaml").read_bytes())
    user = tmp_path / "user"
    user.mkdir()
    (user / "alpha.yaml").write_bytes((fixtures_dir / "alpha.yaml").read_bytes())
    monkeypatch.setattr(paths, "builtin_content_dir", lambda: builtin)

    code, out, _ = run_check(capsys, "--json")
    report = json.loads(out)
    # Alone, beta's concept drill compares with an experiment of the user deck.
    assert code == 1 and [t["id"] for t in report["topics"]] == ["beta"]
    assert [p["field"] for p in report["problems"]] == ["drills[0].compare"]

    monkeypatch.setenv("INTERVIEW_LAB_CONTENT", str(user))
    code, out, _ = run_check(capsys, "--json")
    topics = {t["id"]: t["builtin"] for t in json.loads(out)["topics"]}
    assert code == 0 and topics == {"alpha": False, "beta": True}

    monkeypatch.delenv("INTERVIEW_LAB_CONTENT")
    code = main(["--content", str(user), "check"])
    assert code == 0 and "2 topics" in capsys.readouterr().out


def test_named_files_may_link_to_the_builtin_deck(capsys, fixtures_dir, tmp_path, monkeypatch):
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "beta.yaml").write_bytes((fixtures_dir / "beta.yaml").read_bytes())
    monkeypatch.setattr(paths, "builtin_content_dir", lambda: builtin)
    # alpha links to beta's experiment and topic; only alpha is reported on.
    code, out, _ = run_check(capsys, fixtures_dir / "alpha.yaml")
    assert code == 0 and out.startswith(f"checked 1 file ({fixtures_dir / 'alpha.yaml'}; links into the built-in deck): 1 topic,")


def test_experiments_option_reports_failing_claims(capsys, fixtures_dir, empty_builtin, monkeypatch):
    checked = []

    def check_experiments(deck):
        checked.extend(e.id for e in deck.experiments)
        experiment = deck.experiment("beta-ravine")
        return [Problem(experiment.source.file, experiment.source.line, "experiments[0].claims[0]", "claim does not hold")]

    fake = types.ModuleType("interview_lab.experiments.checks")
    fake.check_experiments = check_experiments
    monkeypatch.setitem(sys.modules, "interview_lab.experiments.checks", fake)
    code, out, _ = run_check(capsys, "--experiments", fixtures_dir)
    assert code == 1 and sorted(checked) == ["alpha-too-large", "beta-ravine"]
    assert "beta.yaml:" in out and "experiments[0].claims[0]: claim does not hold" in out


def test_experiments_option_without_a_runner_exits_2(capsys, fixtures_dir, empty_builtin, monkeypatch):
    monkeypatch.setitem(sys.modules, "interview_lab.experiments.checks", None)  # makes the import fail
    code, out, err = run_check(capsys, "--experiments", fixtures_dir)
    assert code == 2
    assert err.strip() == "check --experiments: the experiment runner is not available"


def content_and_named(fixtures_dir, tmp_path):
    """Deck A (--content) holds topic beta and experiment beta-ravine; alpha.yaml links to both."""
    content_deck = tmp_path / "deck-a"
    content_deck.mkdir()
    (content_deck / "beta.yaml").write_bytes((fixtures_dir / "beta.yaml").read_bytes())
    return content_deck, fixtures_dir / "alpha.yaml"


def test_named_files_may_link_to_content_decks(capsys, fixtures_dir, tmp_path, empty_builtin):
    content_deck, alpha = content_and_named(fixtures_dir, tmp_path)
    # A problem in the --content deck is its own business: only the named files are reported on.
    (content_deck / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")

    code, out, _ = run_check(capsys, "--content", content_deck, alpha)
    assert code == 0, out
    assert out == (
        f"checked 1 file ({alpha}; links into the built-in deck and {content_deck}): "
        "1 topic, 3 questions, 2 cards, 2 drills, 1 experiment; no problems\n"
    )

    code, out, _ = run_check(capsys, "--json", "--content", content_deck, alpha)
    report = json.loads(out)
    assert code == 0 and [t["id"] for t in report["topics"]] == ["alpha"]
    assert report["checked"] == [display_name(alpha)] and report["link_targets"][-1] == display_name(content_deck)


def test_content_decks_from_the_environment_are_link_targets_too(capsys, fixtures_dir, tmp_path, empty_builtin, monkeypatch):
    content_deck, alpha = content_and_named(fixtures_dir, tmp_path)
    monkeypatch.setenv("INTERVIEW_LAB_CONTENT", str(content_deck))
    code, out, _ = run_check(capsys, alpha)
    assert code == 0 and "no problems" in out


def test_without_the_content_deck_the_links_are_reported(capsys, fixtures_dir, tmp_path, empty_builtin):
    _content_deck, alpha = content_and_named(fixtures_dir, tmp_path)
    code, out, _ = run_check(capsys, alpha)
    assert code == 1 and "no experiment in the deck has the id 'beta-ravine'" in out


def test_a_missing_content_folder_is_a_usage_error_with_paths_too(capsys, fixtures_dir, tmp_path, empty_builtin):
    code, out, err = run_check(capsys, "--content", tmp_path / "absent", fixtures_dir / "alpha.yaml")
    assert code == 2 and out == ""
    assert err.strip() == f"interview-lab check: no such file or folder: {tmp_path / 'absent'}"
