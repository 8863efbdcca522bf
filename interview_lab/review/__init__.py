"""Progress store (SQLite) and scheduling (fsrs)."""
