"""NumPy optimizer simulator: optimizers, loss surfaces, simulate(). No UI imports.

    from interview_lab.sim import RunConfig, simulate
    trajectory = simulate("rosenbrock", [RunConfig("adam", "adam", {"lr": 0.01})], steps=500)
    trajectory.final_loss("adam")
"""

from interview_lab.sim import optimizers, surfaces
from interview_lab.sim.engine import (
    PARAM_BOUND,
    Frame,
    RunConfig,
    Simulation,
    Trajectory,
    iter_simulate,
    simulate,
)
from interview_lab.sim.errors import SimulationError

__all__ = [
    "PARAM_BOUND",
    "Frame",
    "RunConfig",
    "Simulation",
    "SimulationError",
    "Trajectory",
    "iter_simulate",
    "optimizers",
    "simulate",
    "surfaces",
]
