"""Where things live: the built-in deck, user decks, the data and cache folders.

Command-line options win over environment variables, which win over the
platform defaults (platformdirs).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "interview-lab"
DATA_DIR_ENV = "INTERVIEW_LAB_DATA_DIR"
CONTENT_ENV = "INTERVIEW_LAB_CONTENT"
CACHE_DIR_ENV = "INTERVIEW_LAB_CACHE_DIR"


def builtin_content_dir() -> Path:
    """The folder of the built-in deck.

    Installed, it ships inside the package as `builtin_content/` (the repo's
    `content/`, mapped by pyproject.toml); in a source checkout it is `content/`.
    """
    package = Path(__file__).resolve().parent
    shipped = package / "builtin_content"
    return shipped if shipped.is_dir() else package.parent / "content"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The progress folder: `--data-dir`, else $INTERVIEW_LAB_DATA_DIR, else the user data dir."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Derived, disposable files (the deck cache): $INTERVIEW_LAB_CACHE_DIR, else the user cache dir."""
    if os.environ.get(CACHE_DIR_ENV):
        return Path(os.environ[CACHE_DIR_ENV]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def user_decks_dir(data: Path) -> Path:
    """Decks the learner imported (`interview-lab import`); loaded at start."""
    return data / "decks"


def extra_content_dirs(options: list[str] | None = None) -> list[Path]:
    """User decks named by `--content DIR ...` and $INTERVIEW_LAB_CONTENT, in that order."""
    paths = [Path(p).expanduser() for p in options or []]
    env = os.environ.get(CONTENT_ENV, "")
    paths += [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
    return paths


def content_sources(options: list[str] | None = None, data: Path | None = None) -> list[Path]:
    """Every deck location the app loads: built-in first, then user decks, then imported ones."""
    sources = [builtin_content_dir(), *extra_content_dirs(options)]
    if data is not None and user_decks_dir(data).is_dir():
        sources.append(user_decks_dir(data))
    return sources
