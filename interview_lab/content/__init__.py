"""The content model and its loader (no UI imports here).

`load_deck` reads named files and folders; `load_app_deck` reads every deck
the app uses (built-in, --content, $INTERVIEW_LAB_CONTENT, imported) with the
deck cache.
"""

from interview_lab.content.loader import load_app_deck, load_deck
from interview_lab.content.model import Deck, Problem

__all__ = ["Deck", "Problem", "load_app_deck", "load_deck"]
