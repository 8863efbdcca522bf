"""What the Lab and drill tests share: letting workers finish, reading the screen, choosing options."""

from __future__ import annotations

from textual.app import App
from textual.widgets import OptionList, Static


def screen_lines(app: App) -> list[str]:
    """Every cell of the current screen, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def settle(pilot, rounds: int = 3) -> None:
    """Let every worker finish and its messages (and the workers they start) reach the screen."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()


def claims_text(screen) -> str:
    """The Lab's claims panel as text: one line per widget in it."""
    return "\n".join(str(part.render()) for part in screen.query("#claims Static") if isinstance(part, Static))


def option_index(options: OptionList, choices, correct: bool) -> int:
    """Where the first right (or wrong) choice is listed: options are shuffled, their ids are the choices' indices."""
    for position in range(options.option_count):
        if choices[int(options.get_option_at_index(position).id)].correct == correct:
            return position
    raise AssertionError("no such choice")


async def choose(pilot, options: OptionList, choices, correct: bool) -> None:
    """Move the highlight to a right (or wrong) choice with the arrow keys and press enter."""
    target = option_index(options, choices, correct)
    while (options.highlighted or 0) < target:
        await pilot.press("down")
    while (options.highlighted or 0) > target:
        await pilot.press("up")
    await pilot.press("enter")
    await pilot.pause()
