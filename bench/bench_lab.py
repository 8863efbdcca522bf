"""Lab speed, measured side by side in one run.

1. Frame cost: building every Lab plot at 200x50 with 4 runs, for a 500-step
   and a 10,000-step history (alternating, same process); reports ms per
   frame and the 10k/500 ratio (downsampling should keep it near 1).
2. Key latency: Pilot key presses while a simulation runs and plots, against
   the same presses with the Lab idle: the time from each key event's creation
   to the Lab screen handling it; reports p50/p95 in ms and the ratio.

Run: python bench/bench_lab.py
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import timezone
from pathlib import Path

from interview_lab.content.model import Deck, Experiment, RunSpec, SurfaceSpec, Topic, frozen_mapping
from interview_lab.review import Progress
from interview_lab.tui.app import InterviewLabApp
from interview_lab.tui.screens.lab import LabEngine, LabScreen, LabSetup, build_frame
from interview_lab.tui.widgets.plots import LevelCache

SIZE = (200, 50)
RUNS = (
    ("sgd", "sgd", {"lr": 0.015}),
    ("momentum", "sgd", {"lr": 0.01, "momentum": 0.9}),
    ("adam", "adam", {"lr": 0.1}),
    ("rmsprop", "rmsprop", {"lr": 0.01}),
)


def experiment(steps: int) -> Experiment:
    return Experiment(
        id=f"bench-{steps}", topic_id="bench", title=f"Four optimizers, {steps} steps",
        surface=SurfaceSpec("rosenbrock", frozen_mapping({})),
        runs=tuple(RunSpec(label, optimizer, frozen_mapping(h)) for label, optimizer, h in RUNS),
        steps=steps, start=(-1.5, 2.0),
    )


def deck() -> Deck:
    topic = Topic(id="bench", title="Bench", track="bench", summary="s", theory="t",
                  experiments=(experiment(500), experiment(10_000)))
    return Deck(topics=(topic,))


async def lab_plot_sizes(app: InterviewLabApp) -> dict[str, tuple[int, int]]:
    async with app.run_test(size=SIZE) as pilot:
        screen = LabScreen(experiment(500))
        await app.push_screen(screen)
        await pilot.pause()
        return screen.plot_sizes()


def frame_cost(sizes: dict[str, tuple[int, int]], repeats: int = 12) -> dict[int, float]:
    engines = {}
    for steps in (500, 10_000):
        engine = LabEngine(LabSetup.from_experiment(experiment(steps)))
        engine.advance(steps)
        engines[steps] = engine
    levels = {steps: LevelCache() for steps in engines}
    for steps, engine in engines.items():  # warm-up (level hints are cached after the first frame)
        build_frame(engine, 0, sizes, levels[steps])
    times: dict[int, list[float]] = {500: [], 10_000: []}
    for _ in range(repeats):
        for steps, engine in engines.items():
            started = time.perf_counter()
            build_frame(engine, 0, sizes, levels[steps])
            times[steps].append(time.perf_counter() - started)
    return {steps: statistics.median(values) * 1000 for steps, values in times.items()}


class TimedLabScreen(LabScreen):
    """Records, for each key, the time from the key event's creation to the screen handling it."""

    CSS_PATH = str(Path(__file__).resolve().parent.parent / "interview_lab" / "tui" / "lab.tcss")

    def __init__(self, experiment: Experiment) -> None:
        super().__init__(experiment)
        self.key_latencies: list[float] = []

    def on_key(self, event) -> None:
        from textual import _time

        self.key_latencies.append((_time.get_time() - event.time) * 1000)


async def key_latency(app: InterviewLabApp, running: bool, presses: int = 60) -> tuple[list[float], list[float]]:
    """(event-to-handler ms, full Pilot press round trip ms incl. the screen update) per key."""
    async with app.run_test(size=SIZE) as pilot:
        screen = TimedLabScreen(experiment(10_000))
        screen.run_seconds = 600.0  # keeps running (and plotting) through every press
        await app.push_screen(screen)
        await pilot.pause()
        if running:
            await pilot.press("r")
            await asyncio.sleep(0.3)  # the first frames are on screen
        round_trips = []
        for index in range(presses):
            started = time.perf_counter()
            await pilot.press("down" if index % 2 == 0 else "up")
            round_trips.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.02)
        if running:
            assert screen.running, "the run ended before the presses did"
            frames = screen.last_frame.step if screen.last_frame else 0
            print(f"  (the run reached step {frames} while keys were pressed)")
        return screen.key_latencies, round_trips


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        the_deck = deck()
        progress = Progress.open(Path(folder), the_deck, fuzz=False, tz=timezone.utc)
        sizes = asyncio.run(lab_plot_sizes(InterviewLabApp(the_deck, progress)))
        print(f"plot sizes at {SIZE[0]}x{SIZE[1]}: {sizes}")
        cost = frame_cost(sizes)
        print(f"frame, 4 runs, 500-step history:    {cost[500]:7.1f} ms")
        print(f"frame, 4 runs, 10,000-step history: {cost[10_000]:7.1f} ms")
        print(f"ratio 10k/500: {cost[10_000] / cost[500]:.2f} (target <= 1.2)")
        idle = asyncio.run(key_latency(InterviewLabApp(the_deck, progress), running=False))
        busy = asyncio.run(key_latency(InterviewLabApp(the_deck, progress), running=True))
        for name, which in (("key event to handler", 0), ("Pilot press round trip", 1)):
            quiet, loaded = idle[which], busy[which]
            print(f"{name}, idle:    p50 {statistics.median(quiet):6.1f} ms  p95 {p95(quiet):6.1f} ms")
            print(f"{name}, running: p50 {statistics.median(loaded):6.1f} ms  p95 {p95(loaded):6.1f} ms")
            print(f"  ratio running/idle p95: {p95(loaded) / p95(quiet):.2f}")
        progress.close()


if __name__ == "__main__":
    main()
