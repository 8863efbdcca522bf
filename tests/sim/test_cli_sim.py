"""`interview-lab sim`: the table, the chart's size when piped, JSON, errors and divergence."""

from __future__ import annotations

import json

import pytest

from interview_lab.cli import main


def run_cli(capsys, *argv):
    code = main(["sim", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_run_prints_a_table_and_a_chart_of_the_requested_size(capsys):
    code, out, err = run_cli(
        capsys, "--surface", "rosenbrock", "--optimizer", "adam", "--lr", "0.01", "--steps", "300",
        "--width", "100", "--height", "18",
    )
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "rosenbrock, 300 steps"
    assert lines[1].split()[:3] == ["run", "final", "loss"]
    assert lines[3].startswith("adam ")
    chart = lines[lines.index("") + 1 :]
    assert len(chart) == 18  # stdout is not a terminal here, and the size still holds
    assert max(len(line) for line in chart) == 100
    assert "\x1b[" not in out  # no colour codes into a pipe
    assert "log scale" in out and "1e" in out


def test_several_runs_and_a_divergence_are_reported_without_a_traceback(capsys):
    code, out, err = run_cli(
        capsys, "--surface", "quadratic", "--start", "1/1", "--steps", "200",
        "--run", "adam:lr=0.1", "--run", "sgd:lr=0.03", "--run", "slow=sgd:lr=0.001,momentum=0.9",
    )
    assert code == 0 and err == ""
    rows = {line.split("  ")[0].strip(): line for line in out.splitlines()[3:6]}
    assert set(rows) == {"adam lr=0.1", "sgd lr=0.03", "slow"}
    assert "diverged at step" in rows["sgd lr=0.03"] and " inf " in rows["sgd lr=0.03"]
    assert rows["adam lr=0.1"].rstrip().endswith("ok")
    assert "(diverged at" in out  # the chart's legend says so too


def test_json_gives_the_numbers_with_null_for_a_diverged_loss(capsys):
    code, out, _ = run_cli(
        capsys, "--start", "1/1", "--steps", "100", "--run", "sgd:lr=0.03", "--run", "adam:lr=0.1", "--json",
    )
    assert code == 0
    document = json.loads(out)
    sgd, adam = document["runs"]
    assert sgd["final_loss"] is None and isinstance(sgd["diverged_at"], int)
    assert adam["diverged_at"] is None and adam["final_loss"] < 1e-3
    assert adam["hparams"]["betas"] == [0.9, 0.999]
    assert adam["steps_to_threshold"] <= 100 and len(adam["final_params"]) == 2


def test_an_lr_sweep_gives_one_row_per_rate(capsys):
    code, out, _ = run_cli(capsys, "--optimizer", "adam", "--sweep-lr", "1e-3:1e-1:3", "--json", "--steps", "50")
    assert code == 0
    labels = [run["label"] for run in json.loads(out)["runs"]]
    assert labels == ["adam lr=0.001", "adam lr=0.01", "adam lr=0.1"]


def test_surface_parameters_and_teaching_options_pass_through(capsys):
    code, out, _ = run_cli(
        capsys, "--surface", "reddi", "--param", "constant=3", "--param", "period=3", "--steps", "2000", "--json",
        "--run", "adam:lr=0.05,betas=0/0.1", "--run", "ams=adam:lr=0.05,betas=0/0.1,amsgrad=true",
    )
    assert code == 0
    adam, ams = json.loads(out)["runs"]
    assert adam["final_params"][0] > 0.9 and ams["final_params"][0] < -0.9


@pytest.mark.parametrize(
    "argv,words",
    [
        (["--optimizer", "adam", "--lr", "-1"], "adam: lr must be >= 0, got -1"),
        (["--run", "adam:betas=0.9/1.5"], "adam: betas[1] must be in [0, 1), got 1.5"),
        (["--surface", "moon"], "unknown surface"),
        (["--run", "adamm:lr=0.1"], "adamm: unknown optimizer"),
        (["--run", "adam:lr"], "expected KEY=VALUE"),
        (["--sweep-lr", "1:0.1"], "expected LOW:HIGH:N"),
        (["--steps", "-5"], "steps must be a whole number"),
        (["--steps", "many"], "invalid int value"),
        (["--start", "1/2/3"], "start must have 2 coordinates"),
        (["--width", "3"], "--width must be at least 20"),
        (["--run", "adam:lr=0.1/fast"], "adam: lr must be a number, got 'fast' (run 1)"),
        (["--run", "adam:lr=0.1/0.2/"], "adam: lr must be a number, got '' (run 2)"),
        (["--run", "adam:lr=0.1/true"], "adam: lr must be a number, not true/false"),
        (["--run", "adam:bias_correction=m/v"], "adam: bias_correction must be one of both, none, m, v"),
        (["--sweep-lr", "1e-320:1:3"], "--sweep-lr: LOW must be at least 2.225e-308"),
        (["--sweep-lr", "1e-300:1e300:3"], "--sweep-lr: the range is too wide"),
        (["--run", "adam:lr=1e-320:1:3"], "lr: LOW must be at least"),
        (["--bogus"], "interview-lab sim: error: unrecognized arguments: --bogus"),
        (["extra"], "interview-lab sim: error: unrecognized arguments: extra"),
        (["--steps", "5", "--lr", "0.1", "one", "--two"], "unrecognized arguments: one --two"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(capsys, argv, words):
    with pytest.raises(SystemExit) as caught:
        code = main(["sim", *argv])
        raise SystemExit(code)
    _, err = capsys.readouterr()
    assert caught.value.code == 2
    assert len(err.strip().splitlines()) == 1 and words in err and "Traceback" not in err


def test_a_run_can_sweep_its_learning_rate_and_each_rate_gets_a_row(capsys):
    code, out, _ = run_cli(
        capsys, "--steps", "50", "--json",
        "--run", "adam:lr=1e-3:1e-1:3", "--run", "sgd:lr=0.001/0.01,momentum=0.9",
    )
    assert code == 0
    runs = json.loads(out)["runs"]
    assert [run["label"] for run in runs] == [
        "adam lr=0.001", "adam lr=0.01", "adam lr=0.1", "sgd momentum=0.9 lr=0.001", "sgd momentum=0.9 lr=0.01",
    ]
    assert [run["hparams"]["momentum"] for run in runs[3:]] == [0.9, 0.9]
    assert runs[2]["final_loss"] < runs[0]["final_loss"]  # the rates really differ


def test_a_reversed_run_sweep_is_a_one_line_error(capsys):
    with pytest.raises(SystemExit) as caught:
        raise SystemExit(main(["sim", "--run", "adam:lr=1:0.1:3"]))
    _, err = capsys.readouterr()
    assert caught.value.code == 2 and "lr: need 0 < LOW <= HIGH" in err and len(err.strip().splitlines()) == 1


def test_help_names_every_surface_and_optimizer_and_fits_the_terminal(capsys, monkeypatch):
    from interview_lab.sim import optimizers, surfaces

    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as caught:
        main(["sim", "--help"])
    out, _ = capsys.readouterr()
    assert caught.value.code == 0
    flat = " ".join(out.split())
    assert all(name in flat for name in surfaces.NAMES + optimizers.NAMES)
    assert "adam:lr=1e-4:1:5" in flat and "--sweep-lr" in flat
    assert max(len(line) for line in out.splitlines()) <= 100


def test_a_sweep_up_to_the_top_of_the_float_range_still_runs(capsys):
    code, out, _ = run_cli(capsys, "--sweep-lr", "1e300:1e308:3", "--steps", "1", "--json")
    assert code == 0 and len(json.loads(out)["runs"]) == 3


def test_sweep_rates_are_unchanged():
    from interview_lab.commands.sim import parse_sweep

    ratio = (1 / 1e-3) ** (1 / 3)
    assert parse_sweep("1e-3:1:4") == [1e-3 * ratio**i for i in range(4)]
    assert parse_sweep("0.5:0.5:1") == [0.5]


def test_the_summary_of_a_large_sweep_reads_each_run_once(capsys):
    """The rows equal the trajectory's own helpers, and a sweep of thousands is summarized in linear time."""
    from interview_lab.commands.sim import summary_rows
    from interview_lab.sim import RunConfig, simulate

    trajectory = simulate("quadratic", [RunConfig("adam", "adam", {"lr": [1e-3, 1e-2, 1e-1, 50.0]})], 40, start=[1, 1])
    rows = summary_rows(trajectory, 1e-3)
    for row in rows:
        label = row["label"]
        assert row["final_loss"] == trajectory.final_loss(label)
        assert row["best_loss"] == trajectory.best_loss(label)
        assert row["steps_to_threshold"] == trajectory.steps_to_loss(label, 1e-3)
    code, out, _ = run_cli(capsys, "--sweep-lr", "1e-3:1:3000", "--steps", "1", "--json")
    assert code == 0 and len(json.loads(out)["runs"]) == 3000
