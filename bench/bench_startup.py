"""Start-up time: interview-lab's first screen against a minimal Textual app, side by side.

Each run is a fresh Python process that starts an app, waits until its first
screen has been painted, and exits. The two kinds alternate so that both see
the same machine load; the ratio of the medians is printed (goal: <= 1.3).

    python bench/bench_startup.py [--repeats 9] [--callgrind]

On a shared machine the timed medians move a lot from run to run (seen here:
0.99x to 1.32x). --callgrind also counts the instructions each app executes
under valgrind's callgrind (one run each, about 15 s): the count repeats to
within 0.1% whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Static

class Minimal(App):
    def compose(self):
        yield Static("hello")

    def on_mount(self):
        self.call_after_refresh(self.exit)

Minimal().run(headless=True)
"""

# The same steps as interview_lab.tui.app.run(), with an exit once the home screen is painted.
INTERVIEW_LAB = """
import sys
from interview_lab import paths
from interview_lab.content import load_app_deck
from interview_lab.review import Progress
from interview_lab.tui.app import InterviewLabApp
from interview_lab.tui.screens.home import HomeScreen

class FirstScreenThenExit(InterviewLabApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self._exit_when_home)

    def _exit_when_home(self):
        if isinstance(self.screen, HomeScreen) and self.screen.is_mounted:
            self.exit()
        else:
            self.call_after_refresh(self._exit_when_home)

data_dir = paths.data_dir(None)
deck = load_app_deck([], data_dir)
with Progress.open(data_dir, deck) as progress:
    FirstScreenThenExit(deck, progress).run(headless=True)
loaded = [m for m in ("numpy", "plotext") if m in sys.modules]
assert not loaded, f"start-up imported {loaded}"
"""


def time_process(code: str, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process; CPU time is less sensitive to other load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def count_instructions(code: str, env: dict[str, str], scratch: str) -> int:
    """Instructions one fresh process executes, counted by callgrind (repeatable, unlike time)."""
    out = str(Path(scratch) / "callgrind.out")
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", code],
        check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise RuntimeError("callgrind printed no instruction count")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--callgrind", action="store_true", help="also count instructions with valgrind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "INTERVIEW_LAB_DATA_DIR": str(Path(scratch) / "data"),
            "INTERVIEW_LAB_CACHE_DIR": str(Path(scratch) / "cache"),
            "INTERVIEW_LAB_CONTENT": "",
            # As an installed package starts: with bytecode caches (pip writes them at install).
            # They go to the scratch folder; the untimed runs below fill them for both apps.
            "PYTHONPYCACHEPREFIX": str(Path(scratch) / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # One untimed run of each: fills the deck cache, the bytecode caches and the OS file cache.
        time_process(MINIMAL_APP, env)
        time_process(INTERVIEW_LAB, env)
        minimal: list[tuple[float, float]] = []
        ours: list[tuple[float, float]] = []
        for _ in range(args.repeats):
            minimal.append(time_process(MINIMAL_APP, env))
            ours.append(time_process(INTERVIEW_LAB, env))
        counted = None
        if args.callgrind and shutil.which("valgrind"):
            counted = (count_instructions(MINIMAL_APP, env, scratch), count_instructions(INTERVIEW_LAB, env, scratch))
    print(f"{args.repeats} alternating runs of each, medians:")
    for index, measure in enumerate(("wall time", "CPU time")):
        minimal_median = statistics.median(run[index] for run in minimal)
        ours_median = statistics.median(run[index] for run in ours)
        print(
            f"  {measure:9}: minimal Textual app {minimal_median * 1000:6.1f} ms, "
            f"interview-lab home {ours_median * 1000:6.1f} ms, ratio {ours_median / minimal_median:.2f}x (goal <= 1.30)"
        )
    if counted is not None:
        print(
            f"  instructions (callgrind): minimal Textual app {counted[0] / 1e6:7.1f} M, "
            f"interview-lab home {counted[1] / 1e6:7.1f} M, ratio {counted[1] / counted[0]:.2f}x"
        )


if __name__ == "__main__":
    main()
