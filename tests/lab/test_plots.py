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
def test_plot_input_size_does_not_grow_with_history(steps, monkeypatch):
    # What reaches plotext from the loss and effective-lr plots: at most about two points per column.
    drawn: list[int] = []
    real = plots.add_line
    monkeypatch.setattr(plots, "add_line", lambda figure, xs, ys, **o: drawn.append(len(xs)) or real(figure, xs, ys, **o))
    trajectory = fake_trajectory(steps)
    trajectory.effective_lr[:] = 0.01 * (1 + np.arange(steps + 1))[:, None, None]
    width = 100
    plots.loss_plot(trajectory, width, 20)
    plots.effective_lr_plot(trajectory, width, 20)
    assert len(drawn) == 2 * 2 + 2  # two loss lines, two runs x two parameters of effective lr
    assert max(drawn) <= 2 * plots.plot_columns(width) + 2
    assert min(drawn) > plots.plot_columns(width) // 2  # still enough points to draw the curve


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


# -- the y axis always holds the data ------------------------------------------------------------


def top_power(text: str) -> float:
    """The power of ten of a log plot's top tick label."""
    label = next(line for line in text.splitlines() if "┤" in line).split("┤")[0].strip()
    return float(label.replace("1e", "")) if label.startswith("1e") else np.log10(float(label))


@pytest.mark.parametrize("most", [2, 3, 4, 6, 8])
def test_log_ticks_always_enclose_the_range_they_are_given(most):
    rng = np.random.default_rng(0)
    for low, span in zip(rng.uniform(-20, 20, 400), rng.uniform(0, 40, 400)):
        high = low + span
        ticks, labels = plots.log_ticks(low, high, most=most)
        assert ticks[0] <= low and ticks[-1] >= high, (low, high, most, ticks)
        assert 2 <= len(ticks) <= max(2, most) and len(labels) == len(ticks)
        assert len(set(np.diff(ticks).round(9))) == 1  # evenly spaced


def test_the_case_the_audit_found_gets_a_tick_above_the_highest_loss():
    # 17 decades at 3 ticks: steps of 9 from -16 used to end at 2, below a loss of 1e2.5.
    ticks, _ = plots.log_ticks(-16.0, 2.5, most=3)
    assert ticks[-1] >= 2.5


@pytest.mark.parametrize("low,high", [(-20902.9, 4.0), (-1.0, -0.5), (0.0, 0.0), (-3e-9, 1e-9), (5.0, 5.0)])
def test_linear_axis_holds_the_range_closely_with_round_ticks_inside(low, high):
    ticks, labels, (bottom, top) = plots.linear_axis(low, high, most=4)
    assert bottom <= low and top >= high
    assert top - bottom <= 1.1 * (high - low) or high - low < 1e-6  # no half-empty plot
    assert all(bottom <= tick <= top for tick in ticks) and 1 <= len(ticks) <= 4
    assert all(len(label) <= 7 for label in labels)


def test_a_diverging_line_and_its_marker_stay_on_the_plot():
    trajectory = fake_trajectory(100, diverged_at=(-1, 60))
    trajectory.loss[:60, 1] = np.logspace(0, 40, 60)  # explodes to 1e40 before it diverges
    text = plots.loss_plot(trajectory, 80, 14).plain
    assert plots.DIVERGED_MARKER in text and "run1 (diverged at 60)" in text
    assert top_power(text) >= 40  # the axis reaches the top of the line


def test_the_first_steps_of_a_fast_falling_run_are_not_cut_off():
    # Adam with and without bias correction: losses from 1e3 down to 1e-14.
    trajectory = fake_trajectory(300, diverged_at=(-1,))
    trajectory.loss[:, 0] = np.logspace(3, -14, 301)
    text = plots.loss_plot(trajectory, 80, 14).plain
    assert top_power(text) >= 3


def test_negative_losses_are_drawn_on_a_linear_scale():
    trajectory = fake_trajectory(100, diverged_at=(-1,))
    trajectory.loss[:, 0] = 4.0 - np.linspace(0, 1, 101) ** 2 * 20_000  # down the saddle
    text = plots.loss_plot(trajectory, 80, 14).plain
    assert "linear scale" in text and "log scale" not in text
    assert "1e-16" not in text  # no floor: the escape is visible
    assert "e+04" in text  # the axis reaches down to the bottom of the escape


def test_a_loss_of_exactly_zero_keeps_the_log_scale():
    trajectory = fake_trajectory(100, diverged_at=(-1,))
    trajectory.loss[50:, 0] = 0.0  # a minimum reached exactly (Reddi's projection, RMSProp on a bowl)
    assert "log scale" in plots.loss_plot(trajectory, 80, 14).plain


def test_the_first_step_of_adam_draws_its_effective_lr_with_a_legend():
    # After one step each parameter has a single record; 0.01 a hair below 1e-2 made the ticks
    # start at 1e-3 and (every second decade) stop at 0.1, below the other parameter's 0.25.
    trajectory = fake_trajectory(1, diverged_at=(-1,))
    trajectory.effective_lr[1, 0, :] = [0.25, 0.01 * (1 - 1e-12)]
    text = plots.effective_lr_plot(trajectory, 80, 14).plain
    assert "run0 x[0]" in text and "run0 x[1]" in text


# -- labels and markers -------------------------------------------------------------------------


def test_many_parameters_are_labelled_min_median_max_after_slimming():
    trajectory = fake_trajectory(50, diverged_at=(-1,))
    rng = np.random.default_rng(1)
    trajectory.effective_lr = rng.uniform(1e-3, 1e-1, (51, 1, 129))
    trajectory.effective_lr[0] = np.nan
    slim = plots.slim_trajectory(trajectory, plots.plot_columns(80))
    assert slim.effective_lr_names == ("min", "median", "max")
    text = plots.effective_lr_plot(slim, 80, 20).plain
    assert "run0 min" in text and "run0 median" in text and "run0 max" in text
    assert "x[0]" not in text


def test_few_parameters_keep_their_names_after_slimming():
    trajectory = fake_trajectory(50, diverged_at=(-1,))
    trajectory.effective_lr[1:] = 0.1
    slim = plots.slim_trajectory(trajectory, plots.plot_columns(80))
    assert slim.effective_lr_names == ("x[0]", "x[1]")


def test_himmelblau_marks_all_four_minima():
    from interview_lab.sim import surfaces
    from interview_lab.tui.screens.lab import surface_view

    surface = surfaces.create("himmelblau")
    assert len(surface_view(surface, None).minima) == 4
    assert len(plots.child_surface_view("himmelblau", {}, None).minima) == 4
    assert len(surface_view(surfaces.create("quadratic"), None).minima) == 1
    assert surface_view(surfaces.create("saddle"), None).minima == ()


def test_a_long_title_is_cut_rather_than_left_out():
    trajectory = fake_trajectory(20)
    text = plots.loss_plot(trajectory, 40, 12, title="A very long experiment title that cannot fit in forty").plain
    assert "A very long" in text and "…" in text


# -- a plot that fails says so, and the others still draw ---------------------------------------------


def test_a_failing_plot_is_shown_as_a_message_and_the_frame_still_builds(monkeypatch):
    def broken(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(plots, "loss_plot", broken)
    slim = plots.slim_trajectory(fake_trajectory(20), plots.plot_columns(80))
    sizes = {"loss-plot": (80, 14), "path-plot": (80, 14), "lr-plot": (80, 14)}
    drawn = plots.draw_frame(plots.FrameRequest(slim, sizes, ("quadratic", {}, None), 2))
    assert "could not be drawn" in drawn["loss-plot"].plain and "IndexError" in drawn["loss-plot"].plain
    assert "path over the surface" in drawn["path-plot"].plain


def test_the_sweep_keeps_every_point_and_marks_diverged_rates_at_the_top():
    lrs = np.logspace(-4, 0, 9)
    finals = np.array([3.0, 1.0, 0.1, 1e-3, 1e-8, 1e-12, np.inf, np.inf, np.inf])
    text = plots.sweep_plot(lrs, finals, 80, 16, "sweep").plain
    assert "final loss" in text and "diverged" in text and "✗" in text
