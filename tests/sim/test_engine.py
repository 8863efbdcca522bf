"""simulate(), Simulation, iter_simulate and Trajectory as their users see them."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

from interview_lab.sim import RunConfig, Simulation, SimulationError, iter_simulate, optimizers, simulate, surfaces


def adam(label="adam", **hparams):
    return RunConfig(label, "adam", {"lr": 0.1, **hparams})


def test_a_trajectory_has_one_record_per_step_and_the_documented_shapes():
    trajectory = simulate("quadratic", [adam(), RunConfig("sgd", "sgd", {"lr": 0.015})], 300)
    assert trajectory.labels == ("adam", "sgd")
    assert trajectory.optimizers == ("adam", "sgd")
    assert trajectory.steps.tolist() == list(range(301))
    assert trajectory.loss.shape == (301, 2)
    assert trajectory.params.shape == trajectory.effective_lr.shape == (301, 2, 2)
    assert trajectory.diverged_at.tolist() == [-1, -1]
    np.testing.assert_array_equal(trajectory.params[0], [[-4.0, 1.0], [-4.0, 1.0]])  # the default start
    assert trajectory.loss[0, 0] == pytest.approx(0.5 * (16 + 100))


def test_adam_beats_sgd_in_the_ravine_and_helpers_read_the_numbers():
    trajectory = simulate("quadratic", [adam(), RunConfig("sgd", "sgd", {"lr": 0.015})], 300, start=[-4.0, 1.0])
    assert trajectory.final_loss("adam") < 1e-6 < 1e-4 < trajectory.final_loss("sgd")
    assert trajectory.best_loss("adam") <= trajectory.final_loss("adam")
    reached = trajectory.steps_to_loss("adam", 1e-3)
    assert reached is not None and trajectory.loss[reached, 0] <= 1e-3 < trajectory.loss[reached - 1, 0]
    assert trajectory.steps_to_loss("sgd", 1e-12) is None
    with pytest.raises(SimulationError, match="no run labelled 'rmsprop'"):
        trajectory.final_loss("rmsprop")


def test_a_diverging_run_stops_where_it_diverged_and_reads_inf():
    runs = [RunConfig("fine", "sgd", {"lr": 0.015}), RunConfig("blows up", "sgd", {"lr": 0.03})]
    trajectory = simulate("quadratic", runs, 300, start=[1.0, 1.0])
    at = int(trajectory.diverged_at[1])
    assert trajectory.diverged_at[0] == -1 and 0 < at < 300
    assert np.isfinite(trajectory.params).all()  # frozen at the last good point
    np.testing.assert_array_equal(trajectory.params[at:, 1], np.broadcast_to(trajectory.params[at - 1, 1], (301 - at, 2)))
    assert np.isinf(trajectory.loss[at:, 1]).all() and np.isfinite(trajectory.loss[:at, 1]).all()
    assert trajectory.final_loss("blows up") == math.inf and trajectory.diverged("blows up")
    assert trajectory.steps_to_loss("blows up", 1e-3) is None
    assert trajectory.final_loss("fine") < 1e-3


def test_an_lr_list_is_a_sweep_equal_to_the_runs_done_one_by_one():
    rates = [0.001, 0.01, 0.1]
    runs = [RunConfig("adam", "adam", {"lr": rates}), RunConfig("sgd", "sgd", {"lr": 0.001, "momentum": 0.9})]
    sweep = simulate("rosenbrock", runs, 200)
    assert sweep.labels == ("adam lr=0.001", "adam lr=0.01", "adam lr=0.1", "sgd")
    for index, label in enumerate(sweep.labels):
        config = runs[1] if label == "sgd" else RunConfig(label, "adam", {"lr": rates[index]})
        alone = simulate("rosenbrock", [config], 200)
        np.testing.assert_array_equal(sweep.params[:, index], alone.params[:, 0])
        np.testing.assert_array_equal(sweep.loss[:, index], alone.loss[:, 0])
        np.testing.assert_array_equal(sweep.effective_lr[:, index], alone.effective_lr[:, 0], strict=False)


def test_effective_lr_is_nan_for_sgd_and_at_the_start():
    trajectory = simulate("quadratic", [adam(), RunConfig("sgd", "sgd", {"lr": 0.01})], 10)
    assert np.isnan(trajectory.effective_lr[:, 1]).all()
    assert np.isnan(trajectory.effective_lr[0]).all()
    first = trajectory.effective_lr[1, 0]
    gradient = surfaces.create("quadratic").grad(np.array([[-4.0, 1.0]]))[0]
    np.testing.assert_allclose(first, 0.1 / 0.1 / (np.abs(gradient) + 1e-8), rtol=1e-12)


def test_sgd_alone_has_an_all_nan_effective_lr_of_the_usual_shape_at_every_frame():
    simulation = Simulation("quadratic", [RunConfig("sgd", "sgd", {"lr": [0.01, 0.05]})], record_every=3)
    for count in (1, 2, 7):
        simulation.step(count)
        trajectory = simulation.trajectory()
        assert trajectory.effective_lr.shape == trajectory.params.shape == (len(trajectory.steps), 2, 2)
        assert np.isnan(trajectory.effective_lr).all() and not trajectory.effective_lr.flags.writeable
    assert trajectory.steps.tolist() == [0, 3, 6, 9, 10]


def test_the_rare_weight_gets_a_larger_effective_lr_under_adam():
    trajectory = simulate("rare_feature", [adam()], 500, seed=3)
    early = trajectory.effective_lr[1:101, 0]
    assert (early[:, 1] > early[:, 0]).all()


def test_record_every_keeps_the_start_and_the_last_step():
    trajectory = simulate("rosenbrock", [adam()], 1000, record_every=64)
    assert trajectory.steps[0] == 0 and trajectory.steps[-1] == 1000
    assert np.all(np.diff(trajectory.steps) > 0) and len(trajectory.steps) == 1000 // 64 + 2
    full = simulate("rosenbrock", [adam()], 1000)
    np.testing.assert_array_equal(trajectory.params[-1], full.params[-1])
    assert trajectory.final_loss("adam") == full.final_loss("adam")


def test_reddi_adam_goes_to_the_wrong_end_and_amsgrad_to_the_optimum():
    # Reddi, Kale & Kumar 2018, Theorem 1: C = 3, period 3, beta1 = 0, beta2 = 1 / (1 + C^2).
    settings = {"lr": 0.05, "betas": [0.0, 1 / (1 + 3**2)]}
    runs = [RunConfig("adam", "adam", settings), RunConfig("amsgrad", "adam", {**settings, "amsgrad": True})]
    trajectory = simulate("reddi", runs, 3000, surface_params={"constant": 3, "period": 3})
    assert trajectory.params[-1, 0, 0] > 0.95
    assert trajectory.params[-1, 1, 0] < -0.95
    assert np.all(np.abs(trajectory.params) <= 1.0)  # projected onto [-1, 1]
    assert trajectory.final_loss("amsgrad") < 0.05 < trajectory.final_loss("adam")


def test_stochastic_surfaces_are_deterministic_for_a_seed():
    run = [RunConfig("sgd", "sgd", {"lr": 0.05})]
    first = simulate("noisy_quadratic", run, 100, seed=5)
    again = simulate("noisy_quadratic", run, 100, seed=5)
    other = simulate("noisy_quadratic", run, 100, seed=6)
    np.testing.assert_array_equal(first.params, again.params)
    assert not np.array_equal(first.params, other.params)


def test_trajectories_are_read_only():
    trajectory = simulate("beale", [adam()], 5)
    with pytest.raises(ValueError):
        trajectory.loss[0, 0] = 0.0


def test_stepping_one_at_a_time_matches_simulate_and_reset_starts_over():
    runs = [adam(), RunConfig("rms", "rmsprop", {"lr": 0.01})]
    simulation = Simulation("himmelblau", runs)
    for _ in range(150):  # more than the initial capacity: the buffers grow
        simulation.step()
    simulation.step(50)
    whole = simulate("himmelblau", runs, 200)
    stepped = simulation.trajectory()
    np.testing.assert_array_equal(stepped.params, whole.params)
    np.testing.assert_array_equal(stepped.loss, whole.loss)
    simulation.reset()
    assert simulation.step_count == 0 and simulation.trajectory().steps.tolist() == [0]


def test_frames_show_progress_and_the_last_equals_simulate():
    runs = [adam()]
    frames = list(iter_simulate("rosenbrock", runs, 95, frame_every=10))
    assert [frame.step for frame in frames] == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]
    assert [len(frame.trajectory.steps) for frame in frames[:3]] == [1, 11, 21]
    assert frames[-1].done and not frames[-2].done
    np.testing.assert_array_equal(frames[-1].trajectory.params, simulate("rosenbrock", runs, 95).params)
    # an earlier frame is unchanged by the steps taken after it
    assert frames[1].trajectory.steps[-1] == 10 and len(frames[1].trajectory.loss) == 11


def test_frames_with_sparse_records_still_end_at_the_frame_step():
    frames = list(iter_simulate("quadratic", [adam()], 50, frame_every=7, record_every=5))
    assert [f.trajectory.steps[-1] for f in frames] == [f.step for f in frames]


def test_cancel_stops_between_frames():
    cancel = threading.Event()
    seen = []
    for frame in iter_simulate("quadratic", [adam()], 100_000, frame_every=100, cancel=cancel):
        seen.append(frame.step)
        if frame.step >= 300:
            cancel.set()
    assert seen[-1] == 300


@pytest.mark.parametrize(
    "kwargs,field,words",
    [
        ({"start": [1.0, 2.0, 3.0]}, "start", "start must have 2 coordinates"),
        ({"start": [1.0, float("nan")]}, "start", "start must be finite"),
        ({"steps": -1}, "steps", "steps must be a whole number"),
        ({"steps": 10**9}, "steps", "steps must be a whole number"),
        ({"record_every": 0}, "record_every", "record_every must be"),
        ({"seed": -3}, "seed", "seed must be"),
        ({"runs": [adam(), adam()]}, "runs", "two runs are labelled 'adam'"),
        ({"runs": []}, "runs", "at least one run"),
    ],
)
def test_bad_simulation_settings_raise_a_clear_error(kwargs, field, words):
    arguments = {"surface": "quadratic", "runs": [adam()], "steps": 10, **kwargs}
    with pytest.raises(SimulationError) as caught:
        simulate(**arguments)
    assert caught.value.field == field and words in str(caught.value)


def test_bad_optimizer_and_surface_settings_name_their_owner():
    with pytest.raises(SimulationError, match="adam: betas\\[1\\] must be in \\[0, 1\\), got 1.5") as caught:
        simulate("quadratic", [adam(betas=[0.9, 1.5])], 10)
    assert (caught.value.optimizer, caught.value.field) == ("adam", "betas[1]")
    with pytest.raises(SimulationError, match="rosenbrock: b must be > 0"):
        simulate("rosenbrock", [adam()], 10, surface_params={"b": -1})
    with pytest.raises(SimulationError, match="unknown surface"):
        iter_simulate("nowhere", [adam()], 10)  # raised at the call, before any frame


def test_a_surface_object_is_accepted():
    surface = surfaces.create("quadratic", curvatures=[1, 10, 100])
    trajectory = simulate(surface, [adam()], 20)
    assert trajectory.params.shape == (21, 1, 3) and trajectory.surface == "quadratic"


def test_logistic_regression_trains_towards_its_fitted_optimum():
    trajectory = simulate("logistic", [adam(lr=0.01)], 500, record_every=50)
    assert trajectory.params.shape[2] == 129
    assert trajectory.final_loss("adam") < 0.1 * trajectory.loss[0, 0]


def test_optimizer_defaults_fill_the_run_settings():
    trajectory = simulate("quadratic", [RunConfig("", "nadam", {})], 3)
    assert trajectory.labels == ("nadam",)
    assert trajectory.hparams[0] == optimizers.defaults("nadam")


def test_divergence_is_found_at_the_same_step_however_often_records_are_kept():
    rates = [0.015, 0.021, 0.03, 0.05, 0.5]
    every = simulate("quadratic", [RunConfig("sgd", "sgd", {"lr": rates})], 400, start=[1.0, 1.0])
    sparse = simulate("quadratic", [RunConfig("sgd", "sgd", {"lr": rates})], 400, start=[1.0, 1.0], record_every=7)
    assert every.diverged_at.tolist() == sparse.diverged_at.tolist()
    assert every.diverged_at[0] == -1 and (every.diverged_at[2:] > 0).all()
    assert every.diverged_at[4] < every.diverged_at[3] < every.diverged_at[2]
    np.testing.assert_array_equal(every.params[-1], sparse.params[-1])


def by_hand(surface_name, name, hparams, steps, seed=0):
    """The documented pieces stepped by hand: optimizers.create, Surface.grad and project."""
    surface = surfaces.create(surface_name)
    optimizer = optimizers.create(name, **hparams)
    params = surface.default_start[None, :].astype(float)
    state = optimizer.init(params)
    rng = np.random.default_rng(seed)
    path = [params]
    for step in range(1, steps + 1):
        params, state = optimizer.step(params, surface.grad(params, step=step, rng=rng), state)
        params = surface.project(params)
        path.append(params)
    return np.array(path)[:, 0]


SETTINGS = [
    ("sgd", {"lr": 0.001}),
    ("sgd", {"lr": 0.0005, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("sgd", {"lr": 0.001, "momentum": 0.5, "dampening": 0.2}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.01}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5, "alpha": 0.3}),
    ("adam", {"lr": 0.05}),
    ("adam", {"lr": 0.05, "betas": [0.2, 0.9], "amsgrad": True, "weight_decay": 0.1}),
    ("adam", {"lr": 0.05, "keras_eps": True, "bias_correction": "m"}),
    ("adamw", {"lr": 0.05}),
    ("adamax", {"lr": 0.05}),
    ("nadam", {"lr": 0.05}),
    ("nadam", {"lr": 0.05, "betas": [0.4, 0.99], "weight_decay": 0.1, "decoupled_weight_decay": True}),
]


@pytest.mark.parametrize("name,hparams", SETTINGS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(SETTINGS)])
@pytest.mark.parametrize("surface_name", ["quadratic", "rosenbrock"])
def test_simulate_takes_exactly_the_steps_of_the_documented_pieces(surface_name, name, hparams):
    trajectory = simulate(surface_name, [RunConfig("run", name, hparams)], 150)
    assert trajectory.diverged_at[0] == -1
    np.testing.assert_array_equal(trajectory.params[:, 0], by_hand(surface_name, name, hparams, 150))


@pytest.mark.parametrize("surface_name", [n for n in surfaces.NAMES if n != "logistic"])
def test_every_surface_steps_in_simulate_as_by_hand(surface_name):
    rates = [0.003, 0.01, 0.03]
    trajectory = simulate(surface_name, [RunConfig("run", "adam", {"lr": rates})], 100, seed=4)
    for index, lr in enumerate(rates):
        expected = by_hand(surface_name, "adam", {"lr": lr}, 100, seed=4)
        np.testing.assert_array_equal(trajectory.params[:, index], expected)


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_per_run_settings_of_any_field_equal_the_runs_done_one_by_one(name):
    # Per-run betas or momentum take the general code; scalars the bound kernel: both must agree exactly.
    field, values = {
        "sgd": ("momentum", [0.5, 0.9]),
        "rmsprop": ("alpha", [0.9, 0.3]),
        "adagrad": ("lr_decay", [0.0, 0.01]),
    }.get(name, ("eps", [1e-8, 1e-3]))
    hparams = {"lr": 0.0005 if name == "sgd" else 0.01}
    if name in ("adam", "adamw", "nadam", "adamax"):
        field, values = "betas", [[0.9, 0.4], [0.999, 0.99]]
    together = run_per_field(name, {**hparams, field: values})
    for index in range(2):
        single = [v[index] for v in values] if field == "betas" else values[index]
        alone = run_per_field(name, {**hparams, field: single}, runs=1)
        assert np.isfinite(alone).all()
        np.testing.assert_array_equal(together[:, index], alone[:, 0])


def run_per_field(name, hparams, runs=2, steps=120):
    surface = surfaces.create("rosenbrock")
    optimizer = optimizers.create(name, **hparams)
    params = np.tile(surface.default_start, (runs, 1))
    state = optimizer.init(params)
    path = [params]
    for _ in range(steps):
        params, state = optimizer.step(params, surface.grad(params), state)
        path.append(params)
    return np.array(path)


def test_stepping_with_params_of_another_shape_is_a_clear_error():
    optimizer = optimizers.create("adam", lr=0.1)
    state = optimizer.init(np.zeros((1, 2)))
    with pytest.raises(SimulationError, match="adam: params shape \\(1, 3\\) differs from the state's \\(1, 2\\)"):
        optimizer.step(np.zeros((1, 3)), np.zeros((1, 3)), state)


def test_sweep_labels_are_short_and_still_unique():
    from interview_lab.sim import RunConfig, simulate

    short = simulate("quadratic", [RunConfig("adam", "adam", {"lr": [1e-4, 10 ** -3.5]})], steps=2)
    assert short.labels == ("adam lr=0.0001", "adam lr=0.000316")
    close = simulate("quadratic", [RunConfig("adam", "adam", {"lr": [0.1, 0.10001]})], steps=2)
    assert len(set(close.labels)) == 2


@pytest.mark.parametrize(
    "lr,words",
    [
        ([0.1, [0.2]], "adam: lr must be a number or one value per run, got [0.2] (run 1)"),
        ([0.1, "fast"], "adam: lr must be a number, got 'fast' (run 1)"),
        ([0.1, 0.2, ""], "adam: lr must be a number, got '' (run 2)"),
        ([0.1, True], "adam: lr must be a number, not true/false"),
        ([0.1, 10**400], "adam: lr must be finite"),
        # Two overflowing rates are reported as such, not as two runs labelled 'adam lr=inf'.
        ([0.1, math.inf, math.inf], "adam: lr must be finite, got inf (run 1)"),
        ([0.1, -0.2], "adam: lr must be >= 0, got -0.2 (run 1)"),
        ([[0.1, 0.2]], "adam: lr must be a number or one value per run"),
    ],
)
def test_a_bad_entry_in_an_lr_sweep_names_the_optimizer_and_field(lr, words):
    with pytest.raises(SimulationError) as caught:
        simulate("quadratic", [RunConfig("a", "adam", {"lr": lr})], 5)
    assert (caught.value.optimizer, caught.value.field) == ("adam", "lr")
    assert words in str(caught.value)


def test_hyper_parameters_that_are_not_a_mapping_are_a_clear_error():
    with pytest.raises(SimulationError, match="hyper-parameters must be a mapping") as caught:
        simulate("quadratic", [RunConfig("a", "adam", [1, 2])], 5)
    assert caught.value.field == "hparams"


def test_each_run_reads_its_own_betas_when_they_are_per_run():
    runs = [RunConfig("a", "adam", {"lr": [0.1, 0.2], "betas": ([0.9, 0.5], [0.999, 0.99])})]
    trajectory = simulate("quadratic", runs, 3)
    assert trajectory.hparams[0]["betas"] == (0.9, 0.999)
    assert trajectory.hparams[1]["betas"] == (0.5, 0.99)
    assert trajectory.hparams[-1]["lr"] == 0.2
    mixed = simulate("quadratic", [RunConfig("a", "nadam", {"lr": [0.1, 0.2], "betas": (0.9, [0.999, 0.99])})], 3)
    assert [settings["betas"] for settings in mixed.hparams] == [(0.9, 0.999), (0.9, 0.99)]
    assert all(type(beta) is float for beta in mixed.hparams[1]["betas"])


class CountingLabel(str):
    """A label that counts the comparisons made against it."""

    comparisons = 0
    __hash__ = str.__hash__

    def __eq__(self, other):
        CountingLabel.comparisons += 1
        return str.__eq__(self, other)


def test_finding_runs_by_label_does_not_scan_the_labels():
    import dataclasses

    runs = 400
    trajectory = simulate("quadratic", [RunConfig("a", "adam", {"lr": np.geomspace(1e-3, 1, runs)})], 1)
    trajectory = dataclasses.replace(trajectory, labels=tuple(CountingLabel(label) for label in trajectory.labels))
    CountingLabel.comparisons = 0
    for index, label in enumerate(trajectory.labels):
        assert trajectory.run_index(label) == index
        trajectory.final_loss(label), trajectory.best_loss(label), trajectory.steps_to_loss(label, 1e-3)
    # A scan of the tuple compares about runs**2 / 2 times (80 000 here); a dict look-up about once each.
    assert CountingLabel.comparisons <= 4 * runs
    with pytest.raises(SimulationError, match="no run labelled 'b'"):
        trajectory.run_index("b")


@pytest.mark.parametrize(
    "flags",
    [
        {"amsgrad": True},
        {"keras_eps": True},
        {"bias_correction": "m"},
        {"bias_correction": "v"},
        {"weight_decay": 0.1},
        {"weight_decay": 0.1, "decoupled_weight_decay": True},
        {"maximize": False, "eps": 1e-3},
    ],
)
def test_per_run_betas_with_every_adam_switch_equal_the_runs_done_one_by_one(flags):
    # Per-run betas take the general update, scalar betas the bound kernel: each switch must act alike in both.
    betas = [[0.9, 0.5], [0.999, 0.9]]
    together = run_per_field("adam", {"lr": 0.01, "betas": betas, **flags})
    for index in range(2):
        alone = run_per_field("adam", {"lr": 0.01, "betas": [betas[0][index], betas[1][index]], **flags}, runs=1)
        assert np.isfinite(alone).all()
        np.testing.assert_array_equal(together[:, index], alone[:, 0])
