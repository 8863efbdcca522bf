"""Progress store (SQLite) and scheduling (fsrs); see docs/review-api.md.

Nothing in this package imports Textual or numpy.
"""

from interview_lab.review.progress import Progress
from interview_lab.review.types import Grade, ItemStatus, ReviewRow, Stats, TopicCounts

__all__ = ["Grade", "ItemStatus", "Progress", "ReviewRow", "Stats", "TopicCounts"]
