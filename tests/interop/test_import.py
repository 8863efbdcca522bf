"""Importing TSV/CSV into a user deck: created, extended, never duplicated, never partial."""

from __future__ import annotations

from pathlib import Path

import pytest

import interview_lab.content
from interview_lab.cli import main
from interview_lab.content.model import Deck, Problem
from interview_lab.interop import TableError, export_deck, import_table
from interview_lab.paths import user_decks_dir


def load_user_decks(data_dir) -> Deck:
    return interview_lab.content.load_deck([user_decks_dir(data_dir)])


def deck_files(data_dir):
    folder = user_decks_dir(data_dir)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_tsv_export_then_import_gives_the_same_cards(deck, tmp_path):
    exported = tmp_path / "deck.tsv"
    export_deck(deck, "tsv", exported)
    data = tmp_path / "data"
    report = import_table(exported, "Round trip", data)

    loaded = load_user_decks(data)
    assert [str(p) for p in loaded.problems] == []
    topic = loaded.topic("round-trip")
    assert topic is not None and topic.title == "Round trip" and topic.track == "imported"
    imported = {(card.front, card.back) for card in topic.cards}
    assert {(card.front, card.back) for card in deck.cards} <= imported
    # Questions travel to Anki as plain notes, and come back as cards with the answer on the back.
    assert len(topic.cards) == len(deck.cards) + len(deck.questions) == report.added_cards
    moments = next(card for card in topic.cards if card.front.startswith("What are the two moments"))
    assert "```python\nm = beta1 * m" in moments.back
    assert "**Key points**\n- first moment: mean of gradients\n- second moment: mean of g^2" in moments.back


def test_imported_deck_passes_interview_lab_check(deck, tmp_path, capsys):
    exported = tmp_path / "deck.tsv"
    export_deck(deck, "tsv", exported)
    import_table(exported, "Checked", tmp_path / "data")
    assert main(["check", str(user_decks_dir(tmp_path / "data"))]) == 0
    assert "no problems" in capsys.readouterr().out


def test_importing_the_same_file_twice_adds_nothing(tmp_path):
    source = write(tmp_path, "cards.csv", "front,back\nWhat is Adam?,Adaptive moments\nWhat is SGD?,Plain steps\n")
    data = tmp_path / "data"
    first = import_table(source, "My cards", data)
    written = (user_decks_dir(data) / "my-cards.yaml").read_bytes()
    second = import_table(source, "My cards", data)

    assert first.created and first.written and first.added_cards == 2
    assert not second.written and second.added_cards == 0 and second.already_present == 2
    assert "nothing written" in second.lines()[0]
    assert (user_decks_dir(data) / "my-cards.yaml").read_bytes() == written


def test_extending_keeps_ids_and_adds_only_new_fronts(tmp_path):
    data = tmp_path / "data"
    import_table(write(tmp_path, "a.csv", "front,back\nWhat is Adam?,Adaptive moments\n"), "ML", data)
    first_ids = [card.id for card in load_user_decks(data).cards]
    report = import_table(
        write(tmp_path, "b.csv", "front,back\nwhat is  ADAM?,A different back\nWhat is SGD?,Plain steps\n"), "ML", data
    )
    topic = load_user_decks(data).topic("ml")

    assert not report.created and report.added_cards == 1 and report.already_present == 1
    assert [card.id for card in topic.cards][0] == first_ids[0]
    assert [(c.front, c.back) for c in topic.cards] == [("What is Adam?", "Adaptive moments"), ("What is SGD?", "Plain steps")]
    assert all(card.id.startswith("ml-") for card in topic.cards)
    assert "`a.csv`" in topic.theory and "`b.csv`" in topic.theory


def test_force_replaces_the_deck_with_the_new_file(tmp_path):
    data = tmp_path / "data"
    import_table(write(tmp_path, "a.csv", "front,back\nold,card\n"), "ML", data)
    report = import_table(write(tmp_path, "b.csv", "front,back\nnew,card\n"), "ML", data, force=True)
    assert report.lines()[0].startswith("replaced deck 'ml'")
    assert [card.front for card in load_user_decks(data).cards] == ["new"]


def test_a_deck_file_that_does_not_load_is_not_overwritten_without_force(tmp_path):
    data = tmp_path / "data"
    user_decks_dir(data).mkdir(parents=True)
    hand_written = user_decks_dir(data) / "ml.yaml"
    hand_written.write_text("id: ml\ntitle: [unclosed\n", encoding="utf-8")
    source = write(tmp_path, "a.csv", "front,back\nq,a\n")

    with pytest.raises(TableError, match="--force"):
        import_table(source, "ML", data)
    assert hand_written.read_text(encoding="utf-8") == "id: ml\ntitle: [unclosed\n"

    import_table(source, "ML", data, force=True)
    assert [card.front for card in load_user_decks(data).cards] == ["q"]


def test_questions_are_imported_with_tier_and_key_points(tmp_path):
    content = (
        "question,answer,tier,key_points,senior_angle\n"
        '"What does Adam keep per parameter?","Two running averages:\nm and v.",intermediate,"first moment; second moment",\n'
        "Adam defaults?,\"lr 1e-3, betas (0.9, 0.999)\",,,\n"
    )
    data = tmp_path / "data"
    report = import_table(write(tmp_path, "q.csv", content), "Quiz", data)
    topic = load_user_decks(data).topic("quiz")

    assert (report.added_questions, report.added_cards) == (1, 1)
    (question,) = topic.questions
    assert question.tier == "intermediate" and question.key_points == ("first moment", "second moment")
    assert question.answer == "Two running averages:\nm and v."
    assert question.id.startswith("quiz-q-")
    assert [card.back for card in topic.cards] == ["lr 1e-3, betas (0.9, 0.999)"]
    # Multi-line text is written as a readable block.
    assert "answer: |-\n" in (user_decks_dir(data) / "quiz.yaml").read_text(encoding="utf-8")


def test_nothing_is_written_when_the_loader_rejects_the_result(tmp_path, monkeypatch):
    import interview_lab.interop.deck_writer as deck_writer

    monkeypatch.setattr(
        deck_writer, "load_in_context", lambda target, sources, text=None: (None, [Problem(str(target), 3, "cards[0].id", "bad")])
    )
    with pytest.raises(TableError, match="would not load"):
        import_table(write(tmp_path, "a.csv", "What is Adam?,Adaptive moments\n"), "ML", tmp_path / "data")
    assert deck_files(tmp_path / "data") == []


def test_cli_reports_skipped_rows_and_loads_the_deck(app_deck, tmp_path, capsys):
    content = "front,back\n" + "".join(f"q{n},a{n}\n" for n in range(5)) + "q5,a5,extra\n"
    source = write(tmp_path, "cards.csv", content)
    data = tmp_path / "data"
    assert main(["import", str(source), "--deck", "Practice", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "created deck 'practice'" in out and "added 5 cards" in out
    assert "row 7: expected 2 fields, got 3" in out
    assert len(load_user_decks(data).topic("practice").cards) == 5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        ("front,back\nÉtape,x\n".encode("latin-1"), "byte 0xc9 at position 11"),
        (b"front,back\nonly,\n,empty\n", "no row could be imported"),
    ],
)
def test_cli_unusable_file_exits_1_and_writes_nothing(app_deck, tmp_path, capsys, content, message):
    source = write(tmp_path, "bad.csv", content)
    data = tmp_path / "data"
    assert main(["import", str(source), "--deck", "Bad", "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.startswith("interview-lab import: ")
    assert deck_files(data) == []


def test_cli_refuses_a_deck_name_used_by_another_topic(app_deck, tmp_path, capsys):
    source = write(tmp_path, "a.csv", "What is Adam?,Adaptive moments\n")
    assert main(["import", str(source), "--deck", "Adam", "--data-dir", str(tmp_path / "data")]) == 1
    assert "already used by the topic 'Adam optimizer'" in capsys.readouterr().err
    assert deck_files(tmp_path / "data") == []


def test_cli_deck_name_without_letters_exits_2(app_deck, tmp_path, capsys):
    source = write(tmp_path, "a.csv", "What is Adam?,Adaptive moments\n")
    assert main(["import", str(source), "--deck", "!!!", "--data-dir", str(tmp_path / "data")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_cli_missing_file_exits_2(app_deck, tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.csv"), "--deck", "X", "--data-dir", str(tmp_path / "data")]) == 2
    assert "nope.csv: no such file" in capsys.readouterr().err
    assert deck_files(tmp_path / "data") == []


def test_a_vertical_tab_in_a_cell_survives_the_import(tmp_path):
    source = write(tmp_path, "t.csv", "front,back\nWhat is X?,line one\x0bline two\nWhat is Y?,y\nWhat is Z?,zed\n")
    data = tmp_path / "data"
    report = import_table(source, "VT", data)
    assert report.added_cards == 3 and report.skipped == []
    loaded = load_user_decks(data)
    assert loaded.problems == ()
    assert [card.back for card in loaded.topic("vt").cards] == ["line one\x0bline two", "y", "zed"]


def test_a_header_only_file_names_the_cause(tmp_path):
    with pytest.raises(TableError, match="only a header row"):
        import_table(write(tmp_path, "a.csv", "front,back\n"), "ML", tmp_path / "data")
    assert deck_files(tmp_path / "data") == []


def add_links(deck_file, related, experiment):
    """Hand-edit an imported deck, as a learner would: link it to other decks."""
    text = deck_file.read_text(encoding="utf-8").replace("\ncards:\n", f"\nrelated: [{related}]\ncards:\n", 1)
    text = text.replace("\n  back: Adaptive moments\n", f"\n  back: Adaptive moments\n  experiment: {experiment}\n", 1)
    deck_file.write_text(text, encoding="utf-8")


def test_a_deck_linked_to_the_builtin_deck_can_be_extended(tmp_path, capsys):
    data = tmp_path / "data"
    import_table(write(tmp_path, "a.csv", "front,back\nWhat is Adam?,Adaptive moments\n"), "ML", data)
    deck_file = user_decks_dir(data) / "ml.yaml"
    add_links(deck_file, "adam", "adam-vs-sgd-ravine")  # a built-in topic and a built-in experiment
    assert main(["check", str(deck_file)]) == 0, capsys.readouterr().out

    report = import_table(write(tmp_path, "b.csv", "front,back\nWhat is SGD?,Plain steps\n"), "ML", data)

    assert report.written and report.added_cards == 1
    app_deck = interview_lab.content.load_app_deck([], data)
    assert [str(p) for p in app_deck.problems] == []
    topic = app_deck.topic("ml")
    assert topic.related == ("adam",)
    assert [(c.front, c.experiment) for c in topic.cards] == [("What is Adam?", "adam-vs-sgd-ravine"), ("What is SGD?", None)]


def test_a_deck_with_a_broken_link_is_still_refused(tmp_path):
    data = tmp_path / "data"
    import_table(write(tmp_path, "a.csv", "front,back\nWhat is Adam?,Adaptive moments\n"), "ML", data)
    add_links(user_decks_dir(data) / "ml.yaml", "no-such-topic", "adam-vs-sgd-ravine")
    with pytest.raises(TableError, match="no topic in the deck has the id 'no-such-topic'"):
        import_table(write(tmp_path, "b.csv", "front,back\nWhat is SGD?,Plain steps\n"), "ML", data)


def test_cli_import_resolves_links_into_content_decks(tmp_path, capsys):
    content_deck = tmp_path / "mine"
    content_deck.mkdir()
    beta = Path(__file__).resolve().parents[1] / "content" / "fixtures" / "beta.yaml"
    (content_deck / "beta.yaml").write_bytes(beta.read_bytes())  # holds topic beta and experiment beta-ravine
    data = tmp_path / "data"
    first = write(tmp_path, "a.csv", "front,back\nWhat is Adam?,Adaptive moments\n")
    assert main(["--content", str(content_deck), "import", str(first), "--deck", "ML", "--data-dir", str(data)]) == 0
    add_links(user_decks_dir(data) / "ml.yaml", "beta", "beta-ravine")

    second = write(tmp_path, "b.csv", "front,back\nWhat is SGD?,Plain steps\n")
    code = main(["--content", str(content_deck), "import", str(second), "--deck", "ML", "--data-dir", str(data)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "extended deck 'ml'" in out


def test_cli_import_with_a_missing_content_folder_exits_2(tmp_path, capsys):
    source = write(tmp_path, "a.csv", "front,back\nq,a\n")
    argv = ["--content", str(tmp_path / "absent"), "import", str(source), "--deck", "X", "--data-dir", str(tmp_path / "data")]
    assert main(argv) == 2
    assert capsys.readouterr().err.strip() == f"interview-lab import: no such file or folder: {tmp_path / 'absent'}"
    assert deck_files(tmp_path / "data") == []
