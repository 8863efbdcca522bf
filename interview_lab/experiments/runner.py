"""Run a content experiment on the simulator.

This is the one place that turns an `Experiment` from the deck into a call of
`interview_lab.sim`, so the Lab, `check --experiments` and the tests all run
exactly the same thing.
"""

from __future__ import annotations

import threading
from typing import Any, Iterator

from interview_lab.content.model import Experiment, RunSpec


def plain(value: Any) -> Any:
    """Content values as the simulator takes them (tuples become lists)."""
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def run_configs(runs: tuple[RunSpec, ...]) -> list[Any]:
    from interview_lab.sim import RunConfig

    return [RunConfig(run.label, run.optimizer, plain(dict(run.hparams))) for run in runs]


def simulation_arguments(experiment: Experiment) -> dict[str, Any]:
    return dict(
        surface=experiment.surface.name,
        runs=run_configs(experiment.runs),
        steps=experiment.steps,
        surface_params=plain(dict(experiment.surface.params)),
        start=None if experiment.start is None else list(experiment.start),
        seed=experiment.seed,
    )


def run_experiment(experiment: Experiment) -> Any:
    """The whole trajectory of an experiment (an `interview_lab.sim.Trajectory`)."""
    from interview_lab.sim import simulate

    return simulate(**simulation_arguments(experiment))


def iter_experiment(
    experiment: Experiment, *, frame_every: int = 10, cancel: threading.Event | None = None
) -> Iterator[Any]:
    """Frames of an experiment as it runs, for a UI worker."""
    from interview_lab.sim import iter_simulate

    return iter_simulate(**simulation_arguments(experiment), frame_every=frame_every, cancel=cancel)
