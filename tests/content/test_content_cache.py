"""The deck cache: a warm load skips parsing, and a stale or broken cache is rebuilt silently."""

from __future__ import annotations

import os
import shutil

import pytest

from interview_lab.content import load_deck, loader


@pytest.fixture
def deck_dir(fixtures_dir, tmp_path):
    folder = tmp_path / "deck"
    shutil.copytree(fixtures_dir, folder)
    return folder


def forbid_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the file was parsed although the cache holds it")

    monkeypatch.setattr(loader, "parse_text", refuse)


def count_parsing(monkeypatch):
    parsed = []
    real = loader.parse_text

    def counting(data, file, builtin, **kwargs):
        parsed.append(os.path.basename(file))
        return real(data, file, builtin, **kwargs)

    monkeypatch.setattr(loader, "parse_text", counting)
    return parsed


def test_a_warm_load_gives_the_same_deck_without_parsing(deck_dir, private_cache, monkeypatch):
    cold = load_deck([deck_dir], cache_dir=private_cache)
    forbid_parsing(monkeypatch)
    warm = load_deck([deck_dir], cache_dir=private_cache)
    assert warm == cold
    assert [q.source for q in warm.questions] == [q.source for q in cold.questions]


def test_an_edited_file_is_parsed_again(deck_dir, private_cache, monkeypatch):
    load_deck([deck_dir], cache_dir=private_cache)
    alpha = deck_dir / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("Alpha topic", "Alpha, edited"), encoding="utf-8")
    parsed = count_parsing(monkeypatch)
    deck = load_deck([deck_dir], cache_dir=private_cache)
    assert parsed == ["alpha.yaml"]
    assert deck.topic("alpha").title == "Alpha, edited"


def test_a_touched_file_of_the_same_size_is_parsed_again(deck_dir, private_cache, monkeypatch):
    load_deck([deck_dir], cache_dir=private_cache)
    beta = deck_dir / "beta.yaml"
    stat = beta.stat()
    os.utime(beta, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    parsed = count_parsing(monkeypatch)
    load_deck([deck_dir], cache_dir=private_cache)
    assert parsed == ["beta.yaml"]


def test_corrupt_entries_are_rebuilt_silently(deck_dir, private_cache, monkeypatch):
    cold = load_deck([deck_dir], cache_dir=private_cache)
    entries = [entry for entry in private_cache.glob("*.pickle") if not entry.name.startswith("deck-")]
    assert len(entries) == 2
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(entries[1].read_bytes()[:20])  # truncated
    for whole_deck in private_cache.glob("deck-*.pickle"):
        whole_deck.unlink()  # so the per-file entries are read
    parsed = count_parsing(monkeypatch)
    assert load_deck([deck_dir], cache_dir=private_cache) == cold
    assert sorted(parsed) == ["alpha.yaml", "beta.yaml"]
    # ... and the rebuilt entries serve the next load.
    forbid_parsing(monkeypatch)
    assert load_deck([deck_dir], cache_dir=private_cache) == cold


def test_entries_from_another_version_are_ignored(deck_dir, private_cache, monkeypatch):
    load_deck([deck_dir], cache_dir=private_cache)
    monkeypatch.setattr("interview_lab.__version__", "99.0")
    parsed = count_parsing(monkeypatch)
    load_deck([deck_dir], cache_dir=private_cache)
    assert sorted(parsed) == ["alpha.yaml", "beta.yaml"]


def test_an_unusable_cache_folder_only_costs_speed(deck_dir, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    deck = load_deck([deck_dir], cache_dir=blocker / "cache")
    assert deck.problems == () and len(deck.topics) == 2


def test_checks_across_files_run_on_warm_loads(deck_dir, private_cache):
    load_deck([deck_dir], cache_dir=private_cache)
    # A new file reusing an id of a cached file: the duplicate is found although alpha comes from the cache.
    (deck_dir / "gamma.yaml").write_text(
        "id: gamma\ntitle: Gamma\ntrack: t\nsummary: s\ntheory: t\n"
        "cards:\n  - {id: alpha-card-rule, front: f, back: b}\n",
        encoding="utf-8",
    )
    deck = load_deck([deck_dir], cache_dir=private_cache)
    assert [(os.path.basename(p.file), p.line) for p in deck.problems] == [("alpha.yaml", 34), ("gamma.yaml", 7)]
    # Removing beta breaks alpha's links, although alpha itself is unchanged and cached.
    (deck_dir / "gamma.yaml").unlink()
    (deck_dir / "beta.yaml").unlink()
    deck = load_deck([deck_dir], cache_dir=private_cache)
    assert {p.field for p in deck.problems} == {"related[0]", "questions[1].experiment", "drills[1].fix"}
