"""Every malformed file is reported with its file, line and field, and the
valid parts of the corpus still load."""

from __future__ import annotations

import pytest

from interview_lab.content import load_deck

# file -> the problems it must produce: (line, field, part of the message).
# Lines are the lines of the offending text in tests/content/malformed/.
EXPECTED = {
    "bad-tier.yaml": [(13, "questions[1].tier", "expected one of beginner, intermediate, expert, got 'guru'")],
    "unknown-field.yaml": [
        (7, "cards[0].front", "missing required field"),
        (8, "cards[0].frnt", "unknown field (did you mean 'front'?)"),
    ],
    "wrong-types.yaml": [
        (9, "cards[0].back", "expected text, got a number (0.9)"),
        (15, "questions[0].key_points", "expected a list of text"),
    ],
    "empty-text.yaml": [(9, "questions[0].prompt", "must not be empty")],
    "missing-field.yaml": [(7, "questions[0].answer", "missing required field")],
    "tabs.yaml": [(4, "", "tab is used for indentation")],
    "empty.yaml": [(None, "", "the file is empty")],
    "top-level-list.yaml": [(1, "", "expected a mapping of topic fields at the top level, got a list")],
    "syntax-error.yaml": [(4, "", "invalid YAML")],
    "unsafe-tag.yaml": [(2, "", "the tag '!!python/object/apply:os.system' is refused")],
    "not-utf8.yaml": [(2, "", "not valid UTF-8: byte 0xe9 at offset 20")],
    "short-reorder.yaml": [(11, "drills[0].steps", "needs at least 3 steps, got 2")],
    "bad-links.yaml": [
        (6, "related[0]", "no topic in the deck has the id 'ghost-topic'"),
        (13, "questions[0].experiment", "no experiment in the deck has the id 'ghost-experiment'"),
        (20, "drills[0].compare", "no experiment in the deck has the id 'ghost-experiment'"),
    ],
    "dup-a.yaml": [
        (7, "questions[0].id", "id 'dup-question' is used again at"),
        (13, "cards[0].id", "id 'dup-card' is used again at"),
        (16, "cards[1].id", "duplicate id 'dup-card': already used at"),
    ],
    "dup-b.yaml": [(7, "questions[0].id", "duplicate id 'dup-question': already used at")],
    "bad-experiment.yaml": [
        (10, "experiments[0].steps", "must be from 1 to 100000, got 0"),
        (11, "experiments[0].start[1]", "expected a number, got text ('two')"),
        (15, "experiments[1].surface.name", "missing required field"),
        (19, "experiments[1].runs[1].optimizer", "missing required field"),
        (21, "experiments[1].claims[0].kind", "unknown claim kind 'loss_goes_down'"),
        (28, "experiments[2].claims[0].run", "no run of this experiment is labelled 'slow'"),
        (29, "experiments[2].claims[1].value", "unknown field"),
        (30, "experiments[2].claims[2].value", "missing required field"),
    ],
    "two-correct.yaml": [(12, "drills[0].causes", "exactly one choice must be marked 'correct: true', found 2")],
    "bad-id.yaml": [(7, "cards[0].id", "'Bad_Card' is not a valid id")],
    "broken-header.yaml": [(1, "title", "missing required field")],
}


@pytest.fixture(scope="module")
def deck():
    from pathlib import Path

    return load_deck([Path(__file__).resolve().parent / "malformed"])


def problems_of(deck, name):
    return [p for p in deck.problems if p.file.replace("\\", "/").endswith(f"malformed/{name}")]


def test_the_corpus_covers_every_file(malformed_dir):
    assert sorted(EXPECTED) == sorted(p.name for p in malformed_dir.glob("*.yaml"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_problem_names_file_line_and_field(deck, name):
    found = problems_of(deck, name)
    assert [(p.line, p.field) for p in found] == [(line, field) for line, field, _ in EXPECTED[name]]
    for problem, (_, _, fragment) in zip(found, EXPECTED[name]):
        assert fragment in problem.message
        text = str(problem)
        assert name in text and (problem.line is None or f"{name}:{problem.line}:" in text)


def test_printed_form_matches_the_documented_shape(deck):
    (tier,) = problems_of(deck, "bad-tier.yaml")
    assert str(tier).endswith(
        "bad-tier.yaml:13: questions[1].tier: expected one of beginner, intermediate, expert, got 'guru'"
    )


def test_problems_are_sorted_by_file_then_line(deck):
    keys = [(p.file, p.line or 0) for p in deck.problems]
    assert keys == sorted(keys)


def test_broken_items_are_dropped_and_the_rest_of_the_topic_loads(deck):
    assert [q.id for q in deck.topic("bad-tier").questions] == ["bad-tier-ok"]
    assert deck.topic("unknown-field").cards == ()
    # The later duplicate is dropped, the rest of its file still loads.
    assert [q.id for q in deck.topic("dup-b").questions] == ["dup-b-unique"]
    assert [c.front for c in deck.topic("dup-a").cards] == ["First card"]
    assert deck.item("dup-question").prompt == "First definition"
    # One bad experiment does not take the whole topic down.
    assert deck.topic("bad-experiment") is not None and deck.topic("bad-experiment").experiments == ()


def test_broken_links_are_cut_and_drills_without_their_experiment_dropped(deck):
    topic = deck.topic("bad-links")
    assert topic.related == ()
    assert topic.questions[0].experiment is None
    assert topic.drills == ()


def test_a_topic_with_a_broken_header_is_dropped_whole(deck):
    assert deck.topic("broken-header") is None
    assert deck.item("broken-header-card") is None


def test_files_that_do_not_parse_do_not_stop_the_others(deck):
    loaded = {t.id for t in deck.topics}
    assert {"tabs", "syntax", "unsafe", "latin"}.isdisjoint(loaded)
    assert {"bad-tier", "dup-a", "dup-b", "wrong-types", "two-correct"} <= loaded


def test_unsafe_tags_are_refused_without_running_anything(tmp_path):
    marker = tmp_path / "pwned"
    topic = tmp_path / "evil.yaml"
    topic.write_text(f'id: evil\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    loaded = load_deck([topic])
    assert not marker.exists()
    assert loaded.topics == ()
    (problem,) = loaded.problems
    assert problem.line == 2 and "refused" in problem.message and "safe" in problem.message


@pytest.mark.parametrize(
    "tag", ["!!python/object:collections.OrderedDict {}", "!!python/name:os.system", "!custom {}"]
)
def test_every_non_standard_tag_is_refused(tmp_path, tag):
    topic = tmp_path / "tagged.yaml"
    topic.write_text(f"id: tagged\ntitle: {tag}\n", encoding="utf-8")
    (problem,) = load_deck([topic]).problems
    assert "is refused" in problem.message and problem.line == 2


def test_a_drill_and_an_experiment_may_not_share_an_id(tmp_path):
    from interview_lab.content import load_deck

    (tmp_path / "shared.yaml").write_text(
        "id: shared\ntitle: Shared ids\ntrack: t\nsummary: s\ntheory: t\n"
        "drills:\n"
        "  - id: shared-one\n    kind: reorder\n    title: T\n    prompt: P\n    steps: [a, b, c]\n"
        "experiments:\n"
        "  - id: shared-one\n    title: E\n    surface: {name: quadratic}\n    steps: 10\n"
        "    runs: [{optimizer: sgd, lr: 0.1}]\n",
        encoding="utf-8",
    )
    deck = load_deck([tmp_path])
    messages = [str(p) for p in deck.problems]
    assert any("shared.yaml:13: experiments[0].id: duplicate id 'shared-one'" in m for m in messages), messages
    assert [d.id for d in deck.topic("shared").drills] == ["shared-one"]
    assert deck.topic("shared").experiments == ()


def test_scientific_notation_without_a_dot_is_a_number(tmp_path):
    # YAML 1.1 reads 1e-4 as text; a learner writing a threshold means a number.
    from interview_lab.content import load_deck

    (tmp_path / "sci.yaml").write_text(
        "id: sci\ntitle: S\ntrack: t\nsummary: s\ntheory: t\n"
        "experiments:\n"
        "  - id: sci-run\n    title: E\n    surface: {name: quadratic}\n    steps: 10\n"
        "    runs: [{optimizer: adam, lr: 1e-3, eps: 1E-8}]\n"
        "    claims:\n      - {says: low, kind: final_loss_below, run: adam, value: 1e-4}\n",
        encoding="utf-8",
    )
    deck = load_deck([tmp_path])
    assert deck.problems == ()
    [experiment] = deck.experiments
    assert experiment.runs[0].hparams["lr"] == 1e-3 and experiment.runs[0].hparams["eps"] == 1e-8
    assert experiment.claims[0].args["value"] == 1e-4
