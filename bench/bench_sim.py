"""Simulator speed, measured side by side in one run: prints ratios, not absolute claims.

    python bench/bench_sim.py [--rounds 7]

1. An lr sweep of 1024 Adam runs x 1000 steps on the 2-D quadratic through the
   public `simulate` (recording the whole trajectory), against
   a. a plain-Python loop over the runs (scalar Adam, one run after another;
      timed on a sample of runs and scaled to 1024, since each run costs the same),
   b. a bare hand-written batched NumPy loop (no trajectory, no checks), the
      goal's reference, written as one naturally would,
   c. for information, the same bare loop written with the engine's layout
      tricks (out= buffers, 0-d and full-width operands): what recording and
      checking cost on top of the arithmetic.
2. One run of 1000 steps through `simulate`, next to the bare loop for one run.
3. Time per step at 1000 and 10000 steps (flat when nothing grows with the history).

Timings are CPU time of this process (time.process_time): on a shared machine
wall-clock time mostly measures the other processes. The contenders run
interleaved, once per round; a ratio is taken within each round and the
median over rounds is printed with its range (min..max), after one untimed
warm-up call of each.
"""

from __future__ import annotations

import argparse
import math
import statistics
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


def tuned_numpy(rates: np.ndarray, steps: int = STEPS) -> float:
    """The bare loop with the engine's layout: buffers reused through out=, no broadcasting of columns or rows."""
    shape = (len(rates), 2)
    curvatures = np.ascontiguousarray(np.broadcast_to(CURVATURES, shape))
    x = np.tile(START, (len(rates), 1))
    moments = np.zeros((2, *shape))
    m, v = moments
    work = np.empty((2, *shape))
    difference, square = work
    denom, step, g = np.empty(shape), np.empty(shape), np.empty(shape)
    lr = np.ascontiguousarray(np.broadcast_to(rates[:, None], shape))
    beta1, beta2, eps = 0.9, 0.999, np.array(1e-8)
    keep = np.stack([np.ones(shape), np.full(shape, beta2)])
    take = np.stack([np.full(shape, 1 - beta1), np.full(shape, 1 - beta2)])
    correction, root = np.empty(()), np.empty(())
    for t in range(1, steps + 1):
        np.multiply(curvatures, x, g)
        np.subtract(g, m, difference)
        np.multiply(g, g, square)
        np.multiply(work, take, work)
        np.multiply(moments, keep, moments)
        np.add(moments, work, moments)
        np.sqrt(v, denom)
        root[()] = math.sqrt(1 - beta2**t)
        np.divide(denom, root, denom)
        np.add(denom, eps, denom)
        correction[()] = 1 - beta1**t
        np.divide(lr, correction, step)
        np.divide(step, denom, step)
        np.multiply(step, m, denom)
        np.subtract(x, denom, x)
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


def timed_rounds(rounds: int, contenders: dict) -> dict[str, list[float]]:
    """CPU seconds of each contender per round, the contenders interleaved within a round.

    Each contender runs once untimed first: the first large allocations of a
    process (and NumPy's first calls) cost the same to whoever comes first.
    """
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for call in contenders.values():
        call()
    for _ in range(rounds):
        for name, call in contenders.items():
            began = time.process_time()
            call()
            times[name].append(time.process_time() - began)
    return times


def spread(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    """'median (min..max)' of a list of measurements."""
    low, middle, high = (scale * value for value in (min(values), statistics.median(values), max(values)))
    return f"{middle:.{digits}f} ({low:.{digits}f}..{high:.{digits}f})"


def ratios(times: dict[str, list[float]], top: str, bottom: str, scale: float = 1.0) -> list[float]:
    return [scale * a / b for a, b in zip(times[top], times[bottom])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds

    sample = RATES[:: RUNS // PYTHON_SAMPLE]
    scale_python = RUNS / len(sample)
    times = timed_rounds(
        rounds,
        {
            "simulate": lambda: engine_sweep(RATES),
            "bare": lambda: bare_numpy(RATES),
            "tuned": lambda: tuned_numpy(RATES),
            "python": lambda: plain_python(sample),
        },
    )
    print(f"sweep of {RUNS} Adam runs x {STEPS} steps, 2-D quadratic; median (min..max) of {rounds} rounds, CPU time:")
    print(f"  simulate (with trajectory)    {spread(times['simulate'], 1e3, 1)} ms")
    print(f"  bare batched NumPy loop       {spread(times['bare'], 1e3, 1)} ms")
    print(f"  same, engine's layout tricks  {spread(times['tuned'], 1e3, 1)} ms  (information only)")
    print(
        f"  plain-Python loop over runs   {spread(times['python'], 1e3 * scale_python, 0)} ms"
        f"  ({len(sample)} runs timed, scaled to {RUNS})"
    )
    print(f"  plain Python / simulate       {spread(ratios(times, 'python', 'simulate', scale_python), digits=1)} x"
          "   (goal >= 15)")
    print(f"  simulate / bare NumPy         {spread(ratios(times, 'simulate', 'bare'))} x   (goal <= 1.3)")
    print(f"  simulate / tuned NumPy        {spread(ratios(times, 'simulate', 'tuned'))} x   (recording and checks)")

    one = np.array([1e-1])
    single = timed_rounds(
        max(rounds, 15), {"simulate": lambda: engine_sweep(one), "bare": lambda: bare_numpy(one)}
    )
    print(f"one run x {STEPS} steps; median (min..max) of {max(rounds, 15)} rounds:")
    print(f"  simulate                      {spread(single['simulate'], 1e3)} ms   (goal about 10 ms)")
    print(f"  bare NumPy loop               {spread(single['bare'], 1e3)} ms")
    print(f"  simulate / bare               {spread(ratios(single, 'simulate', 'bare'))} x")

    rates = RATES[::16]
    growth = timed_rounds(
        max(3, rounds // 2), {"short": lambda: engine_sweep(rates, 1000), "long": lambda: engine_sweep(rates, 10000)}
    )
    per_step = ratios(growth, "long", "short", 0.1)
    print(
        f"time per step, {len(rates)} runs: 1000 steps {statistics.median(growth['short']) * 1e3:.1f} us, "
        f"10000 steps {statistics.median(growth['long']) * 1e2:.1f} us"
        f"  (ratio {spread(per_step)}, flat when nothing grows with the history)"
    )


if __name__ == "__main__":
    main()
