"""The review log as CSV, for analysis or for another scheduler."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable

from interview_lab.interop.files import atomic_output

REVIEW_COLUMNS = ("item_id", "topic_id", "kind", "reviewed_at", "rating", "rating_name", "duration_ms", "state", "cram")
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def write_review_log(rows: Iterable[Any], deck: Any, out: Path) -> int:
    """Write one line per review (oldest first as the log gives them); returns the count.

    Items no longer in the deck keep their rows, with topic and kind left empty.
    """
    from interview_lab.content.model import Question

    count = 0
    with atomic_output(Path(out)) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REVIEW_COLUMNS)
        for row in rows:
            item = deck.item(row.item_id)
            kind = "" if item is None else "question" if isinstance(item, Question) else "card"
            writer.writerow(
                (
                    row.item_id,
                    "" if item is None else item.topic_id,
                    kind,
                    row.reviewed_at.isoformat(),
                    int(row.rating),
                    RATING_NAMES.get(int(row.rating), ""),
                    "" if row.duration_ms is None else row.duration_ms,
                    row.state,
                    "true" if row.cram else "false",
                )
            )
            count += 1
    return count
