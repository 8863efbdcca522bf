"""interview-lab: learn machine learning and prepare for interviews in the terminal."""

__version__ = "0.1.0"
