"""Install from a wheel: the built-in deck ships inside the package and `check` finds it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OFFLINE_SIGNS = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No address associated with hostname",
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The project built as a wheel and installed (without dependencies) into its own folder."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    source = tmp_path / "src"
    source.mkdir()
    # Build from a copy, so the build leaves nothing behind in the shared working tree.
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "interview_lab", source / "interview_lab", ignore=ignore)
    shutil.copytree(ROOT / "content", source / "content", ignore=ignore)
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run([*pip, "wheel", str(source), "--no-deps", "-w", str(wheels)], capture_output=True, text=True)
    output = built.stderr + built.stdout
    if built.returncode != 0 and any(sign in output for sign in OFFLINE_SIGNS):
        # Only a machine that cannot reach a package index skips; a bad build-system table still fails.
        pytest.skip("the build backend could not be downloaded (no package index reachable)")
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = wheels.glob("*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True)
    return target


def run_installed(installed: Path, tmp_path: Path, script: str) -> subprocess.CompletedProcess:
    # Run from an empty folder, so the checkout cannot be imported by accident.
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(installed), "INTERVIEW_LAB_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("INTERVIEW_LAB_CONTENT", None)
    return subprocess.run([sys.executable, "-c", script], cwd=workdir, env=env, capture_output=True, text=True)


def test_check_finds_the_shipped_deck(installed, tmp_path):
    script = (
        "import json, sys\n"
        "from interview_lab.content.loader import builtin_deck_dir\n"
        "from interview_lab.cli import main\n"
        "print(json.dumps({'deck': str(builtin_deck_dir()), 'package': __import__('interview_lab').__file__}))\n"
        "sys.exit(main(['check', '--json']))\n"
    )
    result = run_installed(installed, tmp_path, script)
    assert result.returncode in (0, 1), result.stderr
    first, _, rest = result.stdout.partition("\n")
    where = json.loads(first)
    report = json.loads(rest)
    assert Path(where["package"]).is_relative_to(installed)
    assert Path(where["deck"]).is_relative_to(installed)
    shipped = sorted(p.stem for p in (ROOT / "content").glob("*.yaml"))
    assert report["files"] == len(shipped) > 0
    assert all(t["builtin"] for t in report["topics"])


def test_paths_names_the_shipped_deck(installed, tmp_path):
    result = run_installed(installed, tmp_path, "from interview_lab import paths; print(paths.builtin_content_dir())")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).is_relative_to(installed)
