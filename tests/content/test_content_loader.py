"""The loader on valid decks: what a learner sees comes out of the YAML intact."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_lab import paths
from interview_lab.content import load_app_deck, load_deck
from interview_lab.content.loader import parse_text
from interview_lab.content.yaml_reader import LocatedCSafeLoader, LocatedPySafeLoader
from interview_lab.content.model import ConceptDrill, FailureDrill, ReorderDrill


@pytest.fixture
def deck(fixtures_dir):
    return load_deck([fixtures_dir], builtin=fixtures_dir)


def test_fixture_deck_loads_without_problems(deck):
    assert deck.problems == ()
    assert [t.id for t in deck.topics] == ["alpha", "beta"]  # by (order, title): 10 before the default 100


def test_topic_fields_and_items(deck):
    alpha = deck.topic("alpha")
    assert alpha.track == "fixtures" and alpha.order == 10 and alpha.related == ("beta",)
    assert alpha.theory.startswith("## The idea\n")
    assert alpha.references == ("A reference, written as plain text",)
    assert [q.tier for q in alpha.questions] == ["beginner", "intermediate", "expert"]
    assert alpha.questions_by_tier("intermediate")[0].senior_angle.startswith("Mention the curvature")
    assert alpha.questions[1].key_points == ("overshoot", "crawl")
    assert alpha.questions[1].experiment == "beta-ravine"
    assert all(item.topic_id == "alpha" for item in (*alpha.questions, *alpha.cards, *alpha.drills))
    # Text is kept literally, markup-looking brackets included.
    assert alpha.cards[0].front == "The update rule of gradient descent [in one line]?"


def test_sources_point_at_the_mapping_of_each_item(deck, fixtures_dir):
    alpha = deck.topic("alpha")
    lines = (fixtures_dir / "alpha.yaml").read_text(encoding="utf-8").splitlines()
    for item in (*alpha.questions, *alpha.cards, *alpha.drills, *alpha.experiments):
        assert item.source.file.endswith("alpha.yaml")
        assert lines[item.source.line - 1].strip() == f"- id: {item.id}"


def test_drills_of_every_kind(deck):
    order, failure = deck.topic("alpha").drills
    (concept,) = deck.topic("beta").drills
    assert isinstance(order, ReorderDrill) and order.steps[0] == "Compute the gradient"
    assert isinstance(failure, FailureDrill) and failure.fix == "beta-ravine"
    assert [c.correct for c in failure.causes] == [True, False]
    assert isinstance(concept, ConceptDrill) and concept.compare == "alpha-too-large"


def test_experiments_keep_runs_hyper_parameters_and_claims(deck):
    ravine = deck.experiment("beta-ravine")
    assert ravine.surface.name == "quadratic" and ravine.surface.params["curvatures"] == (1, 100)
    assert ravine.start is None and ravine.seed == 3 and ravine.steps == 200
    assert [r.label for r in ravine.runs] == ["sgd", "adam"]
    assert ravine.runs[1].hparams == {"lr": 0.1, "betas": (0.9, 0.999), "amsgrad": False, "bias_correction": "both"}
    assert [c.kind for c in ravine.claims] == ["loss_below_run", "effective_lr_above", "param_final_between"]
    assert ravine.claims[1].args == {"run": "adam", "param": 0, "than_param": 1, "at": 10}
    # A run label defaults to the optimizer name.
    assert deck.experiment("alpha-too-large").runs[0].label == "sgd"
    assert deck.experiment("alpha-too-large").start == (1.0, 1.0)
    with pytest.raises(TypeError):
        ravine.runs[1].hparams["lr"] = 1.0  # type: ignore[index]


def test_builtin_flag_follows_the_builtin_folder(fixtures_dir):
    user = load_deck([fixtures_dir])
    assert {t.builtin for t in user.topics} == {False}
    mixed = load_deck([fixtures_dir / "alpha.yaml", fixtures_dir / "beta.yaml"], builtin=fixtures_dir)
    assert {t.builtin for t in mixed.topics} == {True}


def test_a_file_named_twice_is_loaded_once(fixtures_dir):
    twice = load_deck([fixtures_dir, fixtures_dir / "alpha.yaml"])
    assert twice.problems == () and len(twice.topics) == 2


def test_a_missing_deck_folder_is_a_problem_not_a_crash(fixtures_dir, tmp_path):
    loaded = load_deck([fixtures_dir, tmp_path / "nowhere"])
    assert len(loaded.topics) == 2
    (problem,) = loaded.problems
    assert "nowhere" in problem.file and "no such file or folder" in problem.message


def test_the_collector_is_running_again_after_a_load(fixtures_dir, malformed_dir):
    load_deck([fixtures_dir, malformed_dir])
    assert gc.isenabled()


def test_c_and_python_loaders_build_the_same_topic(fixtures_dir, malformed_dir):
    for path in [*fixtures_dir.glob("*.yaml"), *malformed_dir.glob("*.yaml")]:
        data = path.read_bytes()
        fast = parse_text(data, path.name, False, loader=LocatedCSafeLoader)
        slow = parse_text(data, path.name, False, loader=LocatedPySafeLoader)
        assert fast.topic == slow.topic, path.name
        assert [(p.line, p.field) for p in fast.problems] == [(p.line, p.field) for p in slow.problems], path.name


def test_a_key_given_twice_is_reported(tmp_path):
    topic = tmp_path / "twice.yaml"
    topic.write_text("id: twice\ntitle: One\ntitle: Two\ntrack: t\nsummary: s\ntheory: t\n", encoding="utf-8")
    (problem,) = load_deck([topic]).problems
    assert (problem.line, problem.field) == (3, "title") and "twice" in problem.message


def test_yaml_booleans_where_text_is_due_are_reported_with_a_hint(tmp_path):
    topic = tmp_path / "yes.yaml"
    topic.write_text(
        "id: yes-topic\ntitle: T\ntrack: t\nsummary: s\ntheory: t\ncards:\n  - {id: yes-card, front: Is it?, back: yes}\n",
        encoding="utf-8",
    )
    (problem,) = load_deck([topic]).problems
    assert problem.field == "cards[0].back" and "quotes" in problem.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(lambda s: s.strip()),
)
def test_any_text_comes_back_exactly(tmp_path, text):
    # What a YAML writer produces for a string, the loader gives back unchanged.
    topic = {"id": "prop", "title": "T", "track": "t", "summary": "s", "theory": "t",
             "cards": [{"id": "prop-card", "front": text, "back": text + " [b]"}]}
    document = yaml.safe_dump(topic, allow_unicode=True).encode("utf-8")
    parsed = parse_text(document, "prop.yaml", False)
    assert parsed.problems == ()
    assert parsed.topic.cards[0].front == text and parsed.topic.cards[0].back == text + " [b]"


def test_app_deck_adds_content_option_and_environment_decks(fixtures_dir, tmp_path, monkeypatch):
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    (builtin / "alpha.yaml").write_bytes((fixtures_dir / "alpha.yaml").read_bytes())
    env_deck = tmp_path / "env-deck"
    env_deck.mkdir()
    (env_deck / "beta.yaml").write_bytes((fixtures_dir / "beta.yaml").read_bytes())
    monkeypatch.setattr(paths, "builtin_content_dir", lambda: builtin)
    monkeypatch.setenv("INTERVIEW_LAB_CONTENT", str(env_deck))

    deck = load_app_deck([], tmp_path / "data")
    assert deck.problems == ()
    assert {t.id: t.builtin for t in deck.topics} == {"alpha": True, "beta": False}

    # Without the environment deck, alpha's links to beta's experiment are reported.
    monkeypatch.delenv("INTERVIEW_LAB_CONTENT")
    assert any("beta-ravine" in p.message for p in load_app_deck([], None).problems)
    # The same deck named by --content works as well.
    deck = load_app_deck([str(env_deck)], None)
    assert deck.problems == () and deck.topic("beta").builtin is False


def test_the_builtin_deck_validates():
    builtin = paths.builtin_content_dir()
    files = sorted(builtin.glob("*.yaml"))
    deck = load_deck([builtin], builtin=builtin)
    assert [str(p) for p in deck.problems] == []
    assert len(deck.topics) == len(files), "every built-in file yields one topic"
    assert all(t.builtin for t in deck.topics)


@pytest.fixture
def pure_python_yaml(monkeypatch):
    """Parse as a machine without libyaml does: the loader picks this class at each parse."""
    from interview_lab.content import yaml_reader

    monkeypatch.setattr(yaml_reader, "LocatedCSafeLoader", LocatedPySafeLoader)


def test_deep_nesting_is_a_problem_of_its_file_only(tmp_path, fixtures_dir, pure_python_yaml):
    (tmp_path / "alpha.yaml").write_bytes((fixtures_dir / "alpha.yaml").read_bytes())
    (tmp_path / "beta.yaml").write_bytes((fixtures_dir / "beta.yaml").read_bytes())
    (tmp_path / "deep.yaml").write_text("id: deep\ntitle: Deep\ntrack: t\nrelated: " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")

    loaded = load_deck([tmp_path])

    assert [topic.id for topic in sorted(loaded.topics, key=lambda t: t.id)] == ["alpha", "beta"]
    (problem,) = loaded.problems
    assert problem.file.endswith("deep.yaml") and problem.line == 4
    assert "nested too deeply" in problem.message


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deep_nesting_is_reported_by_both_loaders(opening):
    closing = "]" if opening == "[" else "}"
    data = ("id: deep\ntitle: " + opening * 2000 + closing * 2000 + "\n").encode()
    for loader in (LocatedCSafeLoader, LocatedPySafeLoader):
        (problem,) = parse_text(data, "deep.yaml", False, loader=loader).problems
        assert problem.file == "deep.yaml" and problem.line == 2, loader.__name__


def test_running_out_of_memory_is_a_problem_of_its_file(tmp_path):
    class Hungry(LocatedPySafeLoader):
        def get_single_data(self):
            raise MemoryError

    parsed = parse_text(b"id: big\n", "big.yaml", False, loader=Hungry)
    (problem,) = parsed.problems
    assert parsed.topic is None and problem.file == "big.yaml" and "memory" in problem.message
