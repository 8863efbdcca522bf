"""End to end: the installed `interview-lab` in tmux, driven by keys, checked with `stats --json`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

FIXTURE_DECK = Path(__file__).parent / "fixtures" / "e2e_deck"
WAIT_SECONDS = 30  # a bound on each wait, not a speed requirement

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def interview_lab_command() -> str:
    """The installed entry point beside this Python (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "interview-lab"
    found = str(beside) if beside.exists() else shutil.which("interview-lab")
    if found is None:
        pytest.skip("the interview-lab command is not installed")
    return found


class Tmux:
    """A tmux server of the test's own: a running server would give the app its environment, not ours."""

    def __init__(self, session: str) -> None:
        self.session = session
        self.command = ["tmux", "-L", session, "-f", os.devnull]

    def run(self, *args: str, env: dict[str, str] | None = None) -> str:
        return subprocess.run([*self.command, *args], check=True, capture_output=True, text=True, env=env).stdout

    def send(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear; the screen shows:\n{screen}")
            time.sleep(0.1)


@pytest.fixture
def tmux(tmp_path: Path):
    session = f"interview-lab-e2e-{uuid.uuid4().hex[:8]}"
    driver = Tmux(session)
    yield driver, session
    subprocess.run([*driver.command, "kill-server"], capture_output=True)


def test_review_three_items_in_tmux_then_stats_json_counts_them(tmux, tmp_path: Path):
    driver, session = tmux
    command = interview_lab_command()
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "INTERVIEW_LAB_CACHE_DIR": str(tmp_path / "cache"),
        "INTERVIEW_LAB_CONTENT": "",
        "TERM": "xterm-256color",
    }
    done_marker = tmp_path / "exited"
    shell = f"{command} --data-dir {data_dir} --content {FIXTURE_DECK}; echo $? > {done_marker}"
    driver.run("new-session", "-d", "-s", session, "-x", "100", "-y", "30", shell, env=env)
    driver.wait_for("End-to-end fixture topic")  # the --content deck opens beside the built-in one
    driver.send("r")
    driver.wait_for("1 of ")
    for position in (1, 2, 3):
        driver.send("Space")
        driver.wait_for("Easy ·")  # the grade buttons show their intervals
        driver.send("3")
        driver.wait_for(f"{position + 1} of ")
    driver.send("q")
    driver.wait_for("to study now")
    driver.send("q")
    deadline = time.monotonic() + WAIT_SECONDS
    while not done_marker.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert done_marker.read_text().strip() == "0"

    result = subprocess.run(
        [command, "stats", "--json", "--data-dir", str(data_dir), "--content", str(FIXTURE_DECK)],
        capture_output=True, text=True, env=env, timeout=60, check=True,
    )
    stats = json.loads(result.stdout)
    assert stats["reviews"] == 3
    assert stats["items_seen"] == 3
