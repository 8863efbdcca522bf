"""Claim semantics on hand-built trajectories: what each kind of claim promises."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from interview_lab.content.model import Claim, frozen_mapping
from interview_lab.experiments.claims import ClaimError, evaluate, evaluate_all


@dataclass
class Trajectory:
    labels: tuple
    steps: np.ndarray
    loss: np.ndarray
    params: np.ndarray
    diverged_at: np.ndarray
    effective_lr: np.ndarray


@pytest.fixture
def trajectory():
    # run "fast" halves its loss every step; "slow" loses 10% a step; "boom" explodes at step 3.
    steps = np.arange(6)
    fast = 1.0 * 0.5 ** steps
    slow = 1.0 * 0.9 ** steps
    boom = np.array([1.0, 10.0, 1e3, np.inf, np.inf, np.inf])
    loss = np.stack([fast, slow, boom], axis=1)
    params = np.zeros((6, 3, 2))
    params[-1, 0] = [0.01, -0.5]
    eff = np.full((6, 3, 2), np.nan)
    eff[:, 0, 0], eff[:, 0, 1] = 0.1, 0.01
    eff[2, 0, 1] = 0.5  # at step 2 only, x[1]'s rate is the larger one
    return Trajectory(("fast", "slow", "boom"), steps, loss, params, np.array([-1, -1, 3]), eff)


def claim(kind, **args):
    return Claim(says=f"{kind} claim", kind=kind, args=frozen_mapping(args))


@pytest.mark.parametrize(
    "kind,args,held",
    [
        ("final_loss_below", dict(run="fast", value=0.05), True),
        ("final_loss_below", dict(run="slow", value=0.05), False),
        ("final_loss_below", dict(run="boom", value=1e9), False),
        ("final_loss_above", dict(run="boom", value=1e9), True),
        ("final_loss_above", dict(run="fast", value=0.05), False),
        ("best_loss_below", dict(run="boom", value=1.5), True),
        ("best_loss_below", dict(run="slow", value=0.5), False),  # best is 0.9**5 = 0.59
        ("best_loss_below", dict(run="boom", value=1.0), False),  # never below its start; inf is not "best"
        ("best_loss_above", dict(run="slow", value=0.5), True),
        ("best_loss_above", dict(run="fast", value=0.5), False),
        ("loss_below_run", dict(run="fast", other="slow"), True),
        ("loss_below_run", dict(run="slow", other="fast"), False),
        ("loss_below_run", dict(run="fast", other="slow", factor=0.01), False),
        ("loss_below_run", dict(run="slow", other="boom"), True),
        ("reaches_loss", dict(run="fast", value=0.2), True),
        ("reaches_loss", dict(run="fast", value=0.2, within=2), False),
        ("reaches_loss", dict(run="boom", value=0.2), False),
        ("reaches_before", dict(run="fast", other="slow", value=0.7), True),
        ("reaches_before", dict(run="slow", other="fast", value=0.7), False),
        ("reaches_before", dict(run="slow", other="boom", value=0.7), True),
        ("diverges", dict(run="boom"), True),
        ("diverges", dict(run="boom", within=2), False),
        ("diverges", dict(run="fast"), False),
        ("stays_finite", dict(run="fast"), True),
        ("stays_finite", dict(run="boom"), False),
        ("param_final_between", dict(run="fast", index=1, low=-1, high=0), True),
        ("param_final_between", dict(run="fast", index=0, low=0.5, high=1), False),
        ("param_final_between", dict(run="fast", index=0, low=-1, high=0.005), False),  # 0.01 is above high
        ("param_final_between", dict(run="fast", index=0, low=0.01, high=0.01), True),  # bounds included
        ("effective_lr_above", dict(run="fast", param=0, than_param=1, factor=5), True),
        ("effective_lr_above", dict(run="fast", param=0, than_param=1, factor=20), False),  # 0.1 < 20 * 0.01
        ("effective_lr_above", dict(run="fast", param=0, than_param=1, at=2), False),  # 0.1 < 0.5 at step 2
        ("effective_lr_above", dict(run="fast", param=1, than_param=0, at=2), True),
        ("effective_lr_above", dict(run="fast", param=1, than_param=0), False),
        ("effective_lr_above", dict(run="fast", param=0, than_run="slow"), False),
    ],
)
def test_claim_kinds(trajectory, kind, args, held):
    result = evaluate(claim(kind, **args), trajectory)
    assert result.held is held, result.measured
    assert result.measured


def test_measured_text_names_the_numbers(trajectory):
    result = evaluate(claim("final_loss_below", run="slow", value=0.05), trajectory)
    assert "slow" in result.measured and "0.59" in result.measured and "0.05" in result.measured
    boom = evaluate(claim("diverges", run="boom"), trajectory)
    assert "diverged at step 3" in boom.measured


def test_an_absent_run_is_an_error_not_a_verdict(trajectory):
    with pytest.raises(ClaimError, match="no run labelled 'adam'"):
        evaluate(claim("stays_finite", run="adam"), trajectory)
    [result] = evaluate_all([claim("stays_finite", run="adam")], trajectory)
    assert not result.held and "adam" in result.measured


def test_final_loss_of_a_diverged_run_is_infinite(trajectory):
    result = evaluate(claim("loss_below_run", run="boom", other="slow"), trajectory)
    assert not result.held and "inf (diverged)" in result.measured


def test_the_loader_accepts_exactly_the_claim_kinds_we_can_check():
    from interview_lab.content.validate import CLAIM_FIELDS
    from interview_lab.experiments.claims import CHECKS

    assert set(CLAIM_FIELDS) == set(CHECKS)
