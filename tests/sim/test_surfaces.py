"""Surfaces: analytic gradients against finite differences, minima, constraints, errors."""

from __future__ import annotations

import numpy as np
import pytest

from interview_lab.sim import SimulationError, surfaces

SMALL = {"logistic": {"samples": 40, "features": 5}}


def central_difference(surface, points, h=1e-6):
    grads = np.zeros_like(points)
    for i in range(points.shape[-1]):
        step = np.zeros(points.shape[-1])
        step[i] = h
        grads[..., i] = (surface.value(points + step) - surface.value(points - step)) / (2 * h)
    return grads


@pytest.mark.parametrize("name", surfaces.NAMES)
def test_gradients_match_finite_differences(name):
    surface = surfaces.create(name, **SMALL.get(name, {}))
    rng = np.random.default_rng(1)
    points = surface.default_start + rng.uniform(-1.0, 1.0, size=(6, surface.dims))
    if name == "reddi":
        # The reported loss is the average over one period of the online losses.
        analytic = np.mean([surface.grad(points, step=t) for t in range(1, surface.period + 1)], axis=0)
    else:
        analytic = surface.grad(points)  # no rng: the expected gradient of the reported loss
    np.testing.assert_allclose(analytic, central_difference(surface, points), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", surfaces.NAMES)
def test_minimum_has_the_lowest_loss_and_zero_gradient(name):
    surface = surfaces.create(name, **SMALL.get(name, {}))
    if surface.minimum is None:
        assert name == "saddle"
        return
    best = surface.value(surface.minimum[None, :])[0]
    assert best == pytest.approx(0.0, abs=1e-10)
    rng = np.random.default_rng(2)
    around = surface.project(surface.minimum + rng.normal(scale=0.3, size=(50, surface.dims)))
    assert (surface.value(around) >= best - 1e-12).all()
    if name != "reddi":
        np.testing.assert_allclose(surface.grad(surface.minimum[None, :]), 0.0, atol=1e-9)


@pytest.mark.parametrize("name", [n for n in surfaces.NAMES if surfaces.create(n, **SMALL.get(n, {})).dims == 2])
def test_two_dimensional_surfaces_have_a_window_holding_start_and_minimum(name):
    surface = surfaces.create(name)
    (xmin, xmax), (ymin, ymax) = surface.window
    for point in [surface.default_start] + ([] if surface.minimum is None else [surface.minimum]):
        assert xmin <= point[0] <= xmax and ymin <= point[1] <= ymax


def test_himmelblau_has_four_minima_of_value_zero():
    surface = surfaces.create("himmelblau")
    np.testing.assert_allclose(surface.value(surface.minima), 0.0, atol=1e-9)


def test_quadratic_takes_any_number_of_curvatures():
    surface = surfaces.create("quadratic", curvatures=[1, 10, 1000])
    assert surface.dims == 3 and surface.window is None
    assert surface.value(np.ones((1, 3)))[0] == pytest.approx(0.5 * 1011)
    assert surface.value(np.zeros((1, 3)))[0] == 0.0


def test_quadratic_default_is_half_x2_plus_100_y2():
    surface = surfaces.create("quadratic")
    assert surface.value(np.array([[2.0, 1.0]]))[0] == pytest.approx(0.5 * (4 + 100))


def test_reddi_gradients_follow_the_period_and_the_loss_is_its_average():
    surface = surfaces.create("reddi", constant=3, period=3)
    x = np.zeros((2, 1))
    assert [surface.grad(x, step=t)[0, 0] for t in range(1, 7)] == [3, -1, -1, 3, -1, -1]
    assert surface.value(np.array([[-1.0], [0.0], [1.0]])).tolist() == pytest.approx([0.0, 1 / 3, 2 / 3])
    assert surface.project(np.array([[2.0], [-5.0], [0.5]])).tolist() == [[1.0], [-1.0], [0.5]]
    assert surfaces.create("reddi", constant=10, period=5).grad(x, step=6)[0, 0] == 10


def test_noisy_quadratic_noise_is_seeded_shared_by_runs_and_unbiased():
    surface = surfaces.create("noisy_quadratic", noise=2.0)
    points = np.tile([[1.0, -1.0]], (3, 1))
    first = surface.grad(points, rng=np.random.default_rng(7))
    again = surface.grad(points, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first[0], first[2])  # every run sees the same minibatch
    assert not np.allclose(first, surface.grad(points))
    rng = np.random.default_rng(0)
    mean = np.mean([surface.grad(points[:1], rng=rng)[0] for _ in range(4000)], axis=0)
    np.testing.assert_allclose(mean, [1.0, -10.0], atol=0.15)


def test_rare_feature_gradient_arrives_with_probability_rarity():
    surface = surfaces.create("rare_feature", rarity=0.1)
    rng = np.random.default_rng(0)
    arrivals = [surface.grad(np.zeros((1, 2)), rng=rng)[0, 1] != 0 for _ in range(5000)]
    assert 0.08 < np.mean(arrivals) < 0.12
    assert surface.grad(np.zeros((1, 2)), rng=rng)[0, 0] == -1.0  # the dense one every step


def test_rare_feature_dense_curvature_scales_the_dense_term_only():
    surface = surfaces.create("rare_feature", rarity=0.3, dense_curvature=7.5)
    rng = np.random.default_rng(4)
    points = rng.uniform(-1.0, 2.0, size=(6, 2))
    np.testing.assert_allclose(surface.grad(points), central_difference(surface, points), rtol=1e-5, atol=1e-6)
    assert surface.value(np.zeros((1, 2)))[0] == pytest.approx(0.5 * 7.5 + 0.3 * 0.5)
    sampled = [surface.grad(np.zeros((1, 2)), rng=rng)[0] for _ in range(200)]
    assert all(g[0] == -7.5 for g in sampled)  # the dense gradient c (w - 1) every step
    assert {g[1] for g in sampled} == {0.0, -1.0}  # the rare one unscaled, when it arrives
    assert surface.params["dense_curvature"] == 7.5


def test_rare_feature_default_dense_curvature_changes_nothing():
    from interview_lab.sim import RunConfig, simulate

    default, explicit = surfaces.create("rare_feature"), surfaces.create("rare_feature", dense_curvature=1.0)
    points = np.random.default_rng(5).uniform(-1.0, 2.0, size=(8, 2))
    dense, rare = points[:, 0] - 1.0, points[:, 1] - 1.0
    np.testing.assert_array_equal(default.value(points), 0.5 * dense**2 + 0.05 * 0.5 * rare**2)
    np.testing.assert_array_equal(default.value(points), explicit.value(points))
    np.testing.assert_array_equal(default.grad(points), np.stack([dense, 0.05 * rare], axis=-1))
    for seed in range(20):
        sampled = default.grad(points, rng=np.random.default_rng(seed))
        np.testing.assert_array_equal(sampled, explicit.grad(points, rng=np.random.default_rng(seed)))
        np.testing.assert_array_equal(sampled[:, 0], dense)
    runs = [RunConfig("sgd", "sgd", {"lr": 0.1}), RunConfig("adam", "adam", {"lr": 0.1})]
    before = simulate("rare_feature", runs, 200, seed=3)
    after = simulate("rare_feature", runs, 200, surface_params={"dense_curvature": 1.0}, seed=3)
    for field in ("loss", "params", "effective_lr", "diverged_at"):
        np.testing.assert_array_equal(getattr(before, field), getattr(after, field))


def test_logistic_is_a_real_model_with_hundreds_of_parameters():
    surface = surfaces.create("logistic")
    assert surface.dims == 129
    assert (surface.default_start == 0).all()
    start_loss = surface.value(surface.default_start[None, :])[0]
    assert start_loss == pytest.approx(np.log(2) - surface.minimum_loss)
    assert 0 < surface.labels.mean() < 1


@pytest.mark.parametrize(
    "name,params,field,words",
    [
        ("quadratic", {"curvatures": [1, -2]}, "curvatures", "must be finite and > 0"),
        ("quadratic", {"curvatures": "steep"}, "curvatures", "curvatures must be"),
        ("quadratic", {"curve": [1]}, "curve", "unknown parameter 'curve' (known: curvatures)"),
        ("rosenbrock", {"b": 0}, "b", "b must be > 0"),
        ("noisy_quadratic", {"noise": -1}, "noise", "noise must be >= 0"),
        ("rare_feature", {"rarity": 1.5}, "rarity", "rarity must be in (0, 1]"),
        ("rare_feature", {"dense_curvature": 0}, "dense_curvature", "dense_curvature must be > 0"),
        ("rare_feature", {"dense_curvature": -10}, "dense_curvature", "dense_curvature must be > 0"),
        ("rare_feature", {"dense_curvature": float("inf")}, "dense_curvature", "dense_curvature must be finite"),
        ("rare_feature", {"dense_curvature": float("nan")}, "dense_curvature", "dense_curvature must be finite"),
        ("rare_feature", {"dense_curvature": "steep"}, "dense_curvature", "dense_curvature must be a number"),
        ("rare_feature", {"curvature": 10}, "curvature", "known: rarity, dense_curvature"),
        ("reddi", {"period": 1}, "period", "period must be a whole number in [2"),
        ("reddi", {"constant": "big"}, "constant", "constant must be a number"),
        ("logistic", {"features": 0}, "features", "features must be a whole number"),
        ("beale", {"a": 1}, "a", "unknown parameter 'a'"),
    ],
)
def test_bad_surface_parameters_raise_a_clear_error(name, params, field, words):
    with pytest.raises(SimulationError) as caught:
        surfaces.create(name, **params)
    assert caught.value.field == field and caught.value.optimizer == name
    assert words in str(caught.value) and str(caught.value).startswith(f"{name}: ")


def test_unknown_surface_lists_the_known_ones():
    with pytest.raises(SimulationError, match="unknown surface.*rosenbrock"):
        surfaces.create("rosenbrok")


def test_points_of_the_wrong_dimension_are_refused():
    with pytest.raises(SimulationError, match="2 coordinates"):
        surfaces.create("beale").value(np.zeros((4, 3)))
