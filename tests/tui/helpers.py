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
