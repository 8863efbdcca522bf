"""The batched optimizers against torch.optim's stored trajectories and plain-Python references."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_lab.sim import SimulationError, optimizers
from . import reference

DATA = Path(__file__).parent / "data" / "torch_reference.npz"


def quadratic_grad(x):
    return [x[0], 100.0 * x[1]]


def rosenbrock_grad(x):
    return [-2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] ** 2), 200.0 * (x[1] - x[0] ** 2)]


def batched(grad_one):
    """A (runs, dims) gradient from a one-run gradient, row by row."""
    return lambda params: np.array([grad_one(list(row)) for row in params])


def quadratic_grads(params):
    return params * np.array([1.0, 100.0])


def rosenbrock_grads(params):
    x, y = params[:, 0], params[:, 1]
    return np.stack([-2.0 * (1.0 - x) - 400.0 * x * (y - x * x), 200.0 * (y - x * x)], axis=1)


GRADS = {"quadratic": (quadratic_grads, quadratic_grad), "rosenbrock": (rosenbrock_grads, rosenbrock_grad)}


def run(name, hparams, grads, start, steps):
    optimizer = optimizers.create(name, **hparams)
    params = np.array(start, dtype=float)
    if params.ndim == 1:
        params = params[None, :]
    state = optimizer.init(params)
    points = [params]
    for _ in range(steps):
        params, state = optimizer.step(params, grads(params), state)
        points.append(params)
    return np.array(points)


def load_torch_reference():
    if not DATA.exists():
        return []
    data = np.load(DATA)
    return [(entry, data[entry["key"]]) for entry in json.loads(str(data["index"]))]


TORCH_CASES = load_torch_reference()


def test_torch_reference_data_is_present_and_covers_every_optimizer():
    assert {entry["optimizer"] for entry, _ in TORCH_CASES} == set(optimizers.NAMES)


@pytest.mark.parametrize("entry,expected", TORCH_CASES, ids=[entry["key"] for entry, _ in TORCH_CASES])
def test_matches_torch_over_500_steps(entry, expected):
    grads = GRADS[entry["surface"]][0]
    points = run(entry["optimizer"], entry["hparams"], grads, entry["start"], len(expected) - 1)[:, 0, :]
    np.testing.assert_allclose(points, expected, rtol=1e-9, atol=0)


PLAIN_CASES = [
    ("sgd", {"lr": 0.001}),
    ("sgd", {"lr": 0.001, "momentum": 0.9}),
    ("sgd", {"lr": 0.001, "momentum": 0.9, "dampening": 0.3, "weight_decay": 0.05}),
    ("sgd", {"lr": 0.001, "momentum": 0.5, "nesterov": True}),
    ("adagrad", {"lr": 0.05, "lr_decay": 0.001, "initial_accumulator_value": 0.5}),
    ("rmsprop", {"lr": 0.003, "centered": True}),
    ("rmsprop", {"lr": 0.001, "momentum": 0.5, "weight_decay": 0.1}),
    ("adam", {"lr": 0.02}),
    ("adam", {"lr": 0.02, "amsgrad": True, "betas": [0.7, 0.95]}),
    ("adam", {"lr": 0.02, "bias_correction": "none"}),
    ("adam", {"lr": 0.02, "bias_correction": "m"}),
    ("adam", {"lr": 0.02, "bias_correction": "v"}),
    ("adam", {"lr": 0.02, "keras_eps": True}),
    ("adam", {"lr": 0.02, "keras_eps": True, "eps": 1e-3, "bias_correction": "m"}),
    ("adamw", {"lr": 0.02, "weight_decay": 0.3}),
    ("adamax", {"lr": 0.005, "weight_decay": 0.01}),
    ("nadam", {"lr": 0.005, "decoupled_weight_decay": True, "weight_decay": 0.1}),
]


@pytest.mark.parametrize("surface", ["quadratic", "rosenbrock"])
@pytest.mark.parametrize("name,hparams", PLAIN_CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(PLAIN_CASES)])
def test_matches_the_plain_python_reference(surface, name, hparams):
    grads, grad_one = GRADS[surface]
    start = [-1.2, 1.0]
    expected = np.array(reference.trajectory(name, hparams, grad_one, start, 500))
    points = run(name, hparams, grads, start, 500)[:, 0, :]
    # torch (and so the engine) keeps NAdam's momentum product in float32; the reference in float64.
    rtol = 1e-6 if name == "nadam" else 1e-9
    np.testing.assert_allclose(points, expected, rtol=rtol, atol=1e-12)


def test_maximize_climbs_a_concave_function():
    points = run("adam", {"lr": 0.1, "maximize": True}, lambda p: -2.0 * (p - 3.0), [[0.0, 0.0]], 300)
    assert np.allclose(points[-1], 3.0, atol=0.05)
    expected = reference.trajectory("adam", {"lr": 0.1, "maximize": True}, lambda x: [-2 * (v - 3) for v in x], [0, 0], 300)
    np.testing.assert_allclose(points[:, 0, :], expected, rtol=1e-9, atol=1e-12)


def test_sgd_momentum_buffer_takes_the_raw_gradient_on_the_first_step():
    points = run("sgd", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}, lambda p: np.ones_like(p), [[0.0]], 2)
    assert points[1, 0, 0] == pytest.approx(-0.1)  # no dampening on step 1
    assert points[2, 0, 0] == pytest.approx(-0.1 - 0.1 * (0.9 + 0.5))


def test_defaults_are_torchs():
    assert optimizers.defaults("adam")["lr"] == 1e-3
    assert optimizers.defaults("adam")["betas"] == (0.9, 0.999)
    assert optimizers.defaults("adamw")["weight_decay"] == 1e-2
    assert optimizers.defaults("adagrad")["eps"] == 1e-10
    assert optimizers.defaults("adamax")["lr"] == 2e-3
    assert optimizers.defaults("nadam")["momentum_decay"] == 4e-3
    assert optimizers.defaults("rmsprop")["alpha"] == 0.99
    assert optimizers.defaults("sgd")["lr"] == 1e-3
    assert set(optimizers.NAMES) == {"sgd", "adagrad", "rmsprop", "adam", "adamw", "adamax", "nadam"}


def test_keras_eps_defaults_to_1e_7():
    assert optimizers.create("adam", keras_eps=True).hparams["eps"] == 1e-7
    assert optimizers.create("adam", keras_eps=True, eps=1e-4).hparams["eps"] == 1e-4


# -- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,hparams,field,words",
    [
        ("adam", {"lr": -0.1}, "lr", "adam: lr must be >= 0, got -0.1"),
        ("adam", {"betas": [0.9, 1.5]}, "betas[1]", "adam: betas[1] must be in [0, 1), got 1.5"),
        ("nadam", {"betas": [1.0, 0.9]}, "betas[0]", "betas[0] must be in [0, 1)"),
        ("adam", {"betas": 0.9}, "betas", "must be a pair"),
        ("adam", {"eps": -1e-8}, "eps", "eps must be >= 0"),
        ("adamw", {"weight_decay": -0.01}, "weight_decay", "adamw: weight_decay must be >= 0"),
        ("sgd", {"nesterov": True}, "nesterov", "sgd: nesterov needs momentum > 0 and dampening 0"),
        ("sgd", {"nesterov": True, "momentum": 0.9, "dampening": 0.1}, "nesterov", "dampening 0"),
        ("sgd", {"momentum": -0.5}, "momentum", "momentum must be >= 0"),
        ("adam", {"momentum": 0.9}, "momentum", "unknown hyper-parameter 'momentum'"),
        ("adam", {"lr": "fast"}, "lr", "lr must be a number"),
        ("adam", {"lr": float("nan")}, "lr", "lr must be finite"),
        ("adam", {"amsgrad": "yes"}, "amsgrad", "amsgrad must be true or false"),
        ("adam", {"bias_correction": "half"}, "bias_correction", "must be one of both, none, m, v"),
        ("adam", {"lr": [0.1, -0.2, 0.3]}, "lr", "lr must be >= 0, got -0.2 (run 1)"),
        ("adam", {"lr": [0.1, 0.2], "eps": [1e-8, 1e-8, 1e-8]}, "eps", "eps has 3 values but lr has 2"),
        ("adam", {"lr": [[0.1]]}, "lr", "one value per run"),
        ("rmsprop", {"alpha": -0.1}, "alpha", "alpha must be >= 0"),
        ("adagrad", {"lr_decay": -1}, "lr_decay", "lr_decay must be >= 0"),
    ],
)
def test_bad_hyper_parameters_raise_one_clear_error(name, hparams, field, words):
    with pytest.raises(SimulationError) as caught:
        optimizers.create(name, **hparams)
    assert caught.value.optimizer == name
    assert caught.value.field == field
    assert words in str(caught.value)


@pytest.mark.parametrize(
    "name,hparams,field,words",
    [
        # Values inside a list are checked one by one, the run at fault named.
        ("adam", {"lr": ["0.1", "0.2"]}, "lr", "lr must be a number, got '0.1' (run 0)"),
        ("adam", {"lr": [True, False]}, "lr", "lr must be a number, not true/false, got True (run 0)"),
        ("adam", {"lr": [0.1, True]}, "lr", "lr must be a number, not true/false, got True (run 1)"),
        ("adam", {"lr": np.array([True, False])}, "lr", "not true/false"),
        ("adam", {"lr": np.array(["0.1", "0.2"])}, "lr", "lr must be a number, got"),
        ("adam", {"lr": [0.1, [0.2]]}, "lr", "lr must be a number or one value per run, got [0.2] (run 1)"),
        ("adam", {"lr": [0.1, None]}, "lr", "lr must be a number, got None (run 1)"),
        # Too large for a float: reported, not a raw OverflowError.
        ("adam", {"lr": 10**400}, "lr", "lr must be finite, got a number beyond the float64 range"),
        ("adam", {"lr": [0.1, 10**400]}, "lr", "beyond the float64 range (run 1)"),
        ("adam", {"lr": [0.1, float("inf")]}, "lr", "lr must be finite, got inf (run 1)"),
        # Complex values are refused, not silently made real.
        ("adam", {"lr": np.array([0.1 + 1j, 0.2])}, "lr", "lr must be a real number, got"),
        ("adam", {"lr": np.complex128(0.1)}, "lr", "lr must be a real number"),
        ("adam", {"lr": [0.1, 0.2j]}, "lr", "lr must be a real number, got 0.2j (run 1)"),
        ("adam", {"betas": (np.array([0.9, 0.5j]), 0.999)}, "betas[0]", "betas[0] must be a real number"),
        ("adam", {"betas": np.array(0.9)}, "betas", "must be a pair"),
        # Choices and switches are one setting per configuration, not arrays.
        ("adam", {"bias_correction": np.array(["m"])}, "bias_correction", "must be one of both, none, m, v"),
        ("adam", {"bias_correction": ["m", "v"]}, "bias_correction", "a run of its own"),
        ("adam", {"amsgrad": np.array([True, False])}, "amsgrad", "amsgrad must be true or false"),
    ],
)
def test_bad_values_inside_lists_and_arrays_raise_one_clear_error(name, hparams, field, words):
    with pytest.raises(SimulationError) as caught:
        optimizers.create(name, **hparams)
    assert (caught.value.optimizer, caught.value.field) == (name, field)
    assert words in str(caught.value)


def test_real_numbers_of_every_usual_type_are_still_accepted_unchanged():
    from fractions import Fraction

    for lr in (0.1, np.float32(0.25), np.float64(0.1), 1, np.int64(2), Fraction(1, 4), np.array(0.1)):
        assert optimizers.create("adam", lr=lr).hparams["lr"] == float(lr)
    for rates in ([0.1, 0.2], (0.1, 0.2), np.array([0.1, 0.2]), np.array([1, 2]), [np.float32(0.5), 1], range(1, 3)):
        expected = np.asarray(rates, dtype=np.float64)
        got = optimizers.create("adam", lr=rates).hparams["lr"]
        assert got.dtype == np.float64 and np.array_equal(got, expected)
    assert optimizers.create("adam", bias_correction=np.str_("m")).hparams["bias_correction"] == "m"
    assert optimizers.create("adam", amsgrad=np.True_).hparams["amsgrad"] is True


def test_checked_values_checks_as_create_does():
    assert optimizers.checked_values("adam", "lr", 0.1) == 0.1
    assert optimizers.checked_values("adam", "lr", [0.1, 0.2]).tolist() == [0.1, 0.2]
    with pytest.raises(SimulationError, match="adam: lr must be >= 0, got -1 \\(run 1\\)"):
        optimizers.checked_values("adam", "lr", [1, -1])
    with pytest.raises(SimulationError, match="not a numeric hyper-parameter"):
        optimizers.checked_values("adam", "amsgrad", True)


def test_keras_eps_given_as_a_numpy_bool_also_defaults_eps_to_1e_7():
    assert optimizers.create("adam", keras_eps=np.True_).hparams["eps"] == 1e-7
    assert optimizers.create("adamw", keras_eps=np.bool_(True)).hparams["eps"] == 1e-7
    assert optimizers.create("adam", keras_eps=np.False_).hparams["eps"] == 1e-8


def test_unknown_optimizer_names_the_known_ones():
    with pytest.raises(SimulationError, match="unknown optimizer.*adam") as caught:
        optimizers.create("adamm")
    assert caught.value.optimizer == "adamm"


def test_per_run_values_must_match_the_number_of_runs():
    optimizer = optimizers.create("adam", lr=[0.1, 0.2, 0.3])
    with pytest.raises(SimulationError, match="adam: lr has 3 values but there are 2 runs"):
        optimizer.init(np.zeros((2, 2)))


# -- properties -----------------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).filter(lambda g: abs(g) > 1e-6)


@settings(max_examples=60, deadline=None)
@given(grads=st.lists(finite, min_size=1, max_size=5), lr=st.floats(1e-4, 1.0))
def test_first_adam_step_moves_each_coordinate_by_lr(grads, lr):
    g = np.array([grads])
    optimizer = optimizers.create("adam", lr=lr, eps=0.0)
    new, _ = optimizer.step(np.zeros_like(g), g, optimizer.init(np.zeros_like(g)))
    np.testing.assert_allclose(np.abs(new), lr, rtol=1e-12)
    assert np.all(np.sign(new) == -np.sign(g))


@settings(max_examples=30, deadline=None)
@given(scale=st.floats(1e-3, 1e3), amsgrad=st.booleans())
def test_adam_is_invariant_to_scaling_the_loss(scale, amsgrad):
    hparams = {"lr": 0.01, "eps": 0.0, "amsgrad": amsgrad}
    plain = run("adam", hparams, rosenbrock_grads, [[-1.2, 1.0]], 100)
    scaled = run("adam", hparams, lambda p: scale * rosenbrock_grads(p), [[-1.2, 1.0]], 100)
    np.testing.assert_allclose(scaled, plain, rtol=1e-9, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(lr=st.floats(1e-4, 0.5), weight_decay=st.floats(0.0, 1.0), steps=st.integers(1, 50), w0=finite)
def test_adamw_decays_a_weight_on_a_zero_loss(lr, weight_decay, steps, w0):
    points = run("adamw", {"lr": lr, "weight_decay": weight_decay}, np.zeros_like, [[w0]], steps)
    assert points[-1, 0, 0] == pytest.approx(w0 * (1 - lr * weight_decay) ** steps, rel=1e-12)


@settings(max_examples=30, deadline=None)
@given(growth=st.floats(1.0, 1.5), lr=st.floats(1e-3, 0.1))
def test_amsgrad_equals_adam_while_the_second_moment_never_decreases(growth, lr):
    # A gradient that grows each step keeps v non-decreasing, so the maximum is v itself.
    t = {"n": 0}

    def growing(params):
        t["n"] += 1
        return np.full_like(params, growth ** t["n"])

    adam = run("adam", {"lr": lr}, growing, [[0.5, -0.5]], 60)
    t["n"] = 0
    amsgrad = run("adam", {"lr": lr, "amsgrad": True}, growing, [[0.5, -0.5]], 60)
    np.testing.assert_array_equal(adam, amsgrad)


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_a_batched_sweep_equals_the_runs_done_one_by_one(name):
    rates = [1e-4, 3e-4, 5e-4, 1e-3]
    start = np.tile([[-1.2, 1.0]], (len(rates), 1))
    sweep = run(name, {"lr": rates}, rosenbrock_grads, start, 200)
    assert np.isfinite(sweep).all()
    for index, lr in enumerate(rates):
        alone = run(name, {"lr": lr}, rosenbrock_grads, [[-1.2, 1.0]], 200)
        np.testing.assert_array_equal(sweep[:, index], alone[:, 0])


def test_effective_lr_of_adam_is_lr_over_bias_corrected_denominator():
    optimizer = optimizers.create("adam", lr=0.1)
    params = np.array([[1.0, 1.0]])
    state = optimizer.init(params)
    grads = np.array([[2.0, 0.01]])
    params, state = optimizer.step(params, grads, state)
    v_hat = grads**2  # after one step the corrected second moment is g^2
    expected = 0.1 / (1 - 0.9) / (np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(state["effective_lr"], expected, rtol=1e-12)
    # the rarely-moving coordinate gets the larger step size per unit of gradient
    assert state["effective_lr"][0, 1] > 100 * state["effective_lr"][0, 0]


def test_the_torch_reference_script_names_test_files_that_exist():
    import re

    root = Path(__file__).resolve().parents[2]
    script = (root / "tools" / "make_torch_reference.py").read_text(encoding="utf-8")
    docstring = script.split('"""')[1]
    named = re.findall(r"tests/[\w/]+\.py", docstring)
    assert named and all((root / path).is_file() for path in named)
