"""Every built-in experiment's frames build at the sizes an 80x24 terminal gives the plots.

A plot that plotext cannot build used to stop the Lab's run silently at
"running" (ticks that did not reach the highest loss left a run with no point
on the canvas, and plotext failed in its legend). Each experiment is run once
and its frames are built for a few moments of the run, from the first step
(single points) to the last, the way the Lab builds them: a slim trajectory
drawn by `draw_frame`.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from interview_lab.content.loader import builtin_deck_dir, load_deck
from interview_lab.experiments.runner import plain, run_experiment
from interview_lab.tui.widgets import plots

DECK = load_deck([builtin_deck_dir()], builtin=builtin_deck_dir())
# The plot pane of the Lab at 80x24, and after the claims panel has grown under it (taken in turn).
SIZES = ((80, 14), (80, 11))


def prefix(trajectory, step: int) -> SimpleNamespace:
    """The trajectory as the Lab holds it after `step` steps."""
    diverged = np.asarray(trajectory.diverged_at)
    return SimpleNamespace(
        labels=tuple(trajectory.labels),
        steps=np.asarray(trajectory.steps)[: step + 1],
        loss=np.asarray(trajectory.loss)[: step + 1],
        params=np.asarray(trajectory.params)[: step + 1],
        diverged_at=np.where(diverged <= step, diverged, -1),
        effective_lr=np.asarray(trajectory.effective_lr)[: step + 1],
    )


def moments(count: int) -> list[int]:
    last = count - 1
    return sorted({step for step in (1, last // 10, last // 3, (2 * last) // 3, last) if 1 <= step <= last})


def test_the_built_in_deck_has_experiments():
    assert len(DECK.experiments) > 50


@pytest.mark.parametrize("experiment", DECK.experiments, ids=lambda experiment: experiment.id)
def test_every_frame_of_a_built_in_experiment_draws_at_80x24(experiment):
    trajectory = run_experiment(experiment)
    surface = (experiment.surface.name, plain(dict(experiment.surface.params)), experiment.start and tuple(experiment.start))
    for number, step in enumerate(moments(len(trajectory.steps))):
        for width, height in SIZES[number % 2 :][:1]:
            slim = plots.slim_trajectory(prefix(trajectory, step), plots.plot_columns(width))
            slim.total_steps = experiment.steps
            # The path plot does not depend on the loss range: once per experiment is enough.
            sizes = {"loss-plot": (width, height), "lr-plot": (width, height)}
            if number == 0:
                sizes["path-plot"] = (width, height)
            drawn = plots.draw_frame(plots.FrameRequest(slim, sizes, surface, 2))
            where = f"{experiment.id} at step {step}, {width}x{height}"
            for plot_id, text in drawn.items():
                assert "could not be drawn" not in text.plain, f"{plot_id} of {where}: {text.plain}"
            loss = drawn["loss-plot"].plain
            assert "against step" in loss, f"no loss plot for {where}"
            for label in trajectory.labels:  # the legend is drawn: every run has points on the canvas
                assert label in loss, f"{label} missing from the loss plot of {where}"


@pytest.mark.parametrize("surface", __import__("interview_lab.sim.surfaces", fromlist=["NAMES"]).NAMES)
def test_the_default_runs_draw_on_every_surface_at_small_and_large_sizes(surface):
    """The free Lab: any surface chosen, the default runs (SGD and Adam), 80x24 and 200x50 plot sizes."""
    from interview_lab.tui.screens.lab import LabEngine, LabSetup

    setup = LabSetup.default()
    setup.surface = surface
    engine = LabEngine(setup)
    engine.advance(setup.steps)
    trajectory = engine.trajectory()
    start = engine.surface_view.start if engine.surface_view is not None else None
    for number, step in enumerate(moments(len(trajectory.steps))):
        for width, height in ((80, 14), (82, 20))[number % 2 :][:1]:
            slim = plots.slim_trajectory(prefix(trajectory, step), plots.plot_columns(width))
            slim.total_steps = setup.steps
            sizes = {"loss-plot": (width, height), "path-plot": (width, height), "lr-plot": (width, height)}
            drawn = plots.draw_frame(plots.FrameRequest(slim, sizes, (surface, {}, start), engine.surface.dims))
            for plot_id, text in drawn.items():
                assert "could not be drawn" not in text.plain, f"{plot_id} on {surface} at step {step}: {text.plain}"
            assert all(label in drawn["loss-plot"].plain for label in trajectory.labels)
