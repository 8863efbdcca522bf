"""Time counts()/due_ids() on a 10,000-item deck against a naive per-item Python loop."""
import sys, tempfile, time
from datetime import datetime, timedelta, timezone
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.review.conftest import make_topic
from interview_lab.content.model import Deck
from interview_lab.review import Progress, Grade

topics = tuple(make_topic(f"t{n}", questions=100, cards=100) for n in range(50))
deck = Deck(topics=topics)
now = datetime(2026, 12, 4, 12, tzinfo=timezone.utc)
d = tempfile.mkdtemp()
t0 = time.perf_counter()
p = Progress.open(d, deck, fuzz=True, new_per_day=100000)
t_open = time.perf_counter() - t0
t0 = time.perf_counter()
ids = [i for t in topics for i in (t.questions[0].id, t.cards[0].id)]
for k, topic in enumerate(topics):
    for item in (*topic.questions[:40], *topic.cards[:40]):
        p.grade(item.id, Grade(1 + hash(item.id) % 4), now=now - timedelta(days=k % 20))
graded = len(list(p.review_log()))
t_grade = (time.perf_counter() - t0) / graded
p.close()
t0 = time.perf_counter(); p = Progress.open(d, deck, new_per_day=20); t_open2 = time.perf_counter() - t0

def timeit(fn, n=5):
    best = 1e9
    for _ in range(n):
        t0 = time.perf_counter(); fn(); best = min(best, time.perf_counter() - t0)
    return best

t_counts_all = timeit(lambda: [p.counts(t.id, now=now) for t in topics])
t_due_all = timeit(lambda: p.due_ids(now=now))
t_due_topic = timeit(lambda: [p.due_ids(t.id, now=now) for t in topics])
t_stats = timeit(lambda: p.stats(now=now), 3)
t_recall = timeit(lambda: p.recall_on(now.date() + timedelta(days=30), now=now), 3)
# naive baseline: per-item status() loop in Python (what SQL aggregation avoids)
def naive():
    return sum(1 for t in topics[:5] for i in (*t.questions, *t.cards) if (s := p.status(i.id)).due and s.due <= now)
t_naive5 = timeit(naive, 2)
print(f"deck items: {sum(len(t.questions)+len(t.cards) for t in topics)}, graded: {graded}")
print(f"open (fresh): {t_open*1000:.1f} ms; reopen: {t_open2*1000:.1f} ms; grade: {t_grade*1000:.2f} ms each")
print(f"counts() for all 50 topics: {t_counts_all*1000:.1f} ms ({t_counts_all/50*1000:.2f} ms per topic)")
print(f"due_ids() whole deck: {t_due_all*1000:.1f} ms; due_ids(topic) x50: {t_due_topic*1000:.1f} ms")
print(f"stats(): {t_stats*1000:.1f} ms; recall_on(): {t_recall*1000:.1f} ms")
print(f"naive per-item status loop, 5 topics: {t_naive5*1000:.1f} ms -> ratio vs counts() for 5 topics: {t_naive5/(t_counts_all/10):.0f}x")
