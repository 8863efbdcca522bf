"""`interview-lab sim`: run the optimizer simulator headless; a summary table and a loss chart, or JSON."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

PROG = "interview-lab sim"

# Spelled out here so `--help` needs no NumPy import; a test keeps them equal to the simulator's.
SURFACES = ("quadratic", "rosenbrock", "beale", "saddle", "himmelblau", "noisy_quadratic", "rare_feature", "reddi", "logistic")
OPTIMIZERS = ("sgd", "adagrad", "rmsprop", "adam", "adamw", "adamax", "nadam")

EXAMPLES = """examples:
  interview-lab sim --surface rosenbrock --optimizer adam --lr 0.01 --steps 500
  interview-lab sim --run adam:lr=0.1 --run sgd:lr=0.015,momentum=0.9
  interview-lab sim --optimizer adam --sweep-lr 1e-4:1:9 --json
  interview-lab sim --run adam:lr=1e-3:1:4 --run sgd:lr=1e-3:1e-1:3,momentum=0.9
  interview-lab sim --surface reddi --run adam:lr=0.05,betas=0/0.1 \\
                    --run amsgrad=adam:lr=0.05,betas=0/0.1,amsgrad=true

values: numbers, true/false, words (bias_correction=m); lists with "/" (betas=0.9/0.999,
curvatures=1/100). In a --run, lr=LOW:HIGH:N is a sweep of N log-spaced rates and
lr=0.01/0.1/1 a sweep of the rates listed; each rate gets its own row and curve.
Hyper-parameters and defaults are torch.optim's; surface parameters are listed in
docs/content-format.md."""


class UsageError(Exception):
    """A bad command line, reported on one line with exit status 2."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "sim",
        parents=[common],
        help="run the optimizer simulator without the app",
        description="Run optimizers on a loss surface and print a summary table (final loss, best loss,\n"
        "steps to a threshold, divergence) and a chart of loss against step (log scale), or JSON.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    problem = parser.add_argument_group("problem")
    problem.add_argument(
        "--surface", default="quadratic", metavar="NAME", help=f"loss surface: {', '.join(SURFACES)} (default quadratic)"
    )
    problem.add_argument(
        "--param", action="append", default=[], metavar="KEY=VALUE", help="a surface parameter, e.g. b=10 (repeatable)"
    )
    problem.add_argument("--start", metavar="X/Y/...", help="start point (default: the surface's own)")
    problem.add_argument("--steps", type=int, default=500, metavar="N", help="number of steps (default 500)")
    problem.add_argument("--seed", type=int, default=0, help="seed of the stochastic surfaces' noise (default 0)")
    problem.add_argument(
        "--record-every", type=int, default=1, metavar="K", help="keep every K-th step only (long runs; default 1)"
    )
    runs = parser.add_argument_group("runs", "with none of these: one Adam run with torch's defaults")
    runs.add_argument("--optimizer", metavar="NAME", help=f"one run of this optimizer: {', '.join(OPTIMIZERS)}")
    runs.add_argument("--lr", type=float, help="learning rate of --optimizer (default: torch's)")
    runs.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE", help="another hyper-parameter of --optimizer"
    )
    runs.add_argument(
        "--sweep-lr", metavar="LOW:HIGH:N", help="instead of --lr: N learning rates, log-spaced from LOW to HIGH"
    )
    runs.add_argument(
        "--run",
        action="append",
        default=[],
        metavar="[LABEL=]OPT:K=V,...",
        help="one more run (repeatable), e.g. adam:lr=0.01, fast=sgd:lr=0.1,momentum=0.9, "
        "or an lr sweep: adam:lr=1e-4:1:5",
    )
    output = parser.add_argument_group("output")
    output.add_argument(
        "--threshold", type=float, default=1e-3, metavar="LOSS", help="loss for the 'steps to' column (default 1e-3)"
    )
    output.add_argument("--width", type=int, default=80, metavar="COLUMNS", help="chart width (default 80)")
    output.add_argument("--height", type=int, default=20, metavar="LINES", help="chart height (default 20)")
    output.add_argument("--no-chart", action="store_true", help="print the table only")
    output.add_argument("--json", action="store_true", help="print the numbers as JSON instead")
    parser.set_defaults(func=run)

    def one_line_error(message: str) -> None:
        parser.exit(2, f"{PROG}: error: {message} (see --help)\n")

    parser.error = one_line_error  # type: ignore[method-assign]


# -- parsing ------------------------------------------------------------------------------


def parse_value(text: str) -> Any:
    """A value after `=` in --run or --set; `/` separates the values of a list (`,` separates pairs)."""
    from interview_lab.sim.values import parse_value as parse  # with the simulator: not at start-up

    return parse(text, list_separator="/")


def parse_pairs(items: list[str], what: str) -> dict[str, Any]:
    pairs: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise UsageError(f"{what}: expected KEY=VALUE, got {item!r}")
        pairs[key.strip()] = parse_value(value)
    return pairs


def parse_run(text: str) -> tuple[str, str, dict[str, Any]]:
    """'[label=]optimizer[:k=v,k=v]' -> (label, optimizer, hparams)."""
    head, _, tail = text.partition(":")
    label, sep, optimizer = head.partition("=")
    if not sep:
        label, optimizer = "", head
    optimizer = optimizer.strip()
    if not optimizer:
        raise UsageError(f"--run: expected [LABEL=]OPTIMIZER:KEY=VALUE,..., got {text!r}")
    hparams = parse_pairs([part for part in tail.split(",") if part.strip()], f"--run {text}")
    lr = hparams.get("lr")
    if isinstance(lr, str) and lr.count(":") == 2:
        hparams["lr"] = parse_sweep(lr, f"--run {text}: lr")
    sweep = isinstance(hparams.get("lr"), list)
    if not label:
        # A sweep's rows are labelled by the simulator, each with its own rate.
        settings = ",".join(f"{k}={v}" for k, v in hparams.items() if not (sweep and k == "lr"))
        label = f"{optimizer} {settings}".strip()
    return label.strip(), optimizer, hparams


def parse_sweep(text: str, what: str = "--sweep-lr") -> list[float]:
    """'LOW:HIGH:N' -> N learning rates spaced evenly in log from LOW to HIGH."""
    parts = text.split(":")
    try:
        low, high, count = float(parts[0]), float(parts[1]), int(parts[2])
        if len(parts) != 3:
            raise ValueError
    except (ValueError, IndexError):
        raise UsageError(f"{what}: expected LOW:HIGH:N, got {text!r}") from None
    if not (0 < low <= high and 1 <= count <= 100_000 and math.isfinite(high)):
        raise UsageError(f"{what}: need 0 < LOW <= HIGH and 1 <= N <= 100000, got {text!r}")
    if low < sys.float_info.min:  # a subnormal rate: too few digits left to space rates evenly in log
        raise UsageError(f"{what}: LOW must be at least {sys.float_info.min:.4g}, got {text!r}")
    if not math.isfinite(high / low):
        raise UsageError(f"{what}: the range is too wide (HIGH/LOW must be below {sys.float_info.max:.4g}), got {text!r}")
    if count == 1:
        return [low]
    ratio = (high / low) ** (1 / (count - 1))
    try:
        rates = [low * ratio**i for i in range(count)]
    except OverflowError:
        rates = [math.inf]
    if not all(map(math.isfinite, rates)):  # HIGH at the very top of the float range, rounded up
        raise UsageError(f"{what}: the rates from LOW to HIGH overflow, got {text!r}")
    return rates


def build_runs(args: argparse.Namespace) -> list[Any]:
    from interview_lab.sim import RunConfig

    runs = []
    if args.optimizer or args.lr is not None or args.set or args.sweep_lr:
        optimizer = args.optimizer or "adam"
        hparams = parse_pairs(args.set, "--set")
        if args.lr is not None:
            hparams["lr"] = args.lr
        if args.sweep_lr:
            if args.lr is not None:
                raise UsageError("--lr and --sweep-lr together: choose one")
            hparams["lr"] = parse_sweep(args.sweep_lr)
        runs.append(RunConfig(optimizer, optimizer, hparams))
    for text in args.run:
        label, optimizer, hparams = parse_run(text)
        runs.append(RunConfig(label, optimizer, hparams))
    if not runs:
        runs.append(RunConfig("adam", "adam", {}))
    return runs


# -- output -------------------------------------------------------------------------------


def fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if math.isinf(value):
        return "inf"
    return f"{value:.4g}"


def summary_rows(trajectory: Any, threshold: float) -> list[dict[str, Any]]:
    rows = []
    for index, label in enumerate(trajectory.labels):
        diverged_at = int(trajectory.diverged_at[index])
        rows.append(
            {
                "label": label,
                "optimizer": trajectory.optimizers[index],
                "hparams": {k: list(v) if isinstance(v, tuple) else v for k, v in trajectory.hparams[index].items()},
                "final_loss": trajectory.final_loss(label),
                "best_loss": trajectory.best_loss(label),
                "steps_to_threshold": trajectory.steps_to_loss(label, threshold),
                "diverged_at": diverged_at if diverged_at >= 0 else None,
                "final_params": trajectory.params[-1, index].tolist(),
            }
        )
    return rows


def table(rows: list[dict[str, Any]], threshold: float) -> str:
    header = ["run", "final loss", "best loss", f"steps to {threshold:g}", "status"]
    lines = [
        [
            row["label"],
            fmt(row["final_loss"]),
            fmt(row["best_loss"]),
            "never" if row["steps_to_threshold"] is None else str(row["steps_to_threshold"]),
            "ok" if row["diverged_at"] is None else f"diverged at step {row['diverged_at']}",
        ]
        for row in rows
    ]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]
    render = lambda cells: "  ".join(c.ljust(w) if i in (0, 4) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    rendered = [render(header), render(["-" * w for w in widths])] + [render(cells) for cells in lines]
    return "\n".join(line.rstrip() for line in rendered)


def chart(trajectory: Any, width: int, height: int, color: bool = False) -> str:
    """Loss against step, log scale when every plotted loss is positive; diverged runs cut where they diverged."""
    import numpy as np
    import plotext as plt

    series = []
    for index, label in enumerate(trajectory.labels):
        steps = np.asarray(trajectory.steps, dtype=float)
        loss = np.asarray(trajectory.loss[:, index], dtype=float)
        keep = np.isfinite(loss)
        stop = int(trajectory.diverged_at[index])
        if stop >= 0:
            keep &= steps < stop
        stride = max(1, int(keep.sum()) // (2 * width))  # about two points per column
        name = label if stop < 0 else f"{label} (diverged at {stop})"
        series.append((name, steps[keep][::stride], loss[keep][::stride]))
    points = [loss for _, _, loss in series if loss.size]
    if not points:
        return "(no finite loss to plot)"
    log_scale = all((loss > 0).all() for loss in points)
    plt.clear_figure()
    # Without this plotext caps the size to the terminal, or to 80x24 when output is piped.
    plt.limit_size(False, False)
    plt.plot_size(width, height)
    plt.theme("clear")
    plt.title("loss against step" + (" (log scale)" if log_scale else " (linear: some losses <= 0)"))
    plt.xlabel("step")
    for label, xs, ys in series:
        if xs.size:
            # log10 on a linear axis with decade ticks: plotext's own log axis prints unreadable labels.
            plt.plot(xs.tolist(), (np.log10(ys) if log_scale else ys).tolist(), label=label)
    if log_scale:
        low = math.floor(min(float(np.log10(loss).min()) for loss in points))
        high = math.ceil(max(float(np.log10(loss).max()) for loss in points))
        every = max(1, math.ceil((high - low) / max(1, height // 3)))
        decades = list(range(low, high + 1, every))
        plt.yticks(decades, [f"1e{d}" for d in decades])
    text = plt.build().rstrip("\n")
    return text if color else plt.uncolorize(text)


def run(args: argparse.Namespace) -> int:
    from interview_lab.sim import SimulationError, simulate

    try:
        if args.width < 20 or args.height < 5:
            raise UsageError("--width must be at least 20 and --height at least 5")
        if not math.isfinite(args.threshold):
            raise UsageError("--threshold must be finite")
        runs = build_runs(args)
        surface_params = parse_pairs(args.param, "--param")
        start = None
        if args.start is not None:
            start = parse_value(args.start)
            start = start if isinstance(start, list) else [start]
        trajectory = simulate(
            args.surface,
            runs,
            args.steps,
            surface_params=surface_params,
            start=start,
            seed=args.seed,
            record_every=args.record_every,
        )
    except (UsageError, SimulationError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    rows = summary_rows(trajectory, args.threshold)
    if args.json:
        for row in rows:  # JSON has no infinity: a diverged run has a null final loss and a diverged_at
            for key in ("final_loss", "best_loss"):
                row[key] = row[key] if math.isfinite(row[key]) else None
        document = {"surface": args.surface, "steps": args.steps, "threshold": args.threshold, "runs": rows}
        print(json.dumps(document, indent=2))
        return 0
    print(f"{args.surface}, {args.steps} steps")
    print(table(rows, args.threshold))
    if not args.no_chart:
        print()
        print(chart(trajectory, args.width, args.height, color=sys.stdout.isatty()))
    return 0
