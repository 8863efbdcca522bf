"""The one error type of the simulator, pinned to the optimizer (or surface) and field at fault."""

from __future__ import annotations


class SimulationError(ValueError):
    """A bad optimizer, surface or simulation setting.

    `optimizer` names the optimizer (or surface, or "simulate") and `field` the
    setting, so a form can show the message next to the wrong field.
    """

    def __init__(self, optimizer: str | None, field: str | None, message: str):
        self.optimizer = optimizer
        self.field = field
        super().__init__(f"{optimizer}: {message}" if optimizer else message)
