"""Loss surfaces and small problems with analytic gradients, on (runs, dims) arrays.

`create(name, **params)` returns a `Surface`: `value(x)` and `grad(x, step=1,
rng=None)` on arrays whose last axis is the problem's dimension (so a (runs,
dims) batch or a plotting grid both work), `minimum` (a point or None),
`window` ((xmin, xmax), (ymin, ymax)) for 2-D problems, `default_start`, and
`project(x)` for constrained problems (identity otherwise).

Stochastic problems (noisy_quadratic, rare_feature) draw their noise from the
`rng` passed to `grad`, one draw per step shared by every run (common random
numbers), so runs differ only by their optimizer and a batched sweep equals
the same runs done one at a time. Without an `rng` they return the expected
gradient. The loss reported by `value` is always the noise-free one.

Names and parameters are documented in docs/content-format.md.
"""

from __future__ import annotations

import inspect
import math
from typing import Any

import numpy as np

from interview_lab.sim.errors import SimulationError

Window = tuple[tuple[float, float], tuple[float, float]]


class Surface:
    name = ""
    stochastic = False
    window: Window | None = None

    def __init__(self, **params: Any):
        self.params: dict[str, Any] = {}
        self.minimum: np.ndarray | None = None
        self.default_start = np.zeros(1)
        self._setup(**params)

    def _setup(self, **unknown: Any) -> None:
        if unknown:
            field = next(iter(unknown))
            known = [n for n in inspect.signature(type(self)._setup).parameters if n not in ("self", "rest")]
            listed = f"known: {', '.join(known)}" if known else "it takes none"
            raise self._error(str(field), f"unknown parameter {field!r} ({listed})")

    @property
    def dims(self) -> int:
        return int(self.default_start.size)

    def _error(self, field: str, message: str) -> SimulationError:
        return SimulationError(self.name, field, message)

    def _number(self, field: str, value: Any, *, low: float | None = None, strict: bool = False) -> float:
        if isinstance(value, (bool, str, bytes)) or value is None:
            raise self._error(field, f"{field} must be a number, got {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self._error(field, f"{field} must be a number, got {value!r}") from None
        if not math.isfinite(number):
            raise self._error(field, f"{field} must be finite, got {number:g}")
        if low is not None and (number <= low if strict else number < low):
            raise self._error(field, f"{field} must be {'>' if strict else '>='} {low:g}, got {number:g}")
        self.params[field] = number
        return number

    def _integer(self, field: str, value: Any, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
            raise self._error(field, f"{field} must be a whole number in [{low}, {high}], got {value!r}")
        self.params[field] = int(value)
        return int(value)

    def _curvatures(self, value: Any) -> np.ndarray:
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise self._error("curvatures", f"curvatures must be a list of numbers, got {value!r}") from None
        if array.ndim != 1 or not 1 <= array.size <= 10_000:
            raise self._error("curvatures", f"curvatures must be a list of 1 to 10000 numbers, got {value!r}")
        if not (np.isfinite(array).all() and (array > 0).all()):
            raise self._error("curvatures", f"curvatures must be finite and > 0, got {array.tolist()}")
        self.params["curvatures"] = array.tolist()
        return array

    def _check(self, x: Any) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        if x.shape[-1:] != (self.dims,):
            raise self._error("x", f"points must have {self.dims} coordinates on the last axis, got shape {x.shape}")
        return x

    def value(self, x: Any) -> np.ndarray:
        """The loss at each point: shape x.shape[:-1]."""
        return self._value(self._check(x))

    def grad(self, x: Any, step: int = 1, rng: np.random.Generator | None = None) -> np.ndarray:
        """The gradient used by step number `step` (1-based): shape x.shape."""
        return self._grad(self._check(x), step, rng)

    def project(self, x: np.ndarray) -> np.ndarray:
        """The nearest allowed point (identity for unconstrained problems)."""
        return x

    def _gradient_function(self, shape: tuple[int, ...]) -> Any:
        """`_grad` for batches of one shape; a problem may bind buffers to it. The result may be reused next call."""
        return self._grad

    def _value(self, x: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _grad(self, x: np.ndarray, step: int, rng: np.random.Generator | None) -> np.ndarray:
        raise NotImplementedError


class Quadratic(Surface):
    """f = 0.5 * sum(c_i x_i^2): an ill-conditioned bowl when the curvatures differ."""

    name = "quadratic"
    default_curvatures = (1.0, 100.0)

    def _setup(self, curvatures: Any = None, **rest: Any) -> None:
        super()._setup(**rest)
        self.curvatures = self._curvatures(self.default_curvatures if curvatures is None else curvatures)
        self.half_curvatures = 0.5 * self.curvatures
        dims = self.curvatures.size
        self.minimum = np.zeros(dims)
        self.default_start = np.array([-4.0] + [1.0] * (dims - 1))
        if dims == 2:
            self.window = ((-5.0, 5.0), (-2.0, 2.0))

    def _value(self, x):
        return (x * x) @ self.half_curvatures  # a matrix product: fast on long batches

    def _grad(self, x, step, rng):
        return self.curvatures * x

    def _gradient_function(self, shape):
        # Curvatures laid out like the batch: broadcasting a short row over many runs makes NumPy loop per run.
        curvatures = np.ascontiguousarray(np.broadcast_to(self.curvatures, shape))
        buffer, multiply = np.empty(shape), np.multiply

        def gradient(x, step, rng):
            return multiply(curvatures, x, buffer)

        return gradient


class NoisyQuadratic(Quadratic):
    """The quadratic with Gaussian noise of std `noise` on each gradient coordinate."""

    name = "noisy_quadratic"
    stochastic = True
    default_curvatures = (1.0, 10.0)

    def _setup(self, curvatures: Any = None, noise: Any = 1.0, **rest: Any) -> None:
        super()._setup(curvatures=curvatures, **rest)
        self.noise = self._number("noise", noise, low=0.0)

    _gradient_function = Surface._gradient_function

    def _grad(self, x, step, rng):
        exact = self.curvatures * x
        if rng is None or self.noise == 0:
            return exact
        return exact + self.noise * rng.standard_normal(self.dims)


class Rosenbrock(Surface):
    """(a - x)^2 + b (y - x^2)^2: a curved, flat-bottomed valley."""

    name = "rosenbrock"

    def _setup(self, a: Any = 1.0, b: Any = 100.0, **rest: Any) -> None:
        super()._setup(**rest)
        self.a = self._number("a", a)
        self.b = self._number("b", b, low=0.0, strict=True)
        self.minimum = np.array([self.a, self.a**2])
        self.default_start = np.array([-1.2, 1.0])
        reach = max(2.0, abs(self.a) + 1.0)
        self.window = ((-reach, reach), (-1.0, max(3.0, self.a**2 + 1.0)))

    def _value(self, x):
        u, v = x[..., 0], x[..., 1]
        return (self.a - u) ** 2 + self.b * (v - u * u) ** 2

    def _grad(self, x, step, rng):
        u, v = x[..., 0], x[..., 1]
        inner = v - u * u
        return np.stack([-2.0 * (self.a - u) - 4.0 * self.b * u * inner, 2.0 * self.b * inner], axis=-1)

    def _gradient_function(self, shape):
        # `_grad` into a buffer, the same operations in the same order: a third of the calls for a few runs.
        subtract, multiply = np.subtract, np.multiply
        buffer, work, inner = np.empty(shape), np.empty(shape[0]), np.empty(shape[0])
        along_x, along_y = buffer[:, 0], buffer[:, 1]
        a, minus_two, four_b, two_b = np.array(self.a), np.array(-2.0), np.array(4.0 * self.b), np.array(2.0 * self.b)

        def gradient(x, step, rng):
            u, v = x[:, 0], x[:, 1]
            subtract(v, multiply(u, u, work), inner)
            multiply(minus_two, subtract(a, u, along_x), along_x)
            subtract(along_x, multiply(multiply(four_b, u, work), inner, work), along_x)
            multiply(two_b, inner, along_y)
            return buffer

        return gradient


class Beale(Surface):
    """Beale's function: flat plateaus and steep walls, minimum 0 at (3, 0.5)."""

    name = "beale"
    window = ((-4.5, 4.5), (-4.5, 4.5))

    def _setup(self, **rest: Any) -> None:
        super()._setup(**rest)
        self.minimum = np.array([3.0, 0.5])
        self.default_start = np.array([1.0, 1.5])

    def _terms(self, x):
        u, v = x[..., 0], x[..., 1]
        return u, v, 1.5 - u + u * v, 2.25 - u + u * v * v, 2.625 - u + u * v**3

    def _value(self, x):
        _, _, t1, t2, t3 = self._terms(x)
        return t1 * t1 + t2 * t2 + t3 * t3

    def _grad(self, x, step, rng):
        u, v, t1, t2, t3 = self._terms(x)
        du = 2.0 * (t1 * (v - 1.0) + t2 * (v * v - 1.0) + t3 * (v**3 - 1.0))
        dv = 2.0 * (t1 * u + t2 * 2.0 * u * v + t3 * 3.0 * u * v * v)
        return np.stack([du, dv], axis=-1)

    def _gradient_function(self, shape):
        # `_grad` into buffers, the same operations in the same order (so the same numbers), in fewer calls.
        add, subtract, multiply = np.add, np.subtract, np.multiply
        buffer = np.empty(shape)
        du, dv = buffer[:, 0], buffer[:, 1]
        t1, t2, t3, uv, cube, work = (np.empty(shape[0]) for _ in range(6))
        one, two, three, c1, c2, c3 = (np.array(c) for c in (1.0, 2.0, 3.0, 1.5, 2.25, 2.625))
        power = np.array(3)

        def gradient(x, step, rng):
            u, v = x[:, 0], x[:, 1]
            multiply(u, v, uv)
            add(subtract(c1, u, t1), uv, t1)
            add(subtract(c2, u, t2), multiply(uv, v, work), t2)
            np.power(v, power, cube)
            add(subtract(c3, u, t3), multiply(u, cube, work), t3)
            multiply(t1, subtract(v, one, du), du)
            add(du, multiply(t2, subtract(multiply(v, v, work), one, work), work), du)
            add(du, multiply(t3, subtract(cube, one, work), work), du)
            multiply(two, du, du)
            multiply(t1, u, dv)
            add(dv, multiply(multiply(multiply(t2, two, work), u, work), v, work), dv)
            add(dv, multiply(multiply(multiply(multiply(t3, three, work), u, work), v, work), v, work), dv)
            multiply(two, dv, dv)
            return buffer

        return gradient


class Saddle(Surface):
    """x^2 - y^2: no minimum; the loss reported is the raw value and goes negative."""

    name = "saddle"
    window = ((-2.5, 2.5), (-2.5, 2.5))

    def _setup(self, **rest: Any) -> None:
        super()._setup(**rest)
        self.default_start = np.array([-2.0, 1e-3])

    def _value(self, x):
        return x[..., 0] ** 2 - x[..., 1] ** 2

    def _grad(self, x, step, rng):
        return np.stack([2.0 * x[..., 0], -2.0 * x[..., 1]], axis=-1)

    def _gradient_function(self, shape):
        signs, buffer = np.ascontiguousarray(np.broadcast_to([2.0, -2.0], shape)), np.empty(shape)

        def gradient(x, step, rng):
            return np.multiply(signs, x, buffer)  # 2x and -2y in one call

        return gradient


class Himmelblau(Surface):
    """(x^2 + y - 11)^2 + (x + y^2 - 7)^2: four minima of value 0."""

    name = "himmelblau"
    window = ((-5.0, 5.0), (-5.0, 5.0))

    def _setup(self, **rest: Any) -> None:
        super()._setup(**rest)
        self.minimum = np.array([3.0, 2.0])
        self.minima = np.array(
            [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]
        )
        self.default_start = np.array([0.0, 0.0])

    def _value(self, x):
        u, v = x[..., 0], x[..., 1]
        return (u * u + v - 11.0) ** 2 + (u + v * v - 7.0) ** 2

    def _grad(self, x, step, rng):
        u, v = x[..., 0], x[..., 1]
        first, second = u * u + v - 11.0, u + v * v - 7.0
        return np.stack([4.0 * u * first + 2.0 * second, 2.0 * first + 4.0 * v * second], axis=-1)

    def _gradient_function(self, shape):
        # `_grad` into buffers, the same operations in the same order (so the same numbers), in fewer calls.
        add, subtract, multiply = np.add, np.subtract, np.multiply
        buffer = np.empty(shape)
        along_x, along_y = buffer[:, 0], buffer[:, 1]
        first, second, work = (np.empty(shape[0]) for _ in range(3))
        two, four, eleven, seven = (np.array(c) for c in (2.0, 4.0, 11.0, 7.0))

        def gradient(x, step, rng):
            u, v = x[:, 0], x[:, 1]
            subtract(add(multiply(u, u, first), v, first), eleven, first)
            subtract(add(u, multiply(v, v, second), second), seven, second)
            add(multiply(multiply(four, u, along_x), first, along_x), multiply(two, second, work), along_x)
            add(multiply(two, first, along_y), multiply(multiply(four, v, work), second, work), along_y)
            return buffer

        return gradient


class RareFeature(Surface):
    """A dense weight with a gradient every step and a rare one whose gradient arrives with probability `rarity`.

    Loss 0.5 c (w_dense - 1)^2 + rarity * 0.5 (w_rare - 1)^2 with c =
    `dense_curvature` (default 1): the dense gradient c (w_dense - 1) arrives
    every step, the rare weight's sampled gradient (w_rare - 1) on the steps
    it arrives, so it is unbiased. With c > 1 the dense weight is steep (SGD
    is stable on it only for lr < 2 / c) while the rare one learns slowly.
    """

    name = "rare_feature"
    stochastic = True
    window = ((-0.5, 1.5), (-0.5, 1.5))

    def _setup(self, rarity: Any = 0.05, dense_curvature: Any = 1.0, **rest: Any) -> None:
        super()._setup(**rest)
        self.rarity = self._number("rarity", rarity, low=0.0, strict=True)
        if self.rarity > 1:
            raise self._error("rarity", f"rarity must be in (0, 1], got {self.rarity:g}")
        self.dense_curvature = self._number("dense_curvature", dense_curvature, low=0.0, strict=True)
        self.minimum = np.array([1.0, 1.0])
        self.default_start = np.array([0.0, 0.0])

    def _value(self, x):
        # With c = 1 the products by c are exact: the default surface gives the same numbers as before c existed.
        return 0.5 * self.dense_curvature * (x[..., 0] - 1.0) ** 2 + self.rarity * 0.5 * (x[..., 1] - 1.0) ** 2

    def _grad(self, x, step, rng):
        if rng is None:
            weight = self.rarity
        else:
            weight = 1.0 if rng.random() < self.rarity else 0.0
        return np.stack([self.dense_curvature * (x[..., 0] - 1.0), weight * (x[..., 1] - 1.0)], axis=-1)


class Reddi(Surface):
    """The online problem of Reddi, Kale and Kumar (2018), Theorem 1, on [-1, 1].

    f_t(x) = C x when t mod period = 1, else -x. Over a period the average
    loss is ((C - period + 1) / period) x, minimal at x = -1 when C > period - 1.
    The loss reported is that average minus its minimum over [-1, 1] (>= 0).
    """

    name = "reddi"

    def _setup(self, constant: Any = 3.0, period: Any = 3, **rest: Any) -> None:
        super()._setup(**rest)
        self.constant = self._number("constant", constant, low=0.0, strict=True)
        self.period = self._integer("period", period, 2, 1_000_000)
        self.slope = (self.constant - (self.period - 1)) / self.period
        self.minimum = np.array([-math.copysign(1.0, self.slope)]) if self.slope != 0 else None
        self.default_start = np.array([0.0])

    def _value(self, x):
        return self.slope * x[..., 0] + abs(self.slope)

    def _grad(self, x, step, rng):
        return np.full_like(x, self.constant if step % self.period == 1 else -1.0)

    def project(self, x):
        return np.clip(x, -1.0, 1.0)


class Logistic(Surface):
    """L2-regularized logistic regression on a generated data set (fixed seed).

    Weights then the bias (not regularized): dims = features + 1. Labels come
    from a random linear model through a sigmoid. The loss reported is the
    mean cross-entropy plus 0.5 * l2 * |w|^2, minus its value at the fitted
    model (found by Newton's method), so it falls towards 0 on a log plot.
    """

    name = "logistic"
    data_seed = 0

    def _setup(self, samples: Any = 256, features: Any = 128, l2: Any = 1e-3, **rest: Any) -> None:
        super()._setup(**rest)
        samples = self._integer("samples", samples, 2, 100_000)
        features = self._integer("features", features, 1, 10_000)
        self.l2 = self._number("l2", l2, low=0.0, strict=True)
        rng = np.random.default_rng(self.data_seed)
        self.inputs = rng.standard_normal((samples, features))
        true_weights = rng.standard_normal(features) * (2.0 / math.sqrt(features))
        chance = 1.0 / (1.0 + np.exp(-(self.inputs @ true_weights + 0.5)))
        self.labels = (rng.random(samples) < chance).astype(np.float64)
        self.default_start = np.zeros(features + 1)
        self.minimum = self._fit()
        self.minimum_loss = float(self._raw_loss(self.minimum[None, :])[0])

    def _raw_loss(self, x: np.ndarray) -> np.ndarray:
        logits = x[..., :-1] @ self.inputs.T + x[..., -1:]
        cross_entropy = np.mean(np.logaddexp(0.0, logits) - self.labels * logits, axis=-1)
        return cross_entropy + 0.5 * self.l2 * np.sum(x[..., :-1] ** 2, axis=-1)

    def _fit(self) -> np.ndarray:
        samples, features = self.inputs.shape
        design = np.hstack([self.inputs, np.ones((samples, 1))])
        ridge = np.full(features + 1, self.l2)
        ridge[-1] = 0.0
        point = np.zeros(features + 1)
        for _ in range(100):
            gradient = self._grad(point[None, :], 1, None)[0]
            chance = 1.0 / (1.0 + np.exp(-(design @ point)))
            hessian = (design.T * (chance * (1 - chance))) @ design / samples + np.diag(ridge)
            move = np.linalg.solve(hessian + 1e-12 * np.eye(features + 1), gradient)
            point = point - move
            if np.max(np.abs(move)) < 1e-13 * max(1.0, np.max(np.abs(point))):
                break
        return point

    def _value(self, x):
        return self._raw_loss(x) - self.minimum_loss

    def _grad(self, x, step, rng):
        logits = x[..., :-1] @ self.inputs.T + x[..., -1:]
        error = 0.5 * (1.0 + np.tanh(0.5 * logits)) - self.labels  # sigmoid without overflow
        samples = self.inputs.shape[0]
        weights = error @ self.inputs / samples + self.l2 * x[..., :-1]
        bias = np.mean(error, axis=-1, keepdims=True)
        return np.concatenate([weights, bias], axis=-1)


CLASSES: dict[str, type[Surface]] = {
    cls.name: cls
    for cls in (Quadratic, Rosenbrock, Beale, Saddle, Himmelblau, NoisyQuadratic, RareFeature, Reddi, Logistic)
}
NAMES: tuple[str, ...] = tuple(CLASSES)


def create(name: str, **params: Any) -> Surface:
    """A surface by name; raises SimulationError naming the parameter at fault."""
    if name not in CLASSES:
        raise SimulationError(str(name), None, f"unknown surface (known: {', '.join(NAMES)})")
    return CLASSES[name](**params)
