"""Write reference trajectories from torch.optim for tests/sim/test_optimizers.py (test_matches_torch_over_500_steps).

Run once, in a separate environment that has torch (torch is never a
dependency of interview-lab):

    python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch numpy
    /tmp/torchenv/bin/python tools/make_torch_reference.py

It writes tests/sim/data/torch_reference.npz: for each (surface, optimizer,
hyper-parameters) the start point and the parameters after every one of
STEPS steps, in float64, with gradients from autograd.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

STEPS = 500
OUT = Path(__file__).resolve().parent.parent / "tests" / "sim" / "data" / "torch_reference.npz"


def quadratic(p: torch.Tensor) -> torch.Tensor:
    return 0.5 * (p[0] ** 2 + 100.0 * p[1] ** 2)


def rosenbrock(p: torch.Tensor) -> torch.Tensor:
    return (1.0 - p[0]) ** 2 + 100.0 * (p[1] - p[0] ** 2) ** 2


SURFACES = {
    "quadratic": (quadratic, [-4.0, 1.0]),
    "rosenbrock": (rosenbrock, [-1.2, 1.0]),
}

CONFIGS: list[tuple[str, dict]] = [
    ("sgd", {"lr": 0.001}),
    ("sgd", {"lr": 0.001, "momentum": 0.9}),
    ("sgd", {"lr": 0.001, "momentum": 0.8, "dampening": 0.5, "weight_decay": 0.01}),
    ("sgd", {"lr": 0.001, "momentum": 0.9, "nesterov": True}),
    ("adagrad", {"lr": 0.1}),
    ("adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.001, "alpha": 0.9, "momentum": 0.9, "centered": True, "weight_decay": 0.01}),
    ("adam", {"lr": 0.01}),
    ("adam", {"lr": 0.01, "amsgrad": True}),
    ("adam", {"lr": 0.01, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ("adam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("adamw", {"lr": 0.01}),
    ("adamw", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1, "betas": (0.5, 0.9)}),
    ("adamax", {"lr": 0.01}),
    ("adamax", {"lr": 0.002, "betas": (0.8, 0.99), "weight_decay": 0.01}),
    ("nadam", {"lr": 0.01}),
    ("nadam", {"lr": 0.01, "weight_decay": 0.01, "momentum_decay": 0.01}),
    ("nadam", {"lr": 0.01, "weight_decay": 0.1, "decoupled_weight_decay": True}),
]

CLASSES = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "adamax": torch.optim.Adamax,
    "nadam": torch.optim.NAdam,
}


def trajectory(loss_fn, start: list[float], name: str, hparams: dict) -> np.ndarray:
    param = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = CLASSES[name]([param], **hparams)
    points = [param.detach().clone().numpy()]
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss_fn(param).backward()
        optimizer.step()
        points.append(param.detach().clone().numpy())
    return np.array(points)


def main() -> None:
    arrays: dict[str, np.ndarray] = {}
    index = []
    for surface, (loss_fn, start) in SURFACES.items():
        for number, (name, hparams) in enumerate(CONFIGS):
            key = f"{surface}_{name}_{number}"
            points = trajectory(loss_fn, start, name, hparams)
            if not np.isfinite(points).all():
                print(f"skipped {key}: not finite")
                continue
            arrays[key] = points
            index.append({"key": key, "surface": surface, "start": start, "optimizer": name, "hparams": hparams})
    arrays["index"] = np.array(json.dumps(index))
    arrays["torch_version"] = np.array(torch.__version__)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {len(index)} trajectories of {STEPS} steps to {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
