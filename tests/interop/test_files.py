"""Files the app writes (exports, imported decks) get the usual permissions, not tempfile's 0600."""

from __future__ import annotations

import os
import stat

import pytest

from interview_lab.interop import export_deck, import_table
from interview_lab.interop.files import atomic_output
from interview_lab.paths import user_decks_dir


@pytest.fixture(params=[0o022, 0o027, 0o002])
def umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_written_files_follow_the_umask(umask, deck, tmp_path):
    plain = tmp_path / "plain.txt"
    with atomic_output(plain) as handle:
        handle.write("text")
    export_deck(deck, "tsv", tmp_path / "deck.tsv")
    export_deck(deck, "apkg", tmp_path / "deck.apkg")
    source = tmp_path / "cards.csv"
    source.write_text("front,back\nq,a\n", encoding="utf-8")
    import_table(source, "Mine", tmp_path / "data")

    expected = 0o666 & ~umask
    written = [plain, tmp_path / "deck.tsv", tmp_path / "deck.apkg", user_decks_dir(tmp_path / "data") / "mine.yaml"]
    assert {path.name: mode(path) for path in written} == {path.name: expected for path in written}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_a_failed_write_leaves_no_temp_file(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError), atomic_output(target) as handle:
        handle.write("half")
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []
