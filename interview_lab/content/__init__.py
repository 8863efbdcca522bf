"""The content model and its loader (no UI imports here)."""
