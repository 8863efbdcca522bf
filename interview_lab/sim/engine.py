"""simulate(): one surface, several optimizer runs, advanced together in NumPy.

Runs are grouped by configuration (a learning-rate sweep is one group, one
optimizer with a per-run `lr`); all groups share one gradient evaluation per
step. Optimizers write parameters and effective learning rates straight into
record buffers allocated up front, so a step copies nothing and allocates
nothing that grows with the history; losses of the records are evaluated in
one batched call when a trajectory is taken. Simulations of SGD alone keep no
effective learning rates (their trajectory shows a read-only NaN view).

A run diverges at the first step whose parameters are not finite or leave
[-PARAM_BOUND, PARAM_BOUND]. From that step on it stops updating: its
parameters stay at their last good value, its loss reads +inf and its
effective learning rates NaN.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Mapping, Sequence

import numpy as np

from interview_lab.sim import optimizers as optimizer_module
from interview_lab.sim import surfaces as surface_module
from interview_lab.sim.errors import SimulationError

PARAM_BOUND = 1e6
MAX_STEPS = 1_000_000
CHECK_BLOCK = 32  # records checked for divergence together when every step is recorded
MAX_RECORD_BYTES = 1 << 30  # refuse a run whose records alone would take over 1 GiB
OWNER = "simulate"


@dataclass(frozen=True)
class RunConfig:
    """One optimizer configuration; an `lr` list makes it a sweep of len(lr) runs."""

    label: str
    optimizer: str
    hparams: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Trajectory:
    """What a simulation recorded. Arrays are read-only; records are rows.

    steps (records,), loss (records, runs), params (records, runs, dims),
    effective_lr (records, runs, dims) NaN where the optimizer has none,
    diverged_at (runs,) the step a run diverged at, -1 if it did not.
    """

    surface: str
    labels: tuple[str, ...]
    optimizers: tuple[str, ...]
    hparams: Sequence[Mapping[str, Any]]  # per run
    steps: np.ndarray
    loss: np.ndarray
    params: np.ndarray
    effective_lr: np.ndarray
    diverged_at: np.ndarray

    @cached_property
    def _label_index(self) -> dict[str, int]:
        # Built on the first look-up, then one dict access per look-up: reading every run stays linear.
        return {label: index for index, label in enumerate(self.labels)}

    def run_index(self, label: str) -> int:
        try:
            return self._label_index[label]
        except (KeyError, TypeError):  # TypeError: an unhashable label
            raise SimulationError(OWNER, "label", f"no run labelled {label!r} (runs: {', '.join(self.labels)})") from None

    def diverged(self, label: str) -> bool:
        return bool(self.diverged_at[self.run_index(label)] >= 0)

    def _good_losses(self, label: str) -> np.ndarray:
        index = self.run_index(label)
        losses = self.loss[:, index]
        return losses[np.isfinite(losses)]

    def final_loss(self, label: str) -> float:
        """The loss after the last recorded step; +inf for a run that diverged."""
        index = self.run_index(label)
        return math.inf if self.diverged_at[index] >= 0 else float(self.loss[-1, index])

    def best_loss(self, label: str) -> float:
        losses = self._good_losses(label)
        return float(losses.min()) if losses.size else math.inf

    def steps_to_loss(self, label: str, value: float) -> int | None:
        """The first recorded step at which the loss is `value` or below, None if never."""
        index = self.run_index(label)
        reached = np.flatnonzero(self.loss[:, index] <= value)
        return int(self.steps[reached[0]]) if reached.size else None


@dataclass(frozen=True)
class Frame:
    """A view of a running simulation: the step reached and everything recorded so far."""

    step: int
    total_steps: int
    trajectory: Trajectory

    @property
    def done(self) -> bool:
        return self.step >= self.total_steps


class RunSettings(Sequence):
    """Each run's hyper-parameters (defaults filled in), built on access: a sweep of thousands stays cheap."""

    def __init__(self, groups: list[tuple[slice, dict[str, Any]]]):
        self._groups = groups
        self._length = groups[-1][0].stop if groups else 0

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> dict[str, Any]:  # type: ignore[override]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        for rows, settings in self._groups:
            if rows.start <= index < rows.stop:
                offset = index - rows.start
                return {k: _run_value(v, offset) for k, v in settings.items()}
        raise IndexError(index)


def _run_value(value: Any, offset: int) -> Any:
    """One run's value of a setting: per-run arrays indexed, also inside a tuple (per-run betas)."""
    if isinstance(value, np.ndarray):
        return value[offset].item()
    if isinstance(value, tuple):
        return tuple(_run_value(part, offset) for part in value)
    return value


def _is_list(value: Any) -> bool:
    """Whether an `lr` is a list of rates (a sweep) rather than one rate; never raises."""
    if value is None or isinstance(value, (str, bytes, bool, np.generic)):
        return False
    if isinstance(value, (list, tuple, range)):
        return True
    if isinstance(value, np.ndarray):
        return value.ndim == 1
    try:
        return np.ndim(value) == 1
    except (TypeError, ValueError):  # not array-like: the optimizer reports it
        return False


@dataclass
class _Group:
    rows: slice
    optimizer: Any
    state: dict[str, Any] = field(default_factory=dict)


def _expand(runs: Sequence[RunConfig]) -> list[tuple[list[str], RunConfig, int]]:
    """(labels, config, count) per group; an `lr` list becomes one group of len(lr) runs."""
    if isinstance(runs, RunConfig):
        runs = [runs]
    if not runs:
        raise SimulationError(OWNER, "runs", "at least one run is needed")
    groups = []
    for run in runs:
        if not isinstance(run, RunConfig):
            raise SimulationError(OWNER, "runs", f"each run must be a RunConfig, got {run!r}")
        base = run.label or run.optimizer
        try:
            hparams = dict(run.hparams)
        except (TypeError, ValueError):
            raise SimulationError(
                str(run.optimizer), "hparams", f"hyper-parameters must be a mapping of names to values, got {run.hparams!r}"
            ) from None
        lr = hparams.get("lr")
        if _is_list(lr):
            if isinstance(lr, (list, tuple, range, np.ndarray)) and not len(lr):
                raise SimulationError(run.optimizer, "lr", "lr: an lr sweep needs at least one value")
            # Checked as the optimizer checks them (numbers, finite, >= 0) before they are formatted.
            rates = optimizer_module.checked_values(run.optimizer, "lr", lr).tolist()  # floats: quick to format
            # Three digits read well in a legend; more only where needed to tell rates apart.
            labels = [f"{base} lr={rate:.3g}" for rate in rates]
            if len(set(labels)) < len(labels):
                labels = [f"{base} lr={rate:g}" for rate in rates]
            hparams["lr"] = np.asarray(rates, dtype=float)
        else:
            labels = [base]
        groups.append((labels, RunConfig(base, run.optimizer, hparams), len(labels)))
    seen: set[str] = set()
    for labels, _, _ in groups:
        for label in labels:
            if label in seen:
                raise SimulationError(OWNER, "runs", f"two runs are labelled {label!r}; labels must differ")
            seen.add(label)
    return groups


def _whole(field_name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise SimulationError(OWNER, field_name, f"{field_name} must be a whole number in [{low}, {high}], got {value!r}")
    return int(value)


class Simulation:
    """A simulation that advances on demand: `step(n)`, `trajectory()`, `reset()`.

    `steps`, when given, sizes the record buffers up front (simulate does);
    otherwise they grow by doubling.
    """

    def __init__(
        self,
        surface: str | surface_module.Surface,
        runs: Sequence[RunConfig],
        *,
        surface_params: Mapping[str, Any] | None = None,
        start: Any = None,
        seed: int = 0,
        record_every: int = 1,
        steps: int | None = None,
    ):
        if isinstance(surface, surface_module.Surface):
            if surface_params:
                raise SimulationError(OWNER, "surface_params", "surface_params given with a surface object")
            self.surface = surface
        else:
            self.surface = surface_module.create(surface, **dict(surface_params or {}))
        self.seed = _whole("seed", seed, 0, 2**63 - 1)
        self.record_every = _whole("record_every", record_every, 1, MAX_STEPS)
        self.planned_steps = None if steps is None else _whole("steps", steps, 0, MAX_STEPS)
        groups = _expand(runs)
        self.labels = tuple(label for labels, _, _ in groups for label in labels)
        self.runs = len(self.labels)
        self.optimizer_names = tuple(config.optimizer for _, config, count in groups for _ in range(count))
        self._groups: list[_Group] = []
        first = 0
        for labels, config, count in groups:
            optimizer = optimizer_module.create(config.optimizer, **config.hparams)
            self._groups.append(_Group(slice(first, first + count), optimizer))
            first += count
        self.run_hparams = RunSettings([(group.rows, group.optimizer.hparams) for group in self._groups])
        # Without an adaptive optimizer there is no effective learning rate to keep: no buffer, a NaN view.
        self._keeps_effective_lr = any(group.optimizer.has_effective_lr for group in self._groups)
        self._start = self._start_points(start)
        self._check_memory()
        self._records = 0
        self.reset()

    # -- setup ------------------------------------------------------------------------

    def _start_points(self, start: Any) -> np.ndarray:
        dims = self.surface.dims
        if start is None:
            point = self.surface.default_start
        else:
            try:
                point = np.asarray(start, dtype=np.float64)
            except (TypeError, ValueError):
                raise SimulationError(OWNER, "start", f"start must be a list of {dims} numbers, got {start!r}") from None
        if point.shape == (dims,):
            points = np.tile(point, (self.runs, 1))
        elif point.shape == (self.runs, dims):
            points = point.copy()
        else:
            raise SimulationError(
                OWNER, "start", f"start must have {dims} coordinates (or one row of {dims} per run), got shape {point.shape}"
            )
        if not (np.abs(points) <= PARAM_BOUND).all():
            raise SimulationError(OWNER, "start", f"start must be finite and within +-{PARAM_BOUND:g}")
        return self.surface.project(points)

    def _check_memory(self) -> None:
        if self.planned_steps is None:
            return
        records = self.planned_steps // self.record_every + 2
        size = records * self.runs * ((1 + self._keeps_effective_lr) * self.surface.dims + 1) * 8
        if size > MAX_RECORD_BYTES:
            raise SimulationError(
                OWNER,
                "steps",
                f"recording {self.planned_steps} steps of {self.runs} runs would take {size / 2**30:.1f} GiB; "
                "raise record_every or lower steps",
            )

    def reset(self) -> None:
        """Back to the start point, with fresh optimizer state, noise and records."""
        self.step_count = 0
        self.rng = np.random.default_rng(self.seed)
        self.diverged_at = np.full(self.runs, -1, dtype=np.int64)
        self._frozen = np.zeros(self.runs, dtype=bool)
        self._any_frozen = False
        capacity = (self.planned_steps // self.record_every + 2) if self.planned_steps is not None else 64
        self._records = 0
        self._allocate(capacity)
        shape = (self.runs, self.surface.dims)
        self._scratch = (np.empty(shape), np.empty(shape))
        self._scratch_effective_lr = np.empty(shape)
        self._gradient = self.surface._gradient_function(shape)
        for group in self._groups:
            group.state = group.optimizer.init(self._start[group.rows])
        self._steps[0] = 0
        self._params[0] = self._start
        if self._keeps_effective_lr:
            self._effective_lr[0] = np.nan
        self.params = self._params[0]
        self._records = 1
        self._checked = 1  # the start point was checked when it was given
        self._losses_done = 0

    def _allocate(self, capacity: int) -> None:
        # Fresh buffers (never resized in place) so trajectories handed out stay valid.
        dims, runs, old = self.surface.dims, self.runs, self._records
        steps = np.empty(capacity, dtype=np.int64)
        loss = np.empty((capacity, runs))
        params = np.empty((capacity, runs, dims))
        effective_lr = np.empty((capacity, runs, dims)) if self._keeps_effective_lr else None
        if old:
            steps[:old], loss[:old], params[:old] = self._steps[:old], self._loss[:old], self._params[:old]
            if effective_lr is not None:
                effective_lr[:old] = self._effective_lr[:old]
        self._steps, self._loss, self._params, self._effective_lr = steps, loss, params, effective_lr

    def _fill_losses(self) -> None:
        """Losses of the records not yet evaluated, in one batched call (not once per step)."""
        done, count = self._losses_done, self._records
        if done == count:
            return
        loss = self._loss[done:count]
        # In chunks, so problems with large intermediates (logistic) stay small in memory.
        rows = max(1, (1 << 22) // (self.runs * max(self.surface.dims, 256)))
        for first in range(done, count, rows):
            last = min(first + rows, count)
            self._loss[first:last] = self.surface._value(self._params[first:last])
        if self._any_frozen:
            for run in np.flatnonzero(self._frozen):
                loss[self._steps[done:count] >= self.diverged_at[run], run] = np.inf
        self._losses_done = count

    def _freeze(self, rows: np.ndarray) -> None:
        self.diverged_at[rows] = self.step_count
        self._frozen |= rows
        self._any_frozen = True

    # -- stepping ---------------------------------------------------------------------

    def step(self, n: int = 1) -> None:
        """Advance every run by `n` steps."""
        n = _whole("n", n, 0, MAX_STEPS)
        if n == 0:
            return
        record_every = self.record_every
        needed = self._records + (self.step_count + n) // record_every - self.step_count // record_every
        if needed > len(self._steps):
            self._allocate(max(needed, 2 * len(self._steps)))
        surface, rng = self.surface, self.rng
        gradient, project = self._gradient, surface.project
        constrained = type(surface).project is not surface_module.Surface.project
        # Per group: its rows, the update bound to its state, and whether it has effective rates to record.
        groups = [
            (group.rows, group.optimizer.update_function(group.state), group.state, group.optimizer.has_effective_lr)
            for group in self._groups
        ]
        single = groups[0] if len(groups) == 1 else None
        limit = PARAM_BOUND * PARAM_BOUND
        every_step_recorded = record_every == 1
        records, steps, params, effective_lrs = self._records, self._steps, self._params, self._effective_lr
        scratch, scratch_effective_lr = self._scratch, self._scratch_effective_lr
        frozen = self._frozen
        keeps_effective_lr = self._keeps_effective_lr
        t = self.step_count
        out = self.params
        if every_step_recorded:  # the step of each new record is known: written at once
            steps[records : records + n] = np.arange(t + 1, t + n + 1)
        with np.errstate(all="ignore"):  # diverging runs overflow; they are caught below
            for t in range(t + 1, t + n + 1):
                previous = out
                recording = every_step_recorded or t % record_every == 0
                if recording:
                    out = params[records]
                    effective_lr = effective_lrs[records] if keeps_effective_lr else scratch_effective_lr
                    if not every_step_recorded:
                        steps[records] = t
                    records += 1
                else:
                    out = scratch[1] if previous is scratch[0] else scratch[0]
                    effective_lr = scratch_effective_lr
                grads = gradient(previous, t, rng)
                # Optimizers write straight into the record buffers (or scratch): no copies.
                if single is not None:
                    _, update, state, has_effective_lr = single
                    if has_effective_lr:
                        state["effective_lr"] = effective_lr
                    update(previous, grads, state, out)
                else:
                    for rows, update, state, has_effective_lr in groups:
                        if has_effective_lr:
                            state["effective_lr"] = effective_lr[rows]
                        else:
                            effective_lr[rows] = np.nan
                        update(previous[rows], grads[rows], state, out[rows])
                if constrained:
                    np.copyto(out, project(out))
                if self._any_frozen:
                    out[frozen] = previous[frozen]
                    effective_lr[frozen] = np.nan
                if every_step_recorded:
                    # Checked a block of records at a time; a run found bad is then rewound (_check_records).
                    if records - self._checked >= CHECK_BLOCK:
                        self._records = records
                        self._check_records()
                # One dot product bounds every |param| (and catches NaN) in the common case.
                elif not np.vdot(out, out) <= limit:
                    bad = ~(np.abs(out) <= PARAM_BOUND).all(axis=1) & ~frozen
                    if bad.any():
                        self.step_count = t
                        self._freeze(bad)
                        out[bad] = previous[bad]
                        effective_lr[bad] = np.nan
        self.step_count = t
        self.params = out
        self._records = records
        self._check_records()

    def _check_records(self) -> None:
        """Find runs that left the bound in records not yet checked; freeze them from that step on.

        Runs are independent, so rewinding a run's records to its last good
        point equals having stopped it there.
        """
        first, last = self._checked, self._records
        if first == last:
            return
        block = self._params[first:last]
        # max/min propagate NaN; no BLAS call, whose threads cost more than the sums here.
        if not (block.max() <= PARAM_BOUND and block.min() >= -PARAM_BOUND):
            bad = ~(np.abs(block) <= PARAM_BOUND).all(axis=2) & ~self._frozen
            for run in np.flatnonzero(bad.any(axis=0)):
                row = first + int(np.argmax(bad[:, run]))
                self._params[row:last, run] = self._params[row - 1, run]
                if self._keeps_effective_lr:
                    self._effective_lr[row:last, run] = np.nan
                self.diverged_at[run] = self._steps[row]
                self._frozen[run] = True
                self._any_frozen = True
        self._checked = last

    # -- reading ----------------------------------------------------------------------

    def trajectory(self) -> Trajectory:
        """Everything recorded so far, plus the current step; cheap (views) when it was recorded."""
        self._check_records()
        self._fill_losses()
        count = self._records
        shape = (count, self.runs, self.surface.dims)
        effective_lrs = self._effective_lr[:count] if self._keeps_effective_lr else np.broadcast_to(np.nan, shape)
        arrays = [self._steps[:count], self._loss[:count], self._params[:count], effective_lrs]
        if self._steps[count - 1] != self.step_count:
            loss = np.where(self._frozen, np.inf, self.surface._value(self.params))
            effective = np.full((self.runs, self.surface.dims), np.nan)
            for group in self._groups:
                effective[group.rows] = group.state["effective_lr"]
            effective[self._frozen] = np.nan
            tail = [np.array([self.step_count]), loss[None], self.params[None], effective[None]]
            arrays = [np.concatenate([a, b]) for a, b in zip(arrays, tail)]
        for array in arrays:
            array.flags.writeable = False
        steps, loss, params, effective_lr = arrays
        diverged_at = self.diverged_at.copy()
        diverged_at.flags.writeable = False
        return Trajectory(
            surface=self.surface.name,
            labels=self.labels,
            optimizers=self.optimizer_names,
            hparams=self.run_hparams,
            steps=steps,
            loss=loss,
            params=params,
            effective_lr=effective_lr,
            diverged_at=diverged_at,
        )


def simulate(
    surface: str | surface_module.Surface,
    runs: Sequence[RunConfig],
    steps: int,
    *,
    surface_params: Mapping[str, Any] | None = None,
    start: Any = None,
    seed: int = 0,
    record_every: int = 1,
) -> Trajectory:
    """Run every configuration for `steps` steps and return the trajectory (deterministic per seed)."""
    simulation = Simulation(
        surface, runs, surface_params=surface_params, start=start, seed=seed, record_every=record_every, steps=steps
    )
    simulation.step(steps)
    return simulation.trajectory()


def iter_simulate(
    surface: str | surface_module.Surface,
    runs: Sequence[RunConfig],
    steps: int,
    *,
    surface_params: Mapping[str, Any] | None = None,
    start: Any = None,
    seed: int = 0,
    record_every: int = 1,
    frame_every: int = 10,
    cancel: threading.Event | None = None,
) -> Iterator[Frame]:
    """Frames at step 0, every `frame_every` steps and at the end; stops between frames once `cancel` is set.

    Set-up errors are raised at the call, not at the first `next()`.
    """
    simulation = Simulation(
        surface, runs, surface_params=surface_params, start=start, seed=seed, record_every=record_every, steps=steps
    )
    frame_every = _whole("frame_every", frame_every, 1, MAX_STEPS)
    return _frames(simulation, steps, frame_every, cancel)


def _frames(simulation: Simulation, steps: int, frame_every: int, cancel: threading.Event | None) -> Iterator[Frame]:
    yield Frame(0, steps, simulation.trajectory())
    while simulation.step_count < steps:
        if cancel is not None and cancel.is_set():
            return
        simulation.step(min(frame_every, steps - simulation.step_count))
        yield Frame(simulation.step_count, steps, simulation.trajectory())
