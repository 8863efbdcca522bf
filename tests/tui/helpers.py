"""What the learner sees: the screen as plain text."""

from __future__ import annotations

from textual.app import App


def screen_text(app: App) -> str:
    """Every cell of the current screen (notifications included), line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot, rounds: int = 3) -> None:
    """Let queued messages, mounts and notifications reach the screen."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()


def find_on_screen(app: App, needle: str, *, last: bool = False) -> tuple[int, int]:
    """(x, y) of the first (or last) cell where `needle` starts on screen."""
    lines = list(enumerate(screen_text(app).splitlines()))
    for y, line in reversed(lines) if last else lines:
        x = line.find(needle)
        if x >= 0:
            return x, y
    raise AssertionError(f"{needle!r} is not on screen")


async def click_every_cell_of(pilot, app: App, needle: str) -> None:
    """Click each character of `needle` where it shows, as a learner with a mouse might."""
    x, y = find_on_screen(app, needle)
    for offset in range(len(needle)):
        await pilot.click(offset=(x + offset, y))
