"""NumPy optimizer simulator: optimizers, loss surfaces, simulate(). No UI imports."""

from interview_lab.sim import optimizers
from interview_lab.sim.errors import SimulationError

__all__ = ["SimulationError", "optimizers"]
