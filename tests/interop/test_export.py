"""Exports a learner can open elsewhere: Anki packages, Anki text files, Markdown."""

from __future__ import annotations

import json
import sqlite3
import zipfile

import genanki
import pytest

from interview_lab.cli import main
from interview_lab.interop import export_deck
from interview_lab.interop.anki import CARD_NOTE_TYPE, QUESTION_NOTE_TYPE, TSV_HEADER

ALL_IDS = ("adam-moments", "adam-name", "adam-card-defaults", "adam-card-html", "adam-card-hash", "sgd-card-1")


def read_collection(apkg, tmp_path):
    """Notes, note types and decks of an .apkg, read the way Anki would: unzip, open SQLite."""
    with zipfile.ZipFile(apkg) as archive:
        assert archive.testzip() is None
        archive.extract("collection.anki2", tmp_path / "unzipped")
    connection = sqlite3.connect(tmp_path / "unzipped" / "collection.anki2")
    try:
        notes = {
            guid: (mid, flds.split("\x1f"), tags.split())
            for guid, mid, flds, tags in connection.execute("select guid, mid, flds, tags from notes")
        }
        models_json, decks_json = connection.execute("select models, decks from col").fetchone()
        card_count = connection.execute("select count(*) from cards").fetchone()[0]
    finally:
        connection.close()
    return notes, json.loads(models_json), json.loads(decks_json), card_count


def guid(item_id):
    return genanki.guid_for("interview-lab", item_id)


def test_apkg_holds_every_note_with_stable_guids(deck, tmp_path):
    out = tmp_path / "deck.apkg"
    summary = export_deck(deck, "apkg", out)
    notes, models, decks, card_count = read_collection(out, tmp_path)

    assert set(notes) == {guid(item_id) for item_id in ALL_IDS}
    assert card_count == len(ALL_IDS)  # one card per note in both note types
    assert (summary.questions, summary.cards) == (2, 4)
    names = {model["name"]: int(model_id) for model_id, model in models.items()}
    assert {CARD_NOTE_TYPE, QUESTION_NOTE_TYPE} <= set(names)
    assert notes[guid("adam-moments")][0] == names[QUESTION_NOTE_TYPE]
    assert notes[guid("sgd-card-1")][0] == names[CARD_NOTE_TYPE]
    deck_names = {entry["name"] for entry in decks.values()}
    assert {"Interview Lab::Adam optimizer", "Interview Lab::Stochastic gradient descent"} <= deck_names


def test_exporting_again_keeps_guids_and_ids(deck, tmp_path):
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export_deck(deck, "apkg", first)
    export_deck(deck, "apkg", second)
    notes_a, models_a, decks_a, _ = read_collection(first, tmp_path / "a")
    notes_b, models_b, decks_b, _ = read_collection(second, tmp_path / "b")
    assert notes_a == notes_b
    assert set(models_a) == set(models_b)
    assert set(decks_a) == set(decks_b)


def test_apkg_fields_are_escaped_and_code_stays_readable(deck, tmp_path):
    out = tmp_path / "deck.apkg"
    export_deck(deck, "apkg", out)
    notes, *_ = read_collection(out, tmp_path)

    _mid, fields, tags = notes[guid("adam-moments")]
    question, answer, key_points, senior, tier, _topic = fields
    assert question == "What are the two moments &lt;m&gt; &amp; &lt;v&gt;?"
    assert '<pre><code class="language-python">m = beta1 * m + (1 - beta1) * g\nv = beta2' in answer
    assert "<code>lr * m_hat / (sqrt(v_hat) + eps)</code>" in answer
    assert "a &lt; b &amp; c &gt; d" in answer
    assert key_points == "<ul><li>first moment: mean of gradients</li><li>second moment: mean of g^2</li></ul>"
    assert senior == "Bias correction matters in early steps."
    assert tier == "expert"
    assert "tier::expert" in tags and "topic::adam" in tags

    _mid, fields, tags = notes[guid("adam-card-html")]
    assert fields[:2] == ["Is &lt;b&gt;this&lt;/b&gt; bold?", "No: it is shown as text &amp; stays escaped."]
    assert not any(tag.startswith("tier::") for tag in tags)


def test_topic_option_exports_only_that_topic(deck, tmp_path):
    out = tmp_path / "sgd.apkg"
    export_deck(deck, "apkg", out, topics=["sgd"])
    notes, *_ = read_collection(out, tmp_path)
    assert set(notes) == {guid("sgd-card-1")}


def test_tsv_has_anki_headers_and_one_line_per_note(deck, tmp_path):
    out = tmp_path / "deck.tsv"
    export_deck(deck, "tsv", out)
    lines = out.read_text(encoding="utf-8").split("\n")
    header = [line for line in lines if line.startswith("#")]
    assert header == list(TSV_HEADER)
    assert "#separator:Tab" in header and "#html:true" in header
    assert any(line.startswith("#notetype:") for line in header)
    assert any(line.startswith("#deck:") for line in header)
    assert "#tags column:3" in header and "#guid column:4" in header

    rows = [line.split("\t") for line in lines[len(header):] if line]
    assert len(rows) == len(ALL_IDS)
    assert all(len(row) == 4 for row in rows)  # no tab or newline leaked out of a field
    by_guid = {row[3]: row for row in rows}
    assert set(by_guid) == {guid(item_id) for item_id in ALL_IDS}
    assert by_guid[guid("adam-card-hash")][0].startswith("&#35;")  # a leading # would be a comment to Anki
    assert "tier::beginner" in by_guid[guid("adam-name")][2].split()


def test_markdown_writes_one_readable_file_per_topic(deck, tmp_path):
    out = tmp_path / "md"
    summary = export_deck(deck, "markdown", out)
    assert sorted(p.name for p in out.iterdir()) == ["adam.md", "sgd.md"]
    assert len(summary.files) == 2
    adam = (out / "adam.md").read_text(encoding="utf-8")
    assert adam.startswith("# Adam optimizer\n")
    assert "## Interview questions: beginner" in adam and "## Interview questions: expert" in adam
    assert adam.index("beginner") < adam.index("expert")
    assert "```python\nm = beta1 * m" in adam  # Markdown is kept as Markdown
    assert "- second moment: mean of g^2" in adam
    assert "**Q:** Is <b>this</b> bold?" in adam


def test_cli_export_writes_the_file(app_deck, tmp_path, capsys):
    out = tmp_path / "deck.tsv"
    assert main(["export", "--format", "tsv", str(out), "--data-dir", str(tmp_path / "data")]) == 0
    assert "exported 2 topics (2 questions, 4 cards)" in capsys.readouterr().out
    assert out.exists()


def test_cli_export_unknown_topic_is_a_one_line_error(app_deck, tmp_path, capsys):
    out = tmp_path / "deck.apkg"
    code = main(["export", "--format", "apkg", str(out), "--topic", "nope", "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "unknown topic 'nope'" in err
    assert not out.exists()


def test_cli_export_bad_format_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["export", "--format", "pdf", str(tmp_path / "x")])
    assert stop.value.code == 2


def test_failed_export_leaves_no_partial_file(deck, tmp_path, monkeypatch):
    import interview_lab.interop.anki as anki

    out = tmp_path / "deck.apkg"
    out.write_bytes(b"previous export")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(anki.zipfile.ZipFile, "writestr", broken)
    with pytest.raises(RuntimeError):
        export_deck(deck, "apkg", out)
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.apkg"]


def test_cli_export_warns_about_decks_that_did_not_load(tmp_path, capsys):
    content_deck = tmp_path / "mine"
    content_deck.mkdir()
    (content_deck / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    out = tmp_path / "deck.tsv"
    code = main(["--content", str(content_deck), "export", "--format", "tsv", str(out), "--data-dir", str(tmp_path / "data")])
    captured = capsys.readouterr()
    assert code == 0 and out.exists()  # what loaded is still exported
    assert captured.out.startswith("exported ")
    assert captured.err == (
        "interview-lab export: warning: the decks have 1 problem; what did not load is left out "
        "(run `interview-lab check` to see them)\n"
    )


def test_cli_export_with_a_missing_content_folder_exits_2(tmp_path, capsys):
    out = tmp_path / "deck.tsv"
    code = main(["--content", str(tmp_path / "absent"), "export", "--format", "tsv", str(out), "--data-dir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and not out.exists()
    assert captured.err.strip() == f"interview-lab export: no such file or folder: {tmp_path / 'absent'}"


def test_cli_export_of_clean_decks_prints_no_warning(app_deck, tmp_path, capsys):
    assert main(["export", "--format", "tsv", str(tmp_path / "deck.tsv"), "--data-dir", str(tmp_path / "data")]) == 0
    assert capsys.readouterr().err == ""
