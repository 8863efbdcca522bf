"""Check an experiment's claims against a simulated trajectory.

The vocabulary is documented in docs/content-format.md. Each claim gives a
`ClaimResult`: whether it held and the measured numbers in words, which the
Lab shows next to the claim and `check --experiments` prints when one fails.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Protocol, Sequence

from interview_lab.content.model import Claim


class TrajectoryLike(Protocol):
    """What claims read from `interview_lab.sim.Trajectory`."""

    labels: tuple[str, ...]
    steps: Any  # (records,) int
    loss: Any  # (records, runs)
    params: Any  # (records, runs, dims)
    diverged_at: Any  # (runs,) int, -1 when the run stayed finite
    effective_lr: Any  # (records, runs, dims), NaN where there is none


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    held: bool
    measured: str  # the numbers behind the verdict, in words


class ClaimError(ValueError):
    """A claim that cannot be evaluated (names a run or parameter that is not there)."""


def fmt(value: float | None) -> str:
    if value is None:
        return "never"
    if math.isinf(value):
        return "inf (diverged)"
    return f"{value:.3g}"


class RunView:
    """One run of a trajectory, read the way claims need it."""

    def __init__(self, trajectory: TrajectoryLike, label: str):
        if label not in trajectory.labels:
            raise ClaimError(f"no run labelled {label!r} (runs: {', '.join(trajectory.labels)})")
        self.label = label
        self.index = trajectory.labels.index(label)
        self.trajectory = trajectory
        self.diverged_at = int(trajectory.diverged_at[self.index])

    @property
    def diverged(self) -> bool:
        return self.diverged_at >= 0

    def finite_losses(self) -> list[tuple[int, float]]:
        steps = self.trajectory.steps
        losses = self.trajectory.loss[:, self.index]
        pairs = []
        for step, loss in zip(steps, losses):
            if self.diverged and step >= self.diverged_at:
                break
            if math.isfinite(float(loss)):
                pairs.append((int(step), float(loss)))
        return pairs

    def final_loss(self) -> float:
        if self.diverged:
            return math.inf
        return float(self.trajectory.loss[-1, self.index])

    def best_loss(self) -> float:
        losses = [loss for _, loss in self.finite_losses()]
        return min(losses) if losses else math.inf

    def steps_to(self, value: float) -> int | None:
        return next((step for step, loss in self.finite_losses() if loss <= value), None)

    def final_param(self, index: int) -> float:
        params = self.trajectory.params
        if not 0 <= index < params.shape[2]:
            raise ClaimError(f"parameter index {index} is out of range (the problem has {params.shape[2]})")
        return float(params[-1, self.index, index])

    def effective_lr(self, param: int, at: int | None) -> float:
        table = self.trajectory.effective_lr
        if not 0 <= param < table.shape[2]:
            raise ClaimError(f"parameter index {param} is out of range (the problem has {table.shape[2]})")
        steps = [int(s) for s in self.trajectory.steps]
        if at is None:
            record = len(steps) - 1
        elif at in steps:
            record = steps.index(at)
        else:
            raise ClaimError(f"step {at} was not recorded")
        return float(table[record, self.index, param])


def check_final_loss_below(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run = RunView(t, a["run"])
    loss = run.final_loss()
    return loss < a["value"], f"final loss of {run.label} = {fmt(loss)} (needs < {fmt(a['value'])})"


def check_final_loss_above(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run = RunView(t, a["run"])
    loss = run.final_loss()
    return loss > a["value"], f"final loss of {run.label} = {fmt(loss)} (needs > {fmt(a['value'])})"


def check_best_loss_below(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run = RunView(t, a["run"])
    loss = run.best_loss()
    return loss < a["value"], f"best loss of {run.label} = {fmt(loss)} (needs < {fmt(a['value'])})"


def check_best_loss_above(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run = RunView(t, a["run"])
    loss = run.best_loss()
    return loss > a["value"], f"best loss of {run.label} = {fmt(loss)} (needs to stay above {fmt(a['value'])})"


def check_loss_below_run(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run, other = RunView(t, a["run"]), RunView(t, a["other"])
    factor = a.get("factor", 1)
    mine, theirs = run.final_loss(), other.final_loss()
    held = mine < factor * theirs if math.isfinite(mine) else False
    scale = "" if factor == 1 else f"{fmt(factor)} x "
    return held, (
        f"final loss of {run.label} = {fmt(mine)}, of {other.label} = {fmt(theirs)} "
        f"(needs {run.label} < {scale}{other.label})"
    )


def check_reaches_loss(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run = RunView(t, a["run"])
    step = run.steps_to(a["value"])
    within = a.get("within")
    held = step is not None and (within is None or step <= within)
    limit = "" if within is None else f" within {within} steps"
    return held, f"{run.label} reached {fmt(a['value'])} at step {fmt(step)} (needs{limit or ' to reach it'})"


def check_reaches_before(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run, other = RunView(t, a["run"]), RunView(t, a["other"])
    mine, theirs = run.steps_to(a["value"]), other.steps_to(a["value"])
    held = mine is not None and (theirs is None or mine < theirs)
    return held, (
        f"loss {fmt(a['value'])} reached by {run.label} at step {fmt(mine)}, "
        f"by {other.label} at step {fmt(theirs)}"
    )


def check_diverges(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run = RunView(t, a["run"])
    within = a.get("within")
    held = run.diverged and (within is None or run.diverged_at <= within)
    when = f"diverged at step {run.diverged_at}" if run.diverged else "stayed finite"
    return held, f"{run.label} {when}" + ("" if within is None else f" (needs divergence within {within} steps)")


def check_stays_finite(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run = RunView(t, a["run"])
    when = f"diverged at step {run.diverged_at}" if run.diverged else "stayed finite"
    return not run.diverged, f"{run.label} {when}"


def check_param_final_between(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run = RunView(t, a["run"])
    value = run.final_param(a["index"])
    held = a["low"] <= value <= a["high"]
    return held, f"final x[{a['index']}] of {run.label} = {fmt(value)} (needs {fmt(a['low'])} .. {fmt(a['high'])})"


def check_effective_lr_above(t: TrajectoryLike, a: dict) -> tuple[bool, str]:
    run = RunView(t, a["run"])
    than = RunView(t, a.get("than_run", a["run"]))
    param, than_param = a["param"], a.get("than_param", a["param"])
    at, factor = a.get("at"), a.get("factor", 1)
    mine, theirs = run.effective_lr(param, at), than.effective_lr(than_param, at)
    if math.isnan(mine) or math.isnan(theirs):
        return False, "no effective learning rate recorded for one of the runs (not an adaptive optimizer?)"
    when = "at the last step" if at is None else f"at step {at}"
    return mine > factor * theirs, (
        f"effective lr {when}: {run.label} x[{param}] = {fmt(mine)}, "
        f"{than.label} x[{than_param}] = {fmt(theirs)}"
    )


CHECKS: dict[str, Callable[[TrajectoryLike, dict], tuple[bool, str]]] = {
    "final_loss_below": check_final_loss_below,
    "final_loss_above": check_final_loss_above,
    "best_loss_below": check_best_loss_below,
    "best_loss_above": check_best_loss_above,
    "loss_below_run": check_loss_below_run,
    "reaches_loss": check_reaches_loss,
    "reaches_before": check_reaches_before,
    "diverges": check_diverges,
    "stays_finite": check_stays_finite,
    "param_final_between": check_param_final_between,
    "effective_lr_above": check_effective_lr_above,
}


def evaluate(claim: Claim, trajectory: TrajectoryLike) -> ClaimResult:
    """Evaluate one claim; raises ClaimError when it names something absent."""
    check = CHECKS.get(claim.kind)
    if check is None:
        raise ClaimError(f"unknown claim kind {claim.kind!r}")
    held, measured = check(trajectory, dict(claim.args))
    return ClaimResult(claim, bool(held), measured)


def evaluate_all(claims: Sequence[Claim], trajectory: TrajectoryLike) -> list[ClaimResult]:
    results = []
    for claim in claims:
        try:
            results.append(evaluate(claim, trajectory))
        except ClaimError as error:
            results.append(ClaimResult(claim, False, str(error)))
    return results
