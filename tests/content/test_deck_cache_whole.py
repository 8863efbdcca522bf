"""The whole-deck entry: an unchanged set of files loads in one read, without the cross-file checks."""

from __future__ import annotations

import shutil

import pytest

from interview_lab.content import load_deck, loader
from interview_lab.content.cache import DeckCache


@pytest.fixture
def deck_dir(fixtures_dir, tmp_path):
    folder = tmp_path / "deck"
    shutil.copytree(fixtures_dir, folder)
    return folder


def refuse(*args, **kwargs):
    raise AssertionError("work the whole-deck entry should have saved")


def deck_entries(cache_dir):
    return sorted(cache_dir.glob("deck-*.pickle"))


def test_an_unchanged_deck_skips_parsing_and_the_cross_checks(deck_dir, private_cache, monkeypatch):
    cold = load_deck([deck_dir], cache_dir=private_cache)
    assert len(deck_entries(private_cache)) == 1
    monkeypatch.setattr(loader, "parse_text", refuse)
    monkeypatch.setattr(loader, "cross_check", refuse)
    warm = load_deck([deck_dir], cache_dir=private_cache)
    assert warm == cold and warm.topics


def test_one_edited_file_reparses_it_and_checks_the_deck_again(deck_dir, private_cache, monkeypatch):
    load_deck([deck_dir], cache_dir=private_cache)
    alpha = deck_dir / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("Alpha topic", "Alpha, edited"), encoding="utf-8")
    checks = []
    real = loader.cross_check
    monkeypatch.setattr(loader, "cross_check", lambda parsed: checks.append(len(parsed)) or real(parsed))
    deck = load_deck([deck_dir], cache_dir=private_cache)
    assert checks == [2] and deck.topic("alpha").title == "Alpha, edited"
    assert len(deck_entries(private_cache)) == 1  # the entry for this set of files was replaced


def test_a_removed_file_is_not_served_from_the_deck_entry(deck_dir, private_cache):
    both = load_deck([deck_dir], cache_dir=private_cache)
    (deck_dir / "beta.yaml").unlink()
    alone = load_deck([deck_dir], cache_dir=private_cache)
    assert len(alone.topics) == len(both.topics) - 1


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_broken_or_foreign_deck_entry_is_rebuilt_silently(deck_dir, private_cache, damage):
    cold = load_deck([deck_dir], cache_dir=private_cache)
    (entry,) = deck_entries(private_cache)
    if damage is None:  # a valid pickle of the wrong shape under the right key
        keys = [DeckCache(private_cache).key(p, loader.display_name(p), False) for p in sorted(deck_dir.glob("*.yaml"))]
        DeckCache(private_cache).put_deck(keys, "something else")  # type: ignore[arg-type]
    else:
        entry.write_bytes(damage)
    assert load_deck([deck_dir], cache_dir=private_cache) == cold
    assert load_deck([deck_dir], cache_dir=private_cache) == cold


def test_missing_sources_are_still_reported_on_a_warm_load(deck_dir, private_cache, tmp_path):
    missing = tmp_path / "nowhere"
    load_deck([deck_dir, missing], cache_dir=private_cache)
    warm = load_deck([deck_dir, missing], cache_dir=private_cache)
    assert [problem.message for problem in warm.problems] == ["no such file or folder"]


def test_problems_name_the_file_as_this_run_shows_it_not_as_the_cache_saw_it(malformed_dir, tmp_path, private_cache, monkeypatch):
    folder = tmp_path / "deck"
    shutil.copytree(malformed_dir, folder)
    monkeypatch.chdir(folder)
    inside = load_deck([folder], cache_dir=private_cache)
    assert inside.problems and all(not p.file.startswith(("/", "deck")) for p in inside.problems)
    monkeypatch.chdir(tmp_path)
    outside = load_deck([folder], cache_dir=private_cache)
    assert {p.file for p in outside.problems} == {f"deck/{p.file}" for p in inside.problems}


def test_the_same_file_as_built_in_or_as_a_user_deck_is_marked_each_time(deck_dir, private_cache):
    as_user = load_deck([deck_dir], cache_dir=private_cache)
    as_builtin = load_deck([deck_dir], builtin=deck_dir, cache_dir=private_cache)
    assert {t.builtin for t in as_user.topics} == {False}
    assert {t.builtin for t in as_builtin.topics} == {True}
    assert {t.builtin for t in load_deck([deck_dir], cache_dir=private_cache).topics} == {False}
