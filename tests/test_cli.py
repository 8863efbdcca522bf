import subprocess
import sys

import pytest

from interview_lab import __version__
from interview_lab.cli import main


def test_version_is_printed(capsys):
    try:
        main(["--version"])
    except SystemExit as stop:
        assert stop.code == 0
    assert capsys.readouterr().out.strip() == f"interview-lab {__version__}"


def test_help_lists_usage_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "interview_lab", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "usage: interview-lab" in result.stdout


def test_content_option_works_before_and_after_the_command():
    from interview_lab.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["--content", "a", "--data-dir", "d"])
    assert args.content == ["a"] and args.data_dir == "d"
    after = parser.parse_args(["stats", "--content", "a", "--content", "b", "--data-dir", "d"])
    assert after.command == "stats" and after.content == ["a", "b"] and after.data_dir == "d"
    before = parser.parse_args(["--data-dir", "d", "--content", "a", "stats"])
    assert before.command == "stats" and before.content == ["a"] and before.data_dir == "d"


def test_data_dir_given_before_the_command_is_where_progress_goes(tmp_path, capsys):
    data = tmp_path / "chosen"
    assert main(["--data-dir", str(data), "stats", "--json"]) == 0
    assert str(data / "progress.sqlite3") in capsys.readouterr().out
    assert (data / "progress.sqlite3").exists()


@pytest.mark.parametrize(
    "argv,extras",
    [
        (["sim", "--bogus"], "--bogus"),
        (["sim", "extra"], "extra"),
        (["check", "--bogus"], "--bogus"),
        (["stats", "extra", "--bogus"], "extra --bogus"),
        (["export", "--format", "tsv", "out.tsv", "--bogus"], "--bogus"),
        (["import", "cards.tsv", "--deck", "mine", "--bogus"], "--bogus"),
        (["export-reviews", "out.csv", "extra"], "extra"),
    ],
)
def test_unrecognized_arguments_of_a_command_are_one_line_naming_it(capsys, argv, extras):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    out, err = capsys.readouterr()
    assert stop.value.code == 2 and out == ""
    assert err.splitlines() == [f"interview-lab {argv[0]}: error: unrecognized arguments: {extras} (see --help)"]


def test_an_unknown_option_before_any_command_is_still_a_top_level_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--bogus"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: interview-lab") and "interview-lab: error: unrecognized arguments: --bogus" in err


@pytest.mark.parametrize("command", ["sim", "check", "stats", "export", "import", "export-reviews"])
def test_command_help_is_unchanged(capsys, command):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    out, err = capsys.readouterr()
    assert stop.value.code == 0 and err == ""
    assert out.startswith(f"usage: interview-lab {command}") and "--data-dir DIR" in out


@pytest.mark.parametrize("command", [[], ["stats"], ["export-reviews", "out.csv"]])
def test_a_data_folder_that_is_a_file_is_a_one_line_error(command, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    not_a_folder = tmp_path / "progress"
    not_a_folder.write_text("I am a file")
    code = main([*command, "--data-dir", str(not_a_folder)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "is a file" in err and str(not_a_folder) in err
    assert not_a_folder.read_text() == "I am a file"
