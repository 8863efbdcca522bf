"""Plain-Python optimizers, one coordinate at a time, written from the published algorithms.

Sources: the pseudo-code of each class in the torch.optim documentation, and
Kingma & Ba 2015, Algorithm 1 (Adam), with torch's defaults. They are slow
and obvious on purpose: the batched NumPy engine is tested against them.
"""

from __future__ import annotations

import math
from typing import Callable

Grad = Callable[[list[float]], list[float]]

DEFAULTS = {
    "sgd": dict(lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False),
    "adagrad": dict(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10, maximize=False),
    "rmsprop": dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False, maximize=False),
    "adam": dict(
        lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, maximize=False,
        decoupled_weight_decay=False, bias_correction="both", keras_eps=False,
    ),
    "adamax": dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False),
    "nadam": dict(
        lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
        decoupled_weight_decay=False, maximize=False,
    ),
}
DEFAULTS["adamw"] = {**DEFAULTS["adam"], "weight_decay": 1e-2, "decoupled_weight_decay": True}


def trajectory(name: str, hparams: dict, grad: Grad, start: list[float], steps: int) -> list[list[float]]:
    """The parameters at the start and after each of `steps` steps."""
    h = {**DEFAULTS[name], **hparams}
    if name == "adam" and hparams.get("keras_eps") and "eps" not in hparams:
        h["eps"] = 1e-7
    x = list(start)
    n = len(x)
    points = [list(x)]
    m = [0.0] * n  # first moment / momentum buffer
    v = [0.0] * n  # second moment / square average / accumulator / infinity norm
    v_max = [0.0] * n
    g_avg = [0.0] * n
    if name == "adagrad":
        v = [h["initial_accumulator_value"]] * n
    mu_product = 1.0
    for t in range(1, steps + 1):
        g = grad(x)
        if h["maximize"]:
            g = [-gi for gi in g]
        lr, wd = h["lr"], h["weight_decay"]
        decoupled = h.get("decoupled_weight_decay", False)
        if wd and decoupled:
            x = [xi * (1 - lr * wd) for xi in x]
        elif wd:
            g = [gi + wd * xi for gi, xi in zip(g, x)]
        if name == "sgd":
            mom = h["momentum"]
            if mom:
                m = list(g) if t == 1 else [mom * mi + (1 - h["dampening"]) * gi for mi, gi in zip(m, g)]
                g = [gi + mom * mi for gi, mi in zip(g, m)] if h["nesterov"] else list(m)
            x = [xi - lr * gi for xi, gi in zip(x, g)]
        elif name == "adagrad":
            step_lr = lr / (1 + (t - 1) * h["lr_decay"])
            v = [vi + gi * gi for vi, gi in zip(v, g)]
            x = [xi - step_lr * gi / (math.sqrt(vi) + h["eps"]) for xi, gi, vi in zip(x, g, v)]
        elif name == "rmsprop":
            a = h["alpha"]
            v = [a * vi + (1 - a) * gi * gi for vi, gi in zip(v, g)]
            if h["centered"]:
                g_avg = [a * ai + (1 - a) * gi for ai, gi in zip(g_avg, g)]
                denom = [math.sqrt(vi - ai * ai) + h["eps"] for vi, ai in zip(v, g_avg)]
            else:
                denom = [math.sqrt(vi) + h["eps"] for vi in v]
            if h["momentum"] > 0:
                m = [h["momentum"] * mi + gi / di for mi, gi, di in zip(m, g, denom)]
                x = [xi - lr * mi for xi, mi in zip(x, m)]
            else:
                x = [xi - lr * gi / di for xi, gi, di in zip(x, g, denom)]
        elif name in ("adam", "adamw"):
            b1, b2 = h["betas"]
            m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
            v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
            v_max = [max(a, b) for a, b in zip(v_max, v)]
            second = v_max if h["amsgrad"] else v
            c1 = 1 - b1**t if h["bias_correction"] in ("both", "m") else 1.0
            c2 = 1 - b2**t if h["bias_correction"] in ("both", "v") else 1.0
            if h["keras_eps"]:
                # Kingma & Ba's "more efficient" ordering: lr_t = lr sqrt(c2) / c1, eps on sqrt(v).
                lr_t = lr * math.sqrt(c2) / c1
                x = [xi - lr_t * mi / (math.sqrt(si) + h["eps"]) for xi, mi, si in zip(x, m, second)]
            else:
                x = [xi - lr * (mi / c1) / (math.sqrt(si / c2) + h["eps"]) for xi, mi, si in zip(x, m, second)]
        elif name == "adamax":
            b1, b2 = h["betas"]
            m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
            v = [max(b2 * ui, abs(gi) + h["eps"]) for ui, gi in zip(v, g)]
            x = [xi - lr / (1 - b1**t) * mi / ui for xi, mi, ui in zip(x, m, v)]
        elif name == "nadam":
            b1, b2 = h["betas"]
            psi = h["momentum_decay"]
            mu = b1 * (1 - 0.5 * 0.96 ** (t * psi))
            mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi))
            mu_product *= mu
            m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
            v = [b2 * vi + (1 - b2) * gi * gi for vi, gi in zip(v, g)]
            x = [
                xi
                - lr * (1 - mu) / (1 - mu_product) * gi / (math.sqrt(vi / (1 - b2**t)) + h["eps"])
                - lr * mu_next / (1 - mu_product * mu_next) * mi / (math.sqrt(vi / (1 - b2**t)) + h["eps"])
                for xi, gi, mi, vi in zip(x, g, m, v)
            ]
        else:
            raise ValueError(name)
        points.append(list(x))
    return points
