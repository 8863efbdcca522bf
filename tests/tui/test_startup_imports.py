"""Start-up stays light: the first screen appears without numpy or plotext imported."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

PROBE = textwrap.dedent(
    """
    import asyncio, json, sys
    sys.path.insert(0, {root!r})
    from tests.tui.conftest import make_app, make_deck, open_progress

    async def main():
        deck = make_deck()
        with open_progress({data!r}, deck) as progress:
            app = make_app(deck, progress)
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                home = type(app.screen).__name__
                loaded = sorted(m for m in ("numpy", "plotext", "textual_plotext") if m in sys.modules)
        print(json.dumps({{"screen": home, "loaded": loaded}}))

    asyncio.run(main())
    """
)


def test_home_appears_without_importing_numpy_or_plotext(tmp_path: Path):
    root = str(Path(__file__).resolve().parents[2])
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(root=root, data=str(tmp_path))],
        capture_output=True, text=True, timeout=120, cwd=root,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"screen": "HomeScreen", "loaded": []}
