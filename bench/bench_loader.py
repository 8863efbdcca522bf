"""Deck loading speed on a large generated deck (10,000 cards, 1,000 questions).

Measured side by side in one run:
  - cold load with libyaml's C parser against the pure-Python SafeLoader,
  - cold load with the garbage collector paused (the default) against running,
  - warm load from the deck cache against cold load.

Usage: python bench/bench_loader.py [--topics 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import tempfile
import time
from pathlib import Path

import yaml

from interview_lab.content import load_deck, loader


def write_deck(folder: Path, topics: int, cards: int, questions: int) -> None:
    """One YAML file per topic, shaped like the built-in deck."""
    for t in range(topics):
        topic_id = f"bench-{t:03d}"
        document = {
            "id": topic_id,
            "title": f"Generated topic {t}",
            "track": "bench",
            "summary": "A generated topic for the loader benchmark.",
            "theory": "## Idea\n\n" + "Gradient descent follows the negative gradient. " * 40,
            "questions": [
                {
                    "id": f"{topic_id}-q{q}",
                    "tier": ("beginner", "intermediate", "expert")[q % 3],
                    "prompt": f"Question {q}: why does the learning rate matter here?",
                    "answer": "Because a step too large overshoots and a step too small crawls. " * 4,
                    "senior_angle": "Relate the step to the largest curvature of the loss.",
                    "key_points": ["overshoot", "crawl", "curvature bound"],
                    "experiment": f"{topic_id}-exp",
                }
                for q in range(questions // topics)
            ],
            "cards": [
                {"id": f"{topic_id}-c{c}", "front": f"Card {c}: what is the default eps of Adam?", "back": "1e-8 in PyTorch, 1e-7 in Keras."}
                for c in range(cards // topics)
            ],
            "experiments": [
                {
                    "id": f"{topic_id}-exp",
                    "title": "Adam against SGD",
                    "surface": {"name": "quadratic", "curvatures": [1, 100]},
                    "start": [-4.0, 1.0],
                    "steps": 200,
                    "runs": [{"optimizer": "sgd", "lr": 0.015}, {"optimizer": "adam", "lr": 0.1}],
                    "claims": [{"says": "Adam ends lower", "kind": "loss_below_run", "run": "adam", "other": "sgd"}],
                }
            ],
        }
        (folder / f"{topic_id}.yaml").write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def best_time(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        # Each load starts as in a fresh process: what earlier loads froze goes back to the collector.
        gc.unfreeze()
        gc.collect()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


@contextlib.contextmanager
def pure_python_parser():
    original = loader.parse_text
    loader.parse_text = functools.partial(original, loader=loader.LocatedPySafeLoader)
    try:
        yield
    finally:
        loader.parse_text = original


@contextlib.contextmanager
def collector_running():
    # Both places that pause it: the loader around a whole load, the YAML reader around one file.
    from interview_lab.content import yaml_reader

    originals = loader.collector_paused, yaml_reader.collector_paused
    loader.collector_paused = yaml_reader.collector_paused = contextlib.nullcontext
    try:
        yield
    finally:
        loader.collector_paused, yaml_reader.collector_paused = originals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", type=int, default=50)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        deck_dir, cache_dir = Path(scratch) / "deck", Path(scratch) / "cache"
        deck_dir.mkdir()
        write_deck(deck_dir, options.topics, options.cards, options.questions)
        size = sum(p.stat().st_size for p in deck_dir.glob("*.yaml"))

        def cold() -> None:
            deck = load_deck([deck_dir])
            assert not deck.problems and len(deck.cards) == options.cards, deck.problems[:3]

        def warm() -> None:
            deck = load_deck([deck_dir], cache_dir=cache_dir)
            assert not deck.problems and len(deck.cards) == options.cards

        print(f"libyaml available: {loader.HAVE_LIBYAML}")
        print(f"deck: {options.topics} files, {size / 1e6:.1f} MB, {options.cards} cards, {options.questions} questions")
        load_deck([deck_dir], cache_dir=cache_dir)  # fill the cache
        # Rounds interleave the variants, so a busy machine slows them all alike; best of the rounds.
        timings: dict[str, list[float]] = {"c": [], "c_gc": [], "py": [], "warm": []}
        for round_number in range(options.repeat):
            timings["c"].append(best_time(cold, 1))
            with collector_running():
                timings["c_gc"].append(best_time(cold, 1))
            if round_number < 2:  # the pure-Python parser is slow; two rounds suffice
                with pure_python_parser():
                    timings["py"].append(best_time(cold, 1))
            timings["warm"].append(best_time(warm, 3))
        c_cold, c_cold_gc, py_cold, warm_time = (min(timings[k]) for k in ("c", "c_gc", "py", "warm"))

    print(f"cold, C parser, collector paused : {c_cold * 1e3:8.1f} ms")
    print(f"cold, C parser, collector running: {c_cold_gc * 1e3:8.1f} ms")
    print(f"cold, pure-Python SafeLoader     : {py_cold * 1e3:8.1f} ms")
    print(f"warm, from the deck cache        : {warm_time * 1e3:8.1f} ms")
    print(f"C vs pure Python (cold)          : {py_cold / c_cold:6.1f}x faster")
    print(f"collector paused vs running      : {c_cold_gc / c_cold:6.1f}x faster")
    print(f"warm vs cold (C)                 : {c_cold / warm_time:6.1f}x faster")


if __name__ == "__main__":
    main()
