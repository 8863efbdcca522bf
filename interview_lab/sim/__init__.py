"""NumPy optimizer simulator: optimizers, loss surfaces, simulate(). No UI imports."""
