"""`check --experiments`: run every experiment of a deck and check its claims.

Problems are reported like the loader's, naming the file, the line and the
field, so a failing claim reads like any other content error.
"""

from __future__ import annotations

from interview_lab.content.model import Deck, Experiment, Problem, SourceRef
from interview_lab.experiments.claims import evaluate_all
from interview_lab.experiments.runner import plain, run_experiment


def where(source: SourceRef | None, fallback: str) -> tuple[str, int | None]:
    return (source.file, source.line) if source else (fallback, None)


def setup_problems(experiment: Experiment, field: str, file: str, line: int | None) -> list[Problem]:
    """Surface and hyper-parameter errors, each pinned to the run or field at fault."""
    from interview_lab.sim import SimulationError, optimizers, surfaces

    problems = []
    try:
        surfaces.create(experiment.surface.name, **plain(dict(experiment.surface.params)))
    except SimulationError as error:
        problems.append(Problem(file, line, f"{field}.surface", str(error)))
    for index, run in enumerate(experiment.runs):
        try:
            optimizers.create(run.optimizer, **plain(dict(run.hparams)))
        except SimulationError as error:
            problems.append(Problem(file, line, f"{field}.runs[{index}]", str(error)))
    return problems


def check_experiment(experiment: Experiment, field: str, fallback_file: str) -> list[Problem]:
    from interview_lab.sim import SimulationError

    file, line = where(experiment.source, fallback_file)
    problems = setup_problems(experiment, field, file, line)
    if problems:
        return problems
    try:
        trajectory = run_experiment(experiment)
    except SimulationError as error:
        return [Problem(file, line, field, str(error))]
    for index, result in enumerate(evaluate_all(experiment.claims, trajectory)):
        if not result.held:
            claim_file, claim_line = where(result.claim.source, file)
            problems.append(
                Problem(
                    claim_file,
                    claim_line if claim_line is not None else line,
                    f"{field}.claims[{index}]",
                    f"claim does not hold: {result.claim.says!r}: {result.measured}",
                )
            )
    return problems


def check_experiments(deck: Deck) -> list[Problem]:
    """Every problem found by running the deck's experiments (empty when all claims hold)."""
    problems: list[Problem] = []
    for topic in deck.topics:
        for experiment in topic.experiments:
            # Named by id: the loader may have dropped a broken experiment before this one.
            problems += check_experiment(experiment, f"experiments[id={experiment.id}]", topic.source_file)
    return problems
