"""Batched NumPy optimizers with torch.optim (2.x) names, defaults and update rules.

`create(name, **hparams)` returns an optimizer; `init(params)` makes its
state and `step(params, grads, state)` returns the new parameters. Arrays are
float64 of shape (runs, dims): every run advances in the same NumPy
operations. A float hyper-parameter may be a scalar or an array of shape
(runs,), so a learning-rate sweep is one optimizer with `lr` of shape (runs,).

The arithmetic follows torch's single-tensor CPU code path operation by
operation (same order of additions, same place for eps), so trajectories agree
with PyTorch to rounding error.

Teaching options of Adam and AdamW (not in torch):

- `bias_correction`: "both" (torch), "m" (first moment only), "v" (second
  moment only) or "none" (the uncorrected moments, as in early descriptions).
- `keras_eps`: eps is added to sqrt(v) before the bias correction is applied,
  i.e. Keras' "epsilon hat" form lr*sqrt(1-beta2^t)/(1-beta1^t) * m/(sqrt(v)+eps),
  with Keras' default eps of 1e-7 when eps is not given.

Every optimizer except SGD records each parameter's effective learning rate
(the step size it applies per unit of its update direction) in
`state["effective_lr"]`; for Adam lr / (1 - beta1^t) / (sqrt(v_hat) + eps).

Speed: with a handful of runs a step costs one Python-to-NumPy call per
operation, whatever the arithmetic. So `init` binds, for the usual scalar
settings, a kernel to the state: the same operations in the same order as
`_update` (identical results), with buffers reused through `out=`, scalars
as 0-d arrays and per-run values spread to full (runs, dims) arrays, the
operand forms NumPy handles fastest. `_update` stays the readable reference
and serves the rest (e.g. per-run betas).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping

import numpy as np

from interview_lab.sim.errors import SimulationError

# Field kinds: "float" (scalar or (runs,) array), "betas" (a pair of those),
# "bool", or a tuple of allowed strings.
_LR = "lr"
_FLOAT = "float"
_BETAS = "betas"
_BOOL = "bool"
BIAS_CORRECTION_CHOICES = ("both", "none", "m", "v")
KERAS_DEFAULT_EPS = 1e-7

# name -> field -> (default, kind, check, rule in words)
Check = Callable[[np.ndarray], np.ndarray] | None


def _nonneg(values: np.ndarray) -> np.ndarray:
    return values >= 0


def _unit(values: np.ndarray) -> np.ndarray:
    return (values >= 0) & (values < 1)


NONNEG = (_nonneg, "must be >= 0")
UNIT = (_unit, "must be in [0, 1)")
ANY = (None, "")

_ADAM_FIELDS: dict[str, tuple[Any, Any, tuple]] = {
    "lr": (1e-3, _FLOAT, NONNEG),
    "betas": ((0.9, 0.999), _BETAS, UNIT),
    "eps": (1e-8, _FLOAT, NONNEG),
    "weight_decay": (0.0, _FLOAT, NONNEG),
    "amsgrad": (False, _BOOL, ANY),
    "maximize": (False, _BOOL, ANY),
    "decoupled_weight_decay": (False, _BOOL, ANY),
    "bias_correction": ("both", BIAS_CORRECTION_CHOICES, ANY),
    "keras_eps": (False, _BOOL, ANY),
}

SPECS: dict[str, dict[str, tuple[Any, Any, tuple]]] = {
    "sgd": {
        "lr": (1e-3, _FLOAT, NONNEG),
        "momentum": (0.0, _FLOAT, NONNEG),
        "dampening": (0.0, _FLOAT, ANY),
        "weight_decay": (0.0, _FLOAT, NONNEG),
        "nesterov": (False, _BOOL, ANY),
        "maximize": (False, _BOOL, ANY),
    },
    "adagrad": {
        "lr": (1e-2, _FLOAT, NONNEG),
        "lr_decay": (0.0, _FLOAT, NONNEG),
        "weight_decay": (0.0, _FLOAT, NONNEG),
        "initial_accumulator_value": (0.0, _FLOAT, NONNEG),
        "eps": (1e-10, _FLOAT, NONNEG),
        "maximize": (False, _BOOL, ANY),
    },
    "rmsprop": {
        "lr": (1e-2, _FLOAT, NONNEG),
        "alpha": (0.99, _FLOAT, NONNEG),
        "eps": (1e-8, _FLOAT, NONNEG),
        "weight_decay": (0.0, _FLOAT, NONNEG),
        "momentum": (0.0, _FLOAT, NONNEG),
        "centered": (False, _BOOL, ANY),
        "maximize": (False, _BOOL, ANY),
    },
    "adam": _ADAM_FIELDS,
    "adamw": {
        **{k: v for k, v in _ADAM_FIELDS.items() if k != "decoupled_weight_decay"},
        "weight_decay": (1e-2, _FLOAT, NONNEG),
    },
    "adamax": {
        "lr": (2e-3, _FLOAT, NONNEG),
        "betas": ((0.9, 0.999), _BETAS, UNIT),
        "eps": (1e-8, _FLOAT, NONNEG),
        "weight_decay": (0.0, _FLOAT, NONNEG),
        "maximize": (False, _BOOL, ANY),
    },
    "nadam": {
        "lr": (2e-3, _FLOAT, NONNEG),
        "betas": ((0.9, 0.999), _BETAS, UNIT),
        "eps": (1e-8, _FLOAT, NONNEG),
        "weight_decay": (0.0, _FLOAT, NONNEG),
        "momentum_decay": (4e-3, _FLOAT, NONNEG),
        "decoupled_weight_decay": (False, _BOOL, ANY),
        "maximize": (False, _BOOL, ANY),
    },
}

NAMES: tuple[str, ...] = tuple(SPECS)

# One line per field, for forms and `--help`.
HELP: dict[str, str] = {
    "lr": "learning rate",
    "momentum": "momentum factor (0 = none)",
    "dampening": "dampening applied to the gradient in the momentum buffer",
    "weight_decay": "L2 penalty added to the gradient (decoupled for AdamW)",
    "nesterov": "Nesterov momentum (needs momentum > 0 and dampening 0)",
    "maximize": "maximize the objective instead of minimizing it",
    "lr_decay": "learning-rate decay: lr / (1 + (t - 1) * lr_decay)",
    "initial_accumulator_value": "starting value of the sum of squared gradients",
    "eps": "term added to the denominator for numerical stability",
    "alpha": "smoothing constant of the squared-gradient average",
    "centered": "divide by the estimated variance instead of the raw second moment",
    "betas": "decay rates of the first and second moment averages",
    "amsgrad": "use the maximum of past second moments (AMSGrad)",
    "decoupled_weight_decay": "shrink the weights directly instead of through the gradient",
    "momentum_decay": "momentum schedule decay (psi in the NAdam paper)",
    "bias_correction": "teaching: which moments are bias-corrected: both, m, v or none",
    "keras_eps": "teaching: Keras form, eps added before the bias correction (default eps 1e-7)",
}


def defaults(name: str) -> dict[str, Any]:
    """The optimizer's hyper-parameters and their default values, in form order."""
    return {field: spec[0] for field, spec in _spec(name).items()}


def _spec(name: str) -> dict[str, tuple[Any, Any, tuple]]:
    if name not in SPECS:
        raise SimulationError(str(name), None, f"unknown optimizer (known: {', '.join(NAMES)})")
    return SPECS[name]


def _fmt(value: float) -> str:
    return f"{value:g}"


_ONE_SETTING = " (one setting for every run of a configuration: give each setting a run of its own)"


class _NotANumber(Exception):
    """Why one given value is not a real number (the message, without the field's name)."""


def _real(item: Any) -> float:
    """One real number as a float; raises _NotANumber saying what is wrong otherwise.

    Booleans, strings, complex numbers and nested lists are refused rather
    than converted: NumPy would turn True into 1.0, "0.1" into 0.1 and drop an
    imaginary part.
    """
    if isinstance(item, np.ndarray) and item.ndim == 0:
        item = item[()]
    if isinstance(item, (bool, np.bool_)):
        raise _NotANumber(f"must be a number, not true/false, got {item!r}")
    if isinstance(item, (str, bytes)) or item is None:
        raise _NotANumber(f"must be a number, got {item!r}")
    if isinstance(item, (complex, np.complexfloating)):
        raise _NotANumber(f"must be a real number, got {item!r}")
    if isinstance(item, (list, tuple, np.ndarray)):
        raise _NotANumber(f"must be a number or one value per run, got {item!r}")
    try:
        return float(item)
    except OverflowError:
        raise _NotANumber("must be finite, got a number beyond the float64 range") from None
    except (TypeError, ValueError):
        raise _NotANumber(f"must be a number, got {item!r}") from None


def _floats(value: Any) -> np.ndarray:
    """A float field's value as a float64 array of 0 or 1 dimensions; raises _NotANumber if it is not one.

    Arrays of real numbers convert as a whole (exactly as np.asarray would);
    anything else is judged element by element, which names the run at fault.
    """
    if not isinstance(value, (list, tuple, np.ndarray, np.generic)) and hasattr(value, "__array__"):
        try:
            value = np.asarray(value)
        except (TypeError, ValueError):
            raise _NotANumber(f"must be a number or a list of numbers, got {value!r}") from None
    if isinstance(value, np.ndarray):
        if value.ndim > 1:
            raise _NotANumber(f"must be a number or one value per run, got shape {value.shape}")
        if value.dtype.kind in "fiu":
            with np.errstate(over="ignore"):  # a long double beyond float64 becomes inf: reported as not finite
                return value.astype(np.float64)
        if value.ndim == 0:
            return np.array(_real(value))
        items = list(value)
    elif isinstance(value, (list, tuple, range)):
        items = list(value)
    else:
        return np.array(_real(value))
    if not items:
        raise _NotANumber("must not be an empty list")
    floats = []
    for run, item in enumerate(items):
        try:
            floats.append(_real(item))
        except _NotANumber as problem:
            raise _NotANumber(f"{problem} (run {run})") from None
    return np.array(floats, dtype=np.float64)


def _checked(name: str, field: str, value: Any, check: Check, rule: str) -> np.ndarray:
    """A float field's value checked (real numbers, finite, the field's rule): a 0-d or (runs,) float64 array."""
    try:
        array = _floats(value)
    except _NotANumber as problem:
        raise SimulationError(name, field, f"{field} {problem}") from None
    bad = ~np.isfinite(array)
    if check is not None:
        bad |= ~check(array)
    if bad.any():
        flat = array.reshape(-1)
        index = int(np.argmax(bad.reshape(-1)))
        where = f" (run {index})" if array.ndim == 1 else ""
        what = rule if np.isfinite(flat[index]) else "must be finite"
        raise SimulationError(name, field, f"{field} {what}, got {_fmt(flat[index])}{where}")
    return array


def checked_values(name: str, field: str, value: Any) -> float | np.ndarray:
    """A float hyper-parameter checked as `create` checks it: a float, or a (runs,) float64 array.

    For callers that need the numbers before the optimizer exists (the
    simulator labels the runs of an lr sweep by their rates).
    """
    spec = _spec(name)
    if field not in spec or spec[field][1] not in (_FLOAT, _LR):
        raise SimulationError(name, str(field), f"{field!r} is not a numeric hyper-parameter of {name}")
    check, rule = spec[field][2]
    array = _checked(name, field, value, check, rule)
    return float(array) if array.ndim == 0 else array


class Hyper:
    """Normalized hyper-parameters: floats stay floats, per-run values become (runs, 1) columns."""

    def __init__(self, name: str, given: Mapping[str, Any]):
        spec = _spec(name)
        self.name = name
        self.runs: int | None = None
        self.runs_field: str | None = None
        self.values: dict[str, Any] = {}
        for field in given:
            if field not in spec:
                raise SimulationError(
                    name, str(field), f"unknown hyper-parameter {field!r} (known: {', '.join(spec)})"
                )
        for field, (default, kind, (check, rule)) in spec.items():
            self.values[field] = self._normalize(field, given.get(field, default), kind, check, rule)
        # After the switch is normalized, so np.True_ counts as True.
        if self.values.get("keras_eps") and "eps" not in given:
            self.values["eps"] = KERAS_DEFAULT_EPS

    def _error(self, field: str, message: str) -> SimulationError:
        return SimulationError(self.name, field, f"{field} {message}")

    def _normalize(self, field: str, value: Any, kind: Any, check: Check, rule: str) -> Any:
        if kind == _BOOL:
            if not isinstance(value, (bool, np.bool_)):
                hint = _ONE_SETTING if isinstance(value, (list, tuple, np.ndarray)) else ""
                raise self._error(field, f"must be true or false, got {value!r}{hint}")
            return bool(value)
        if isinstance(kind, tuple):
            # A str (np.str_ included), not an array: `array in kind` compares elementwise and can pass.
            if not isinstance(value, str) or value not in kind:
                hint = _ONE_SETTING if isinstance(value, (list, tuple, np.ndarray)) else ""
                raise self._error(field, f"must be one of {', '.join(kind)}, got {value!r}{hint}")
            return str(value)
        if kind == _BETAS:
            try:
                pair = not isinstance(value, (str, bytes)) and len(value) == 2
            except TypeError:  # no len(), or a 0-d array
                pair = False
            if not pair:
                raise self._error(field, f"must be a pair (beta1, beta2), got {value!r}")
            return tuple(self._number(f"{field}[{i}]", v, check, rule) for i, v in enumerate(value))
        return self._number(field, value, check, rule)

    def _number(self, field: str, value: Any, check: Check, rule: str) -> float | np.ndarray:
        array = _checked(self.name, field, value, check, rule)
        if array.ndim == 0:
            return float(array)
        if self.runs is None:
            self.runs, self.runs_field = array.size, field
        elif array.size != self.runs:
            raise self._error(field, f"has {array.size} values but {self.runs_field} has {self.runs} (one per run)")
        return array[:, None]

    def __getitem__(self, field: str) -> Any:
        return self.values[field]


def _any_nonzero(value: float | np.ndarray) -> bool:
    return bool(np.any(value != 0))


def _lerp(start: np.ndarray, end: np.ndarray, weight: float | np.ndarray) -> None:
    """start += weight * (end - start) in place, rounded the way torch.lerp rounds."""
    if isinstance(weight, float):
        if weight < 0.5:
            start += weight * (end - start)
        else:
            start[...] = end - (end - start) * (1 - weight)
    else:
        low = start + weight * (end - start)
        high = end - (end - start) * (1 - weight)
        np.copyto(start, np.where(weight < 0.5, low, high))


def _operand(value: float | np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """A hyper-parameter in the form NumPy's ufuncs take fastest.

    A scalar becomes a 0-d array (a Python float costs a conversion on every
    call) and a per-run column a full (runs, dims) array (broadcasting a
    column over the coordinates makes NumPy loop over rows). The values, so
    the rounding, are unchanged.
    """
    if isinstance(value, np.ndarray):
        return np.ascontiguousarray(np.broadcast_to(value, shape))
    return np.array(value, dtype=np.float64)


def _power(base: float | np.ndarray, exponent: float | np.ndarray) -> float | np.ndarray:
    """base**exponent rounded as Python's float power (C pow) rounds it, elementwise for per-run values.

    torch computes bias corrections with Python floats; NumPy's vectorized
    power can differ from C pow in the last bit, which would make a batched
    run drift from the same run done alone.
    """
    if not isinstance(base, np.ndarray) and not isinstance(exponent, np.ndarray):
        return base**exponent
    bases, exponents = np.broadcast_arrays(np.asarray(base, dtype=np.float64), np.asarray(exponent, dtype=np.float64))
    powers = [math.pow(b, e) for b, e in zip(bases.ravel().tolist(), exponents.ravel().tolist())]
    return np.array(powers).reshape(bases.shape)


def _single(value: float | np.ndarray) -> float | np.ndarray:
    """A per-run value of a one-run batch as a plain float: the same numbers, computed in Python not NumPy."""
    return float(value.reshape(-1)[0]) if isinstance(value, np.ndarray) and value.size == 1 else value


def _moments_updater(shape: tuple[int, ...], state: dict[str, Any], beta1: float, beta2: float) -> Callable:
    """Binds the update of Adam's two moments for scalar betas; returns update(grads).

    exp_avg moves towards the gradient as torch.lerp rounds it, exp_avg_sq is
    v*beta2 + (1-beta2)*(g*g). Both live in one (2, runs, dims) array: with a
    lerp weight below 0.5, m*1 + w*(g - m) and v*beta2 + (1-beta2)*(g*g) are
    then the same three calls for both rows.
    """
    add, subtract, multiply = np.add, np.subtract, np.multiply
    weight = 1 - beta1
    moments = np.zeros((2, *shape))
    exp_avg, exp_avg_sq = moments
    state["exp_avg"], state["exp_avg_sq"] = exp_avg, exp_avg_sq
    scratch = np.empty((2, *shape))
    difference, square = scratch
    if weight < 0.5:
        keep = np.stack([np.ones(shape), np.full(shape, beta2)])
        take = np.stack([np.full(shape, weight), np.full(shape, 1 - beta2)])

        def update(grads):
            subtract(grads, exp_avg, difference)
            multiply(grads, grads, square)
            multiply(scratch, take, scratch)
            multiply(moments, keep, moments)
            add(moments, scratch, moments)

        return update
    rest, beta2_op, one_minus_beta2 = np.array(1 - weight), np.array(beta2), np.array(1 - beta2)

    def update_far(grads):
        # lerp's high-weight form: g - (g - m)*(1 - w)
        subtract(grads, exp_avg, difference)
        multiply(difference, rest, difference)
        subtract(grads, difference, exp_avg)
        multiply(exp_avg_sq, beta2_op, exp_avg_sq)
        multiply(grads, grads, square)
        multiply(one_minus_beta2, square, square)
        add(exp_avg_sq, square, exp_avg_sq)

    return update_far


def _public(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value[:, 0].copy()
    if isinstance(value, tuple):
        return tuple(_public(v) for v in value)
    return value


class Optimizer:
    """Base: hyper-parameter handling and shape checks; subclasses implement `_update`.

    `_update(params, grads, state, out)` writes the new parameters into `out`
    and the effective learning rates into `state["effective_lr"]`, so the
    simulator can point both at its record buffers and copy nothing.
    """

    name = ""
    has_effective_lr = True
    buffers: tuple[str, ...] = ()

    def __init__(self, **hparams: Any):
        self.h = Hyper(self.name, hparams)
        self.runs = self.h.runs
        self.maximize = self.h["maximize"]
        self.lr = self.h["lr"]
        weight_decay = self.h["weight_decay"]
        self.weight_decay = weight_decay if _any_nonzero(weight_decay) else None
        self._prepare()

    def _prepare(self) -> None:
        pass

    @property
    def hparams(self) -> dict[str, Any]:
        """The settings in use (defaults filled in); per-run values as (runs,) arrays."""
        return {field: _public(value) for field, value in self.h.values.items()}

    def _check_shape(self, params: np.ndarray) -> None:
        if params.ndim != 2:
            raise SimulationError(self.name, "params", f"params must have shape (runs, dims), got {params.shape}")
        if self.runs is not None and params.shape[0] != self.runs:
            raise SimulationError(
                self.name,
                self.h.runs_field,
                f"{self.h.runs_field} has {self.runs} values but there are {params.shape[0]} runs",
            )

    def init(self, params: Any) -> dict[str, Any]:
        params = np.asarray(params, dtype=np.float64)
        self._check_shape(params)
        state: dict[str, Any] = {"step": 0}
        for buffer in self.buffers:
            state[buffer] = np.zeros_like(params)
        state["effective_lr"] = np.full_like(params, np.nan)
        self._init_extra(params, state)
        return state

    def _init_extra(self, params: np.ndarray, state: dict[str, Any]) -> None:
        pass

    def step(self, params: np.ndarray, grads: np.ndarray, state: dict[str, Any]) -> tuple[np.ndarray, dict]:
        """One update of every run: the new parameters; `state` is updated in place and returned."""
        params = np.asarray(params, dtype=np.float64)
        grads = np.asarray(grads, dtype=np.float64)
        if grads.shape != params.shape:
            raise SimulationError(self.name, "grads", f"grads shape {grads.shape} differs from params {params.shape}")
        if params.shape != state["effective_lr"].shape:
            raise SimulationError(
                self.name, "params", f"params shape {params.shape} differs from the state's {state['effective_lr'].shape}"
            )
        out = np.empty_like(params)
        self.update_function(state)(params, grads, state, out)
        return out, state

    def update_function(self, state: dict[str, Any]) -> Callable[..., None]:
        """`_update`, or the kernel `init` bound to this state's shape and buffers (same arithmetic, fewer calls)."""
        return state.get("_kernel") or self._update

    def _update(self, params: np.ndarray, grads: np.ndarray, state: dict[str, Any], out: np.ndarray) -> None:
        raise NotImplementedError

    def _begin(self, params: np.ndarray, grads: np.ndarray, state: dict[str, Any]) -> np.ndarray:
        """Count the step, flip the gradient to maximize, add the L2 term: the gradient to use."""
        state["step"] += 1
        if self.maximize:
            grads = -grads
        if self.weight_decay is not None:
            grads = grads + self.weight_decay * params
        return grads


class SGD(Optimizer):
    name = "sgd"
    has_effective_lr = False

    def _prepare(self) -> None:
        h = self.h
        if h["nesterov"] and (np.any(h["momentum"] <= 0) or _any_nonzero(h["dampening"])):
            raise SimulationError(self.name, "nesterov", "nesterov needs momentum > 0 and dampening 0")
        momentum = h["momentum"]
        self.momentum = momentum if _any_nonzero(momentum) else None
        # Runs of a sweep with momentum 0 use no buffer at all, as torch does.
        self.without_momentum = (momentum == 0) if isinstance(momentum, np.ndarray) and np.any(momentum == 0) else None
        self.keep = 1 - h["dampening"]
        self.nesterov = h["nesterov"]

    def _init_extra(self, params: np.ndarray, state: dict[str, Any]) -> None:
        state["momentum_buffer"] = None
        if not isinstance(self.h["momentum"], np.ndarray) and not isinstance(self.h["dampening"], np.ndarray):
            state["_kernel"] = self._kernel(params.shape)

    def _kernel(self, shape: tuple[int, ...]) -> Callable[..., None]:
        """`_update` for scalar momentum and dampening, its constants and buffers bound (same arithmetic)."""
        add, multiply, subtract = np.add, np.multiply, np.subtract
        maximize, nesterov, with_momentum = self.maximize, self.nesterov, self.momentum is not None
        momentum = np.array(self.momentum if with_momentum else 0.0)
        keep = np.array(self.keep)
        lr = _operand(self.lr, shape)
        weight_decay = None if self.weight_decay is None else _operand(self.weight_decay, shape)
        gradient, work = np.empty(shape), np.empty(shape)

        def update(params, grads, state, out):
            state["step"] += 1
            if maximize:
                grads = np.negative(grads, gradient)
            if weight_decay is not None:
                grads = add(grads, multiply(weight_decay, params, work), gradient)
            direction = grads
            if with_momentum:
                buffer = state["momentum_buffer"]
                if buffer is None:
                    # The buffer starts as the raw gradient: no dampening on the first step.
                    buffer = state["momentum_buffer"] = grads.copy()
                else:
                    multiply(buffer, momentum, buffer)
                    add(buffer, multiply(keep, grads, work), buffer)
                direction = add(grads, multiply(momentum, buffer, work), work) if nesterov else buffer
            subtract(params, multiply(lr, direction, work), out)

        return update

    def _update(self, params, grads, state, out):
        grads = self._begin(params, grads, state)
        momentum = self.momentum
        if momentum is not None:
            buffer = state["momentum_buffer"]
            if buffer is None:
                # The buffer starts as the raw gradient: no dampening on the first step.
                buffer = state["momentum_buffer"] = grads.copy()
            else:
                buffer *= momentum
                buffer += self.keep * grads
            direction = grads + momentum * buffer if self.nesterov else buffer
            if self.without_momentum is not None:
                direction = np.where(self.without_momentum, grads, direction)
            grads = direction
        np.subtract(params, self.lr * grads, out=out)


class Adagrad(Optimizer):
    name = "adagrad"

    def _prepare(self) -> None:
        self.lr_decay = self.h["lr_decay"]
        self.eps = self.h["eps"]

    def _init_extra(self, params, state):
        state["sum"] = np.zeros_like(params) + self.h["initial_accumulator_value"]
        if not isinstance(self.lr_decay, np.ndarray):
            state["_kernel"] = self._kernel(params.shape, state)

    def _kernel(self, shape: tuple[int, ...], state: dict[str, Any]) -> Callable[..., None]:
        """`_update` for a scalar lr_decay, its constants and buffers bound (same arithmetic)."""
        add, subtract, multiply, divide, sqrt = np.add, np.subtract, np.multiply, np.divide, np.sqrt
        maximize, lr, lr_decay = self.maximize, _single(self.lr), self.lr_decay
        scalar_lr = isinstance(lr, float)
        lr_op, eps = _operand(lr, shape), _operand(self.eps, shape)
        weight_decay = None if self.weight_decay is None else _operand(self.weight_decay, shape)
        total = state["sum"]
        gradient, work, std = np.empty(shape), np.empty(shape), np.empty(shape)
        clr, decay = (np.empty(()) if scalar_lr else np.empty(shape)), np.empty(())

        def update(params, grads, state, out):
            t = state["step"] = state["step"] + 1
            if maximize:
                grads = np.negative(grads, gradient)
            if weight_decay is not None:
                grads = add(grads, multiply(weight_decay, params, work), gradient)
            if scalar_lr:
                clr[()] = lr / (1 + (t - 1) * lr_decay)
            else:
                decay[()] = 1 + (t - 1) * lr_decay
                divide(lr_op, decay, clr)
            add(total, multiply(grads, grads, work), total)
            add(sqrt(total, std), eps, std)
            divide(clr, std, state["effective_lr"])
            subtract(params, multiply(clr, divide(grads, std, work), work), out)

        return update

    def _update(self, params, grads, state, out):
        grads = self._begin(params, grads, state)
        clr = self.lr / (1 + (state["step"] - 1) * self.lr_decay)
        total = state["sum"]
        total += grads * grads
        std = np.sqrt(total)
        std += self.eps
        np.divide(clr, std, out=state["effective_lr"])
        np.subtract(params, clr * (grads / std), out=out)


class RMSprop(Optimizer):
    name = "rmsprop"
    buffers = ("square_avg",)

    def _prepare(self) -> None:
        h = self.h
        self.alpha, self.eps, self.centered = h["alpha"], h["eps"], h["centered"]
        self.momentum = h["momentum"] if _any_nonzero(h["momentum"]) else None

    def _init_extra(self, params, state):
        if self.centered:
            state["grad_avg"] = np.zeros_like(params)
        if self.momentum is not None:
            state["momentum_buffer"] = np.zeros_like(params)
        if not any(isinstance(self.h[field], np.ndarray) for field in ("alpha", "momentum")):
            state["_kernel"] = self._kernel(params.shape, state)

    def _kernel(self, shape: tuple[int, ...], state: dict[str, Any]) -> Callable[..., None]:
        """`_update` for scalar alpha and momentum, its constants and buffers bound (same arithmetic)."""
        add, subtract, multiply, divide, sqrt = np.add, np.subtract, np.multiply, np.divide, np.sqrt
        alpha, weight = self.alpha, 1 - self.alpha
        alpha_op, one_minus_alpha, weight_op, rest = np.array(alpha), np.array(1 - alpha), np.array(weight), np.array(1 - weight)
        maximize, centered, with_momentum = self.maximize, self.centered, self.momentum is not None
        momentum = np.array(self.momentum if with_momentum else 0.0)
        lr, eps = _operand(self.lr, shape), _operand(self.eps, shape)
        weight_decay = None if self.weight_decay is None else _operand(self.weight_decay, shape)
        square_avg, grad_avg, buffer = state["square_avg"], state.get("grad_avg"), state.get("momentum_buffer")
        gradient, work, avg = np.empty(shape), np.empty(shape), np.empty(shape)

        def update(params, grads, state, out):
            state["step"] += 1
            if maximize:
                grads = np.negative(grads, gradient)
            if weight_decay is not None:
                grads = add(grads, multiply(weight_decay, params, work), gradient)
            multiply(square_avg, alpha_op, square_avg)
            add(square_avg, multiply(one_minus_alpha, multiply(grads, grads, work), work), square_avg)
            if centered:
                subtract(grads, grad_avg, work)  # grad_avg lerps towards the gradient, rounded as torch.lerp
                if weight < 0.5:
                    add(grad_avg, multiply(weight_op, work, work), grad_avg)
                else:
                    subtract(grads, multiply(work, rest, work), grad_avg)
                sqrt(subtract(square_avg, multiply(grad_avg, grad_avg, avg), avg), avg)
            else:
                sqrt(square_avg, avg)
            add(avg, eps, avg)
            divide(lr, avg, state["effective_lr"])
            if with_momentum:
                multiply(buffer, momentum, buffer)
                add(buffer, divide(grads, avg, work), buffer)
                subtract(params, multiply(lr, buffer, work), out)
            else:
                subtract(params, multiply(lr, divide(grads, avg, work), work), out)

        return update

    def _update(self, params, grads, state, out):
        grads = self._begin(params, grads, state)
        alpha = self.alpha
        square_avg = state["square_avg"]
        square_avg *= alpha
        square_avg += (1 - alpha) * (grads * grads)
        if self.centered:
            grad_avg = state["grad_avg"]
            _lerp(grad_avg, grads, 1 - alpha)
            avg = np.sqrt(square_avg - grad_avg * grad_avg)
        else:
            avg = np.sqrt(square_avg)
        avg += self.eps
        np.divide(self.lr, avg, out=state["effective_lr"])
        if self.momentum is not None:
            buffer = state["momentum_buffer"]
            buffer *= self.momentum
            buffer += grads / avg
            np.subtract(params, self.lr * buffer, out=out)
        else:
            np.subtract(params, self.lr * (grads / avg), out=out)


class Adam(Optimizer):
    name = "adam"
    buffers = ("exp_avg", "exp_avg_sq")
    decoupled = False

    def _prepare(self) -> None:
        h = self.h
        self.beta1, self.beta2 = h["betas"]
        self.eps, self.amsgrad, self.keras = h["eps"], h["amsgrad"], h["keras_eps"]
        self.correct_m = h["bias_correction"] in ("both", "m")
        self.correct_v = h["bias_correction"] in ("both", "v")
        if self.decoupled or h.values.get("decoupled_weight_decay"):
            # Decoupled decay shrinks the weights instead of adding to the gradient.
            self.shrink = None if self.weight_decay is None else 1 - self.lr * self.weight_decay
            self.weight_decay = None
        else:
            self.shrink = None

    def _init_extra(self, params, state):
        if self.amsgrad:
            state["max_exp_avg_sq"] = np.zeros_like(params)
        if isinstance(self.beta1, float) and isinstance(self.beta2, float):
            state["_kernel"] = self._kernel(params.shape, state)

    def _kernel(self, shape: tuple[int, ...], state: dict[str, Any]) -> Callable[..., None]:
        """`_update` for scalar betas with every constant and buffer bound up front.

        The same operations in the same order as `_update` (so the same
        rounding), in about a dozen ufunc calls a step and no allocation:
        with a handful of runs the cost of a step is the number of NumPy
        calls, not the arithmetic.
        """
        add, subtract, multiply, divide, sqrt = np.add, np.subtract, np.multiply, np.divide, np.sqrt
        beta1, beta2 = self.beta1, self.beta2
        update_moments = _moments_updater(shape, state, beta1, beta2)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        denom, gradient, shrunk = np.empty(shape), np.empty(shape), np.empty(shape)
        maximize, keras = self.maximize, self.keras
        correct_m, correct_v = self.correct_m, self.correct_v
        max_exp_avg_sq = state.get("max_exp_avg_sq")
        weight_decay = None if self.weight_decay is None else _operand(self.weight_decay, shape)
        shrink = None if self.shrink is None else _operand(self.shrink, shape)
        eps = _operand(self.eps, shape)
        lr = _single(self.lr)
        scalar_lr = isinstance(lr, float)
        lr_op = _operand(lr, shape)
        step_size = np.empty(()) if scalar_lr else np.empty(shape)
        if not scalar_lr and not correct_m and not keras:
            step_size = lr_op
        correction, root_op = np.empty(()), np.empty(())

        def update(params, grads, state, out):
            t = state["step"] = state["step"] + 1
            if maximize:
                grads = np.negative(grads, gradient)
            if weight_decay is not None:
                grads = add(grads, multiply(weight_decay, params, denom), gradient)
            if shrink is not None:
                params = multiply(params, shrink, shrunk)
            update_moments(grads)
            second = exp_avg_sq if max_exp_avg_sq is None else np.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)
            sqrt(second, denom)
            root = math.sqrt(1 - beta2**t) if correct_v else 1.0
            if scalar_lr:
                size = lr / (1 - beta1**t) if correct_m else lr
                step_size[()] = size * root if keras else size
            elif correct_m or keras:
                correction[()] = 1 - beta1**t
                source = divide(lr_op, correction, step_size) if correct_m else lr_op
                if keras:
                    root_op[()] = root
                    multiply(source, root_op, step_size)
            if correct_v and not keras:
                root_op[()] = root
                divide(denom, root_op, denom)
            add(denom, eps, denom)
            effective_lr = divide(step_size, denom, state["effective_lr"])
            subtract(params, multiply(effective_lr, exp_avg, denom), out)

        return update

    def _update(self, params, grads, state, out):
        grads = self._begin(params, grads, state)
        if self.shrink is not None:
            params = params * self.shrink
        t = state["step"]
        beta1, beta2 = self.beta1, self.beta2
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        _lerp(exp_avg, grads, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * (grads * grads)
        if self.amsgrad:
            # The maximum is kept of the raw (uncorrected) second moment, as torch does.
            second = np.maximum(state["max_exp_avg_sq"], exp_avg_sq, out=state["max_exp_avg_sq"])
        else:
            second = exp_avg_sq
        step_size = self.lr / (1 - _power(beta1, t)) if self.correct_m else self.lr
        denom = np.sqrt(second)
        if self.correct_v:
            # math.sqrt for scalar betas: np.sqrt on a Python float costs more than the arithmetic.
            root = math.sqrt(1 - beta2**t) if isinstance(beta2, float) else np.sqrt(1 - _power(beta2, t))
            if self.keras:
                step_size = step_size * root
            else:
                denom /= root
        denom += self.eps
        effective_lr = np.divide(step_size, denom, out=state["effective_lr"])
        np.subtract(params, np.multiply(effective_lr, exp_avg, out=denom), out=out)


class AdamW(Adam):
    name = "adamw"
    decoupled = True


class Adamax(Optimizer):
    name = "adamax"
    buffers = ("exp_avg", "exp_inf")

    def _prepare(self) -> None:
        (self.beta1, self.beta2), self.eps = self.h["betas"], self.h["eps"]

    def _init_extra(self, params, state):
        if isinstance(self.beta1, float) and isinstance(self.beta2, float):
            state["_kernel"] = self._kernel(params.shape, state)

    def _kernel(self, shape: tuple[int, ...], state: dict[str, Any]) -> Callable[..., None]:
        """`_update` for scalar betas, its constants and buffers bound (same arithmetic)."""
        add, subtract, multiply, divide = np.add, np.subtract, np.multiply, np.divide
        beta1, weight = self.beta1, 1 - self.beta1
        weight_op, rest, beta2 = np.array(weight), np.array(1 - weight), np.array(self.beta2)
        maximize, lr = self.maximize, _single(self.lr)
        scalar_lr = isinstance(lr, float)
        lr_op, eps = _operand(lr, shape), _operand(self.eps, shape)
        weight_decay = None if self.weight_decay is None else _operand(self.weight_decay, shape)
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        gradient, work = np.empty(shape), np.empty(shape)
        clr, correction = (np.empty(()) if scalar_lr else np.empty(shape)), np.empty(())

        def update(params, grads, state, out):
            t = state["step"] = state["step"] + 1
            if maximize:
                grads = np.negative(grads, gradient)
            if weight_decay is not None:
                grads = add(grads, multiply(weight_decay, params, work), gradient)
            subtract(grads, exp_avg, work)  # exp_avg lerps towards the gradient, rounded as torch.lerp
            if weight < 0.5:
                add(exp_avg, multiply(weight_op, work, work), exp_avg)
            else:
                subtract(grads, multiply(work, rest, work), exp_avg)
            multiply(exp_inf, beta2, exp_inf)
            np.maximum(exp_inf, add(np.absolute(grads, work), eps, work), out=exp_inf)  # eps inside the max
            if scalar_lr:
                clr[()] = lr / (1 - beta1**t)
            else:
                correction[()] = 1 - beta1**t
                divide(lr_op, correction, clr)
            divide(clr, exp_inf, state["effective_lr"])
            subtract(params, multiply(clr, divide(exp_avg, exp_inf, work), work), out)

        return update

    def _update(self, params, grads, state, out):
        grads = self._begin(params, grads, state)
        exp_avg, exp_inf = state["exp_avg"], state["exp_inf"]
        _lerp(exp_avg, grads, 1 - self.beta1)
        exp_inf *= self.beta2
        # eps goes inside the max, as in torch.
        np.maximum(exp_inf, np.abs(grads) + self.eps, out=exp_inf)
        clr = self.lr / (1 - _power(self.beta1, state["step"]))
        np.divide(clr, exp_inf, out=state["effective_lr"])
        np.subtract(params, clr * (exp_avg / exp_inf), out=out)


class NAdam(Optimizer):
    name = "nadam"
    buffers = ("exp_avg", "exp_avg_sq")

    def _prepare(self) -> None:
        h = self.h
        (self.beta1, self.beta2), self.eps = h["betas"], h["eps"]
        self.momentum_decay = h["momentum_decay"]
        if h["decoupled_weight_decay"]:
            self.shrink = None if self.weight_decay is None else 1 - self.lr * self.weight_decay
            self.weight_decay = None
        else:
            self.shrink = None

    def _init_extra(self, params, state):
        # torch keeps the product of the momentum schedule in a float32 tensor.
        state["mu_product"] = np.float32(1.0)
        if not any(isinstance(value, np.ndarray) for value in (self.beta1, self.beta2, self.momentum_decay)):
            state["_kernel"] = self._kernel(params.shape, state)

    def _kernel(self, shape: tuple[int, ...], state: dict[str, Any]) -> Callable[..., None]:
        """`_update` for scalar betas and momentum decay, its constants and buffers bound (same arithmetic)."""
        add, multiply, divide, sqrt = np.add, np.multiply, np.divide, np.sqrt
        beta1, beta2, momentum_decay = self.beta1, self.beta2, self.momentum_decay
        update_moments = _moments_updater(shape, state, beta1, beta2)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        maximize, lr = self.maximize, _single(self.lr)
        scalar_lr = isinstance(lr, float)
        lr_op, eps = _operand(lr, shape), _operand(self.eps, shape)
        negative_lr = np.negative(lr_op)
        weight_decay = None if self.weight_decay is None else _operand(self.weight_decay, shape)
        shrink = None if self.shrink is None else _operand(self.shrink, shape)
        gradient, shrunk, denom, first, second = (np.empty(shape) for _ in range(5))
        correction = np.empty(())
        current, following = (np.empty(()), np.empty(())) if scalar_lr else (np.empty(shape), np.empty(shape))
        current_scale, following_scale = np.empty(()), np.empty(())

        def update(params, grads, state, out):
            t = state["step"] = state["step"] + 1
            if maximize:
                grads = np.negative(grads, gradient)
            if weight_decay is not None:
                grads = add(grads, multiply(weight_decay, params, denom), gradient)
            if shrink is not None:
                params = multiply(params, shrink, shrunk)
            mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))
            mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
            mu_product32 = state["mu_product"] = state["mu_product"] * np.float32(mu)
            mu_product = float(mu_product32)
            update_moments(grads)
            correction[()] = 1 - beta2**t
            sqrt(divide(exp_avg_sq, correction, denom), denom)
            add(denom, eps, denom)
            divide(lr_op, denom, state["effective_lr"])
            # The two step sizes, (-lr*(1-mu))/(1-prod) and (-lr*mu_next)/(1-prod*mu_next), in torch's order.
            if scalar_lr:
                current[()] = -lr * (1.0 - mu) / (1.0 - mu_product)
                following[()] = (-lr * mu_next) / (1.0 - mu_product * mu_next)
            else:
                current_scale[()], following_scale[()] = 1.0 - mu, mu_next
                divide(multiply(negative_lr, current_scale, current), 1.0 - mu_product, current)
                divide(multiply(negative_lr, following_scale, following), 1.0 - mu_product * mu_next, following)
            add(params, multiply(current, divide(grads, denom, first), first), first)
            add(first, multiply(following, divide(exp_avg, denom, second), second), out)

        return update

    def _update(self, params, grads, state, out):
        grads = self._begin(params, grads, state)
        if self.shrink is not None:
            params = params * self.shrink
        lr, beta1, beta2 = self.lr, self.beta1, self.beta2
        t = state["step"]
        mu = beta1 * (1.0 - 0.5 * _power(0.96, t * self.momentum_decay))
        mu_next = beta1 * (1.0 - 0.5 * _power(0.96, (t + 1) * self.momentum_decay))
        state["mu_product"] = state["mu_product"] * np.asarray(mu, dtype=np.float32)
        mu_product = np.asarray(state["mu_product"], dtype=np.float64)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        _lerp(exp_avg, grads, 1 - beta1)
        exp_avg_sq *= beta2
        exp_avg_sq += (1 - beta2) * (grads * grads)
        denom = np.sqrt(exp_avg_sq / (1 - _power(beta2, t))) + self.eps
        np.divide(lr, denom, out=state["effective_lr"])
        params = params + (-lr * (1.0 - mu) / (1.0 - mu_product)) * (grads / denom)
        np.add(params, ((-lr * mu_next) / (1.0 - mu_product * mu_next)) * (exp_avg / denom), out=out)


CLASSES: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Adagrad, RMSprop, Adam, AdamW, Adamax, NAdam)
}
assert tuple(CLASSES) == NAMES or set(CLASSES) == set(NAMES)


def create(name: str, **hparams: Any) -> Optimizer:
    """An optimizer by torch.optim name; raises SimulationError naming the field at fault."""
    _spec(name)
    return CLASSES[name](**hparams)


__all__ = ["NAMES", "HELP", "Optimizer", "create", "checked_values", "defaults", "SimulationError"]
