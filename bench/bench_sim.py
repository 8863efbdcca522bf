"""Simulator speed, measured side by side in one run: prints ratios, not absolute claims.

    python bench/bench_sim.py [--rounds 3]

1. An lr sweep of 1024 Adam runs x 1000 steps on the 2-D quadratic through the
   public `simulate` (recording the whole trajectory), against
   a. a plain-Python loop over the runs (scalar Adam, one run after another;
      timed on a sample of runs and scaled to 1024, since each run costs the same),
   b. a bare hand-written batched NumPy loop (no trajectory, no checks).
2. One run of 1000 steps through `simulate`, next to the bare loop for one run.
3. Time per step at 1000 and 10000 steps (flat when nothing grows with the history).

Each timing is the best of `--rounds` rounds, the contenders interleaved, in
CPU time of this process (time.process_time): on a shared machine wall-clock
time mostly measures the other processes.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interview_lab.sim import RunConfig, simulate  # noqa: E402

RUNS = 1024
STEPS = 1000
CURVATURES = (1.0, 100.0)
START = (-4.0, 1.0)
RATES = np.logspace(-4, 0, RUNS)
PYTHON_SAMPLE = 32


def engine_sweep(rates: np.ndarray, steps: int = STEPS) -> float:
    trajectory = simulate("quadratic", [RunConfig("adam", "adam", {"lr": rates})], steps)
    return float(trajectory.loss[-1].sum())


def bare_numpy(rates: np.ndarray, steps: int = STEPS) -> float:
    """Adam as one would write it by hand for a batch: nothing recorded, nothing checked."""
    curvatures = np.array(CURVATURES)
    x = np.tile(START, (len(rates), 1))
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    lr = rates[:, None]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        g = curvatures * x
        m += (1 - beta1) * (g - m)
        v *= beta2
        v += (1 - beta2) * (g * g)
        denom = np.sqrt(v) / math.sqrt(1 - beta2**t) + eps
        x = x - (lr / (1 - beta1**t)) * (m / denom)
    return float(x.sum())


def plain_python(rates, steps: int = STEPS) -> float:
    """One run after another, scalar Adam, recording each run's path and loss."""
    total = 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for lr in rates:
        x = list(START)
        m = [0.0, 0.0]
        v = [0.0, 0.0]
        path, losses = [list(x)], [0.5 * sum(c * xi * xi for c, xi in zip(CURVATURES, x))]
        for t in range(1, steps + 1):
            c1 = 1 - beta1**t
            c2 = math.sqrt(1 - beta2**t)
            for i in range(2):
                g = CURVATURES[i] * x[i]
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                x[i] -= lr / c1 * m[i] / (math.sqrt(v[i]) / c2 + eps)
            path.append(list(x))
            losses.append(0.5 * sum(c * xi * xi for c, xi in zip(CURVATURES, x)))
        total += losses[-1]
    return total


def best_of(rounds: int, contenders: dict) -> dict[str, float]:
    best = {name: math.inf for name in contenders}
    for _ in range(rounds):
        for name, call in contenders.items():
            began = time.process_time()
            call()
            best[name] = min(best[name], time.process_time() - began)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds

    sample = RATES[:: RUNS // PYTHON_SAMPLE]
    times = best_of(
        rounds,
        {
            "simulate": lambda: engine_sweep(RATES),
            "bare": lambda: bare_numpy(RATES),
            "python": lambda: plain_python(sample),
        },
    )
    python_all = times["python"] * RUNS / len(sample)
    print(f"sweep of {RUNS} Adam runs x {STEPS} steps, 2-D quadratic, best of {rounds}:")
    print(f"  simulate (with trajectory)      {times['simulate'] * 1e3:9.1f} ms")
    print(f"  bare batched NumPy loop         {times['bare'] * 1e3:9.1f} ms")
    print(f"  plain-Python loop over runs     {python_all * 1e3:9.1f} ms  ({len(sample)} runs timed, scaled to {RUNS})")
    print(f"  speed-up over plain Python      {python_all / times['simulate']:9.1f} x   (goal >= 15)")
    print(f"  simulate / bare NumPy           {times['simulate'] / times['bare']:9.2f} x   (goal <= 1.3)")

    one = np.array([1e-1])
    single = best_of(max(rounds, 5), {"simulate": lambda: engine_sweep(one), "bare": lambda: bare_numpy(one)})
    print(f"one run x {STEPS} steps:")
    print(f"  simulate                        {single['simulate'] * 1e3:9.2f} ms   (goal about 10 ms)")
    print(f"  bare NumPy loop, same machine   {single['bare'] * 1e3:9.2f} ms")
    print(f"  simulate / bare                 {single['simulate'] / single['bare']:9.2f} x")

    rates = RATES[::16]
    growth = best_of(rounds, {"short": lambda: engine_sweep(rates, 1000), "long": lambda: engine_sweep(rates, 10000)})
    per_short, per_long = growth["short"] / 1000, growth["long"] / 10000
    print(f"time per step, {len(rates)} runs: 1000 steps {per_short * 1e6:.1f} us, 10000 steps {per_long * 1e6:.1f} us"
          f"  (ratio {per_long / per_short:.2f}, flat when nothing grows with the history)")


if __name__ == "__main__":
    main()
