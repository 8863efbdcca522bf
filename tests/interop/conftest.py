"""Decks built from the content model directly, with text that is awkward to export."""

from __future__ import annotations

import pytest

from interview_lab.content.model import Card, Deck, Question, Topic

CODE_ANSWER = """Keep two running averages:

```python
m = beta1 * m + (1 - beta1) * g
v = beta2 * v + (1 - beta2) * g * g
```

then step by `lr * m_hat / (sqrt(v_hat) + eps)` when a < b & c > d."""


def make_topics() -> tuple[Topic, ...]:
    adam = Topic(
        id="adam",
        title="Adam optimizer",
        track="optimization",
        summary="Adaptive moments.",
        theory="## The idea\n\nOne step size per parameter.",
        questions=(
            Question(
                id="adam-moments",
                topic_id="adam",
                tier="expert",
                prompt="What are the two moments <m> & <v>?",
                answer=CODE_ANSWER,
                key_points=("first moment: mean of gradients", "second moment: mean of g^2"),
                senior_angle="Bias correction matters in early steps.",
            ),
            Question(
                id="adam-name",
                topic_id="adam",
                tier="beginner",
                prompt="What does Adam stand for?",
                answer="Adaptive moment estimation.",
                key_points=("adaptive moment estimation",),
            ),
        ),
        cards=(
            Card(id="adam-card-defaults", topic_id="adam", front="Adam defaults in PyTorch?", back="lr 1e-3, betas (0.9, 0.999), eps 1e-8"),
            Card(id="adam-card-html", topic_id="adam", front="Is <b>this</b> bold?", back="No: it is shown as text & stays escaped."),
            Card(id="adam-card-hash", topic_id="adam", front="# starts with a hash", back="line one\nline two\ttabbed"),
        ),
    )
    sgd = Topic(
        id="sgd",
        title="Stochastic gradient descent",
        track="optimization",
        summary="The baseline.",
        theory="Plain steps.",
        cards=(Card(id="sgd-card-1", topic_id="sgd", front="SGD update?", back="`x -= lr * g`"),),
    )
    return adam, sgd


@pytest.fixture
def deck() -> Deck:
    return Deck(topics=make_topics())


@pytest.fixture
def app_deck(monkeypatch, deck):
    """Make the commands see `deck` as the app's deck (no YAML needed)."""
    import interview_lab.content

    monkeypatch.setattr(interview_lab.content, "load_app_deck", lambda content, data_dir: deck, raising=False)
    return deck
