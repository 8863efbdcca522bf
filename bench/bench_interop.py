"""Import and export at deck scale: a 10,000-row CSV and a 10,000-card deck.

Prints ratios measured side by side in one run: reading our table against a
bare csv.reader of the same file, and each export format against the others.
Run: python bench/bench_interop.py
"""

from __future__ import annotations

import csv
import statistics
import tempfile
import time
from pathlib import Path

from interview_lab.content import load_deck
from interview_lab.interop import export_deck, import_table
from interview_lab.interop.table_import import read_table

ROWS = 10_000
ROUNDS = 3


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-interop-"))
    table = work / "cards.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["front", "back"])
        for n in range(ROWS):
            writer.writerow([f"What is fact number {n} about optimizers?", f"Fact {n}: the answer, with a comma, and grad[{n}]."])

    def bare_reader():
        with table.open(newline="", encoding="utf-8") as handle:
            return list(csv.reader(handle))

    reads, bares = [], []
    for _ in range(ROUNDS):  # alternate, so both see the same machine load
        reads.append(timed(lambda: read_table(table)))
        bares.append(timed(bare_reader))
    read, bare = statistics.median(reads), statistics.median(bares)
    print(f"read {ROWS} rows: ours {read * 1000:.0f} ms, bare csv.reader {bare * 1000:.0f} ms -> {read / bare:.1f}x")

    data = work / "data"
    first = timed(lambda: import_table(table, "Bench deck", data))
    again = timed(lambda: import_table(table, "Bench deck", data))
    print(f"import {ROWS} cards: {first * 1000:.0f} ms; importing the same file again: {again * 1000:.0f} ms "
          f"({again / first:.2f}x of the first)")

    deck = load_deck([data / "decks"])
    costs = {}
    for fmt, out in (("tsv", work / "out.tsv"), ("apkg", work / "out.apkg"), ("markdown", work / "md")):
        costs[fmt] = statistics.median(timed(lambda: export_deck(deck, fmt, out)) for _ in range(ROUNDS))
    base = costs["markdown"]
    print("export 10,000 cards: " + ", ".join(f"{fmt} {cost * 1000:.0f} ms ({cost / base:.1f}x markdown)" for fmt, cost in costs.items()))


if __name__ == "__main__":
    main()
