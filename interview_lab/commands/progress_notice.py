"""Opening the progress database from a command: a database moved aside is always reported."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator


@contextmanager
def open_progress(data_dir: Path, deck: Any) -> Iterator[Any]:
    """Progress.open, telling the user on stderr where a broken database went (it is never overwritten)."""
    from interview_lab.review import Progress

    with Progress.open(data_dir, deck) as progress:
        if progress.moved_aside is not None:
            print(
                f"interview-lab: {progress.db_path} was not a valid progress database "
                f"({progress.moved_aside_reason}); it was moved to {progress.moved_aside} and a new one was started.",
                file=sys.stderr,
            )
        yield progress
