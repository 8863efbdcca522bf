"""`interview-lab check --experiments` runs the real simulator and reports claims."""

from __future__ import annotations

import json

import pytest

from interview_lab.cli import main

TOPIC = """\
id: ravine
title: A ravine
track: test
summary: SGD against Adam in a narrow valley.
theory: Short.
experiments:
  - id: ravine-race
    title: Race
    surface: {{name: quadratic, curvatures: [1, 100]}}
    start: [-4.0, 1.0]
    steps: 300
    runs:
      - {{label: sgd, optimizer: sgd, lr: 0.015}}
      - {{label: adam, optimizer: adam, lr: 0.1}}
      - {{label: wild, optimizer: sgd, lr: 0.05}}
    claims:
      - says: Adam ends far below SGD
        kind: loss_below_run
        run: adam
        other: sgd
        factor: {factor}
      - says: SGD with lr above 2/L diverges
        kind: diverges
        run: wild
"""


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_LAB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("INTERVIEW_LAB_CONTENT", raising=False)


def write_deck(tmp_path, factor):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "ravine.yaml").write_text(TOPIC.format(factor=factor), encoding="utf-8")
    return deck


def test_claims_that_hold_pass(tmp_path, capsys):
    deck = write_deck(tmp_path, factor=0.01)
    assert main(["check", "--experiments", str(deck)]) == 0
    assert "no problems" in capsys.readouterr().out.lower()


def test_a_claim_the_simulator_refutes_fails_with_its_numbers(tmp_path, capsys):
    # Adam's final loss is tiny but not 1e-30 times SGD's: the claim must fail.
    deck = write_deck(tmp_path, factor=1e-30)
    assert main(["check", "--experiments", "--json", str(deck)]) == 1
    report = json.loads(capsys.readouterr().out)
    [problem] = report["problems"]
    assert problem["file"].endswith("ravine.yaml")
    assert problem["field"] == "experiments[id=ravine-race].claims[0]"
    assert "Adam ends far below SGD" in problem["message"] and "final loss of adam" in problem["message"]
    assert problem["line"] == 17  # the claim's own line


def test_a_bad_hyper_parameter_names_the_run_and_field(tmp_path, capsys):
    deck = write_deck(tmp_path, factor=0.01)
    path = deck / "ravine.yaml"
    path.write_text(path.read_text().replace("lr: 0.1}", "lr: 0.1, betas: [0.9, 1.5]}"), encoding="utf-8")
    assert main(["check", "--experiments", str(deck)]) == 1
    out = capsys.readouterr().out
    assert "experiments[id=ravine-race].runs[1]" in out and "betas" in out
