"""Hyper-parameter values typed as text (the `sim` command's --run, the Lab's fields)."""

from __future__ import annotations

from typing import Any

TRUE_WORDS = ("true", "yes", "on")
FALSE_WORDS = ("false", "no", "off")


def parse_value(text: str, list_separator: str = ",") -> Any:
    """true/false (or yes/no, on/off), an int, a float, a list split at `list_separator`, else the word itself.

    A word is passed on as it is: the optimizer's own check then names the field it does not fit.
    """
    text = text.strip()
    if list_separator in text:
        return [parse_value(part, list_separator) for part in text.split(list_separator)]
    lowered = text.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
