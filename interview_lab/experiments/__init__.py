"""Run content experiments on the simulator and check their claims."""
