import subprocess
import sys

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
