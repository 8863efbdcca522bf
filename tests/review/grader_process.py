"""A separate app process for the concurrency tests: grades items and says so.

Usage: python grader_process.py DATA_DIR TOPIC ROUNDS  (ROUNDS 0: until killed)
Each grade is reported on stdout only after grade() has returned; the
grade's sequence number is stored as its duration so tests can find it.
"""

from __future__ import annotations

import itertools
import sys
from datetime import timedelta

from conftest import NOW, make_deck

from interview_lab.review import Grade, Progress


def main() -> None:
    data_dir, topic_id, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    deck = make_deck()
    topic = deck.topic(topic_id)
    item_ids = [item.id for item in (*topic.questions, *topic.cards)]
    with Progress.open(data_dir, deck, fuzz=False, new_per_day=1000) as progress:
        sequence = 0
        for round_number in range(rounds) if rounds else itertools.count():
            for item_id in item_ids:
                now = NOW + timedelta(days=round_number, seconds=sequence)
                progress.grade(item_id, Grade.GOOD, duration_ms=sequence, now=now)
                print(f"graded {sequence} {item_id}", flush=True)
                sequence += 1


if __name__ == "__main__":
    main()
