"""Series preparation and plot building: what keeps the Lab's plots honest and cheap."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from interview_lab.tui.widgets import plots


def fake_trajectory(steps: int, diverged_at: tuple[int, ...] = (-1, -1)) -> SimpleNamespace:
    runs = len(diverged_at)
    index = np.arange(steps + 1)
    loss = np.stack([np.exp(-index / (20.0 * (r + 1))) for r in range(runs)], axis=1)
    params = np.stack([np.linspace(-4, 0, steps + 1), np.linspace(1, 0, steps + 1)], axis=1)
    params = np.repeat(params[:, None, :], runs, axis=1)
    effective_lr = np.full((steps + 1, runs, 2), np.nan)
    for run, stop in enumerate(diverged_at):
        if stop >= 0:
            loss[stop:, run] = np.inf
    return SimpleNamespace(
        labels=tuple(f"run{r}" for r in range(runs)),
        steps=index,
        loss=loss,
        params=params,
        diverged_at=np.asarray(diverged_at),
        effective_lr=effective_lr,
    )


def test_downsampling_keeps_a_spike_and_both_ends():
    ys = np.ones(10_000)
    ys[5_123] = 1e6
    ys[0], ys[-1] = 7.0, 3.0
    xs, kept = plots.downsample_minmax(np.arange(10_000), ys, 200)
    assert len(xs) <= 200
    assert kept.max() == 1e6 and xs[np.argmax(kept)] == 5_123
    assert (kept[0], kept[-1]) == (7.0, 3.0)
    assert np.all(np.diff(xs) > 0)


def test_short_series_are_not_downsampled():
    xs, ys = plots.downsample_minmax([0, 1, 2], [3.0, 2.0, 1.0], 100)
    assert xs.tolist() == [0, 1, 2] and ys.tolist() == [3.0, 2.0, 1.0]


def test_non_finite_values_are_dropped_and_the_series_stops_at_divergence():
    xs, ys = plots.finite_series([0, 1, 2, 3, 4], [1.0, np.nan, 2.0, np.inf, 5.0], stop_at=4)
    assert xs.tolist() == [0, 2] and ys.tolist() == [1.0, 2.0]


def test_log_ticks_label_powers_of_ten():
    ticks, labels = plots.log_ticks(-6.3, 0.2)
    assert ticks[0] <= -6.3 and ticks[-1] >= 0.2
    assert "1e-6" in labels or "1e-7" in labels


def test_level_hints_draw_bands_around_the_minimum():
    xs, ys = plots.level_hints(lambda p: (p**2).sum(axis=1), ((-2, 2), (-2, 2)), 40, 20)
    radii = np.hypot(xs, ys)
    assert len(xs) > 20
    # Concentric circles: hints at several different distances, none exactly at the minimum.
    assert len(np.unique(np.round(radii, 1))) > 4 and radii.min() > 0


def test_a_diverged_run_still_draws_and_never_raises():
    trajectory = fake_trajectory(50, diverged_at=(-1, 10))
    text = plots.loss_plot(trajectory, 80, 20).plain
    assert "run0" in text and "run1" in text


def test_only_non_finite_losses_give_a_message_not_a_crash():
    trajectory = fake_trajectory(5, diverged_at=(0,))
    assert "No finite loss" in plots.loss_plot(trajectory, 80, 20).plain


@pytest.mark.parametrize("steps", [500, 10_000])
def test_plot_input_size_does_not_grow_with_history(steps):
    trajectory = fake_trajectory(steps)
    xs, _ = plots.downsample_minmax(trajectory.steps, trajectory.loss[:, 0], 2 * plots.plot_columns(100))
    assert len(xs) <= 2 * plots.plot_columns(100)


def test_path_plot_marks_the_minimum_and_the_start():
    surface = plots.SurfaceView(
        value=lambda p: 0.5 * (p[:, 0] ** 2 + 10 * p[:, 1] ** 2),
        window=((-5.0, 5.0), (-2.0, 2.0)),
        minima=((0.0, 0.0),),
        start=(-4.0, 1.0),
    )
    text = plots.path_plot(fake_trajectory(100), surface, 80, 24, plots.LevelCache()).plain
    assert plots.MINIMUM_MARKER in text and plots.START_MARKER in text


def test_effective_lr_plot_explains_when_no_run_is_adaptive():
    assert "SGD" in plots.effective_lr_plot(fake_trajectory(20), 80, 20).plain


def test_sweep_plot_marks_diverged_learning_rates():
    text = plots.sweep_plot([1e-3, 1e-2, 1e-1, 1.0], [1.0, 0.1, 0.01, np.inf], 80, 20, "sweep").plain
    assert "diverged" in text and "0.01" in text
