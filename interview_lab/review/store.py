"""The progress database: the only module that writes SQLite.

One file, `progress.sqlite3`, in WAL mode with a busy timeout so that two app
instances can share it. Every write is one `BEGIN IMMEDIATE` transaction,
committed before the method returns. A file that is not a valid progress
database is never written to: it is renamed aside and a fresh one is created.

Times are stored as integer microseconds since the Unix epoch (UTC), so they
compare in SQL and come back exactly.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
APPLICATION_ID = 0x494C4142  # "ILAB": tells our files from other SQLite files
BUSY_TIMEOUT_MS = 15_000
DB_FILENAME = "progress.sqlite3"

Row = dict[str, Any]


class InvalidDatabase(Exception):
    """The file exists but is not a progress database this version can use."""


def to_us(moment: datetime) -> int:
    delta = moment.astimezone(timezone.utc) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def from_us(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it would commit the migration's open transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE items (
            item_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            topic_id TEXT NOT NULL,
            card_json TEXT NOT NULL,
            state INTEGER NOT NULL,
            due_us INTEGER NOT NULL,
            last_review_us INTEGER,
            stability REAL,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX items_due ON items (due_us);
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            item_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            topic_id TEXT NOT NULL,
            tier TEXT NOT NULL,
            reviewed_at_us INTEGER NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            duration_ms INTEGER,
            state_before INTEGER NOT NULL,
            cram INTEGER NOT NULL DEFAULT 0,
            item_before_json TEXT
        );
        CREATE INDEX reviews_time ON reviews (reviewed_at_us);
        CREATE INDEX reviews_item ON reviews (item_id);
        CREATE TABLE drills (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            drill_id TEXT NOT NULL,
            topic_id TEXT NOT NULL,
            at_us INTEGER NOT NULL,
            correct INTEGER NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX drills_topic ON drills (topic_id);
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


# MIGRATIONS[n] takes a database from user_version n to n + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_0_to_1,)
assert len(MIGRATIONS) == SCHEMA_VERSION

REQUIRED_COLUMNS: dict[str, set[str]] = {
    "items": {"item_id", "kind", "topic_id", "card_json", "state", "due_us", "last_review_us", "stability", "reps", "lapses"},
    "reviews": {"id", "item_id", "kind", "topic_id", "tier", "reviewed_at_us", "rating", "duration_ms", "state_before", "cram", "item_before_json"},
    "drills": {"id", "drill_id", "topic_id", "at_us", "correct", "detail"},
    "settings": {"name", "value"},
}

ITEM_COLUMNS = ("item_id", "kind", "topic_id", "card_json", "state", "due_us", "last_review_us", "stability", "reps", "lapses")


def _is_corruption(error: sqlite3.DatabaseError) -> bool:
    """A damaged or foreign file, as opposed to a transient condition such as a lock."""
    if not isinstance(error, sqlite3.OperationalError):
        return True  # "file is not a database", "database disk image is malformed", ...
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _inspect(conn: sqlite3.Connection) -> int:
    """The file's schema version (0 for a new, empty file); raises InvalidDatabase."""
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if not tables and version == 0 and app_id == 0:
        return 0
    if app_id != APPLICATION_ID:
        raise InvalidDatabase("not an interview-lab progress database")
    if version > SCHEMA_VERSION:
        raise InvalidDatabase(f"written by a newer interview-lab (schema {version}, this version knows {SCHEMA_VERSION})")
    if version < 1:
        raise InvalidDatabase("unknown schema")
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise InvalidDatabase("integrity check failed: " + "; ".join(problems[:3]))
    return version


def _check_tables(conn: sqlite3.Connection) -> None:
    for table, columns in REQUIRED_COLUMNS.items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not columns <= present:
            raise InvalidDatabase(f"table {table} is missing or incomplete")


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_dev, status.st_ino)


def _move_aside(path: Path, now: datetime) -> Path:
    """Rename the file (and its WAL companions) beside itself; never deletes anything."""
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    suffix = 1
    while target.exists():
        target = path.with_name(f"{path.name}.broken-{stamp}-{suffix}")
        suffix += 1
    path.rename(target)
    for extra in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + extra)
        if companion.exists():
            companion.rename(target.with_name(target.name + extra))
    return target


class Store:
    """Open with `Store.open(path)`; safe to share between threads of one process."""

    def __init__(self, conn: sqlite3.Connection, path: Path, moved_aside: Path | None, problem: str | None):
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.moved_aside = moved_aside
        self.problem = problem  # why the old file was moved aside

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path, now: datetime | None = None) -> Store:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        moved_aside: Path | None = None
        problem: str | None = None
        for _attempt in range(5):
            inspected = _file_identity(path)
            conn = _connect(path)
            try:
                cls._prepare(conn)
            except (InvalidDatabase, sqlite3.DatabaseError) as error:
                conn.close()
                if isinstance(error, sqlite3.DatabaseError) and not _is_corruption(error):
                    raise
                # Another instance may have moved the broken file and started a
                # fresh one meanwhile: only move the very file we inspected.
                if inspected is None or _file_identity(path) != inspected:
                    continue
                try:
                    moved_aside = _move_aside(path, now or datetime.now(timezone.utc))
                except FileNotFoundError:
                    continue
                problem = str(error)
                continue
            return cls(conn, path, moved_aside, problem)
        raise RuntimeError(f"could not create a progress database at {path}")

    @staticmethod
    def _prepare(conn: sqlite3.Connection) -> None:
        """Validate, then migrate; nothing is written before the file is known to be ours."""
        version = _inspect(conn)
        if version < SCHEMA_VERSION:
            if version == 0:
                # WAL must be chosen outside a transaction; the file is empty, so this is safe.
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another instance may have created or migrated it meanwhile.
                version = _inspect(conn)
                for step in range(version, SCHEMA_VERSION):
                    MIGRATIONS[step](conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        _check_tables(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a grade survives power loss too, not only a killed process.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _run_script(
            conn,
            """
            CREATE TEMP TABLE IF NOT EXISTS deck_items (
                item_id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                topic_id TEXT NOT NULL,
                tier TEXT NOT NULL,
                position INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS temp.deck_items_topic ON deck_items (topic_id, position);
            """
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, tuple(params)).fetchall()

    # -- the deck (a per-connection temporary table, never in the file) ------

    def set_deck(self, items: Iterable[tuple[str, str, str, str]]) -> None:
        """Items as (item_id, kind, topic_id, tier or "cards"), in study order."""
        rows = [(*item, position) for position, item in enumerate(items)]
        with self._lock:
            self._conn.execute("BEGIN")
            self._conn.execute("DELETE FROM temp.deck_items")
            self._conn.executemany("INSERT OR IGNORE INTO temp.deck_items VALUES (?, ?, ?, ?, ?)", rows)
            self._conn.execute("COMMIT")

    # -- items and reviews ---------------------------------------------------

    def item(self, item_id: str) -> Row | None:
        rows = self._rows(f"SELECT {', '.join(ITEM_COLUMNS)} FROM items WHERE item_id = ?", (item_id,))
        return dict(zip(ITEM_COLUMNS, rows[0])) if rows else None

    def record_review(
        self,
        item_id: str,
        *,
        kind: str,
        topic_id: str,
        tier: str,
        rating: int,
        reviewed_at: datetime,
        duration_ms: int | None,
        cram: bool,
        next_item: Callable[[Row | None], Row | None],
    ) -> int:
        """Log one grade and store the item's new schedule in one committed transaction.

        `next_item` receives the item's current row (None if never graded),
        read inside the transaction, and returns the row to store (None:
        leave the schedule as it is, as in cram). Returns the review id.
        """
        with self._write() as conn:
            before = conn.execute(f"SELECT {', '.join(ITEM_COLUMNS)} FROM items WHERE item_id = ?", (item_id,)).fetchone()
            before_row = dict(zip(ITEM_COLUMNS, before)) if before else None
            after_row = next_item(before_row)
            cursor = conn.execute(
                "INSERT INTO reviews (item_id, kind, topic_id, tier, reviewed_at_us, rating, duration_ms,"
                " state_before, cram, item_before_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item_id,
                    kind,
                    topic_id,
                    tier,
                    to_us(reviewed_at),
                    int(rating),
                    duration_ms,
                    before_row["state"] if before_row else 0,
                    int(cram),
                    json.dumps(before_row) if before_row else None,
                ),
            )
            if after_row is not None:
                conn.execute(
                    f"INSERT OR REPLACE INTO items ({', '.join(ITEM_COLUMNS)}) VALUES ({', '.join('?' * len(ITEM_COLUMNS))})",
                    tuple(after_row[column] for column in ITEM_COLUMNS),
                )
            return int(cursor.lastrowid)

    def undo_review(self, review_id: int) -> str | None:
        """Delete the review and put the item back as it was before it, in one transaction.

        Refuses (returns None) when the review is gone or the item was graded
        again afterwards (by another instance): restoring would drop that grade.
        """
        with self._write() as conn:
            row = conn.execute("SELECT item_id, cram, item_before_json FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None:
                return None
            item_id, cram, before_json = row
            if not cram:
                later = conn.execute(
                    "SELECT 1 FROM reviews WHERE item_id = ? AND id > ? AND cram = 0 LIMIT 1", (item_id, review_id)
                ).fetchone()
                if later:
                    return None
                if before_json is None:
                    conn.execute("DELETE FROM items WHERE item_id = ?", (item_id,))
                else:
                    before = json.loads(before_json)
                    conn.execute(
                        f"INSERT OR REPLACE INTO items ({', '.join(ITEM_COLUMNS)}) VALUES ({', '.join('?' * len(ITEM_COLUMNS))})",
                        tuple(before[column] for column in ITEM_COLUMNS),
                    )
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            return str(item_id)

    def review_rows(self) -> Iterator[tuple[str, int, int, int | None, int, int]]:
        """(item_id, reviewed_at_us, rating, duration_ms, state_before, cram), oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT item_id, reviewed_at_us, rating, duration_ms, state_before, cram FROM reviews ORDER BY id"
            ).fetchall()
        yield from rows

    # -- queries over the deck -----------------------------------------------

    @staticmethod
    def _deck_filter(topic_id: str | None, kind: str | None) -> tuple[str, list[Any]]:
        """SQL conditions (and their parameters) narrowing temp.deck_items `d` to a topic and a kind."""
        sql, params = "", []
        if topic_id is not None:
            sql += " AND d.topic_id = ?"
            params.append(topic_id)
        if kind is not None:
            sql += " AND d.kind = ?"
            params.append(kind)
        return sql, params

    def due_scheduled(self, now_us: int, topic_id: str | None, kind: str | None) -> list[str]:
        where, params = self._deck_filter(topic_id, kind)
        sql = "SELECT d.item_id FROM temp.deck_items d JOIN items i ON i.item_id = d.item_id WHERE i.due_us <= ?"
        return [row[0] for row in self._rows(sql + where + " ORDER BY i.due_us, d.position", [now_us, *params])]

    def unseen(self, topic_id: str | None, kind: str | None, limit: int) -> list[str]:
        where, params = self._deck_filter(topic_id, kind)
        sql = "SELECT d.item_id FROM temp.deck_items d LEFT JOIN items i ON i.item_id = d.item_id WHERE i.item_id IS NULL"
        return [row[0] for row in self._rows(sql + where + " ORDER BY d.position LIMIT ?", [*params, limit])]

    def new_graded_since(self, since_us: int) -> int:
        """Items first graded (outside cram) since the given moment: what the daily new limit counts."""
        return self._rows(
            "SELECT count(*) FROM reviews WHERE reviewed_at_us >= ? AND state_before = 0 AND cram = 0", (since_us,)
        )[0][0]

    def topic_counts(self, topic_id: str, now_us: int) -> tuple[int, int, int, dict[str, tuple[int, int]]]:
        """(total, seen, scheduled due, {tier: (seen, total)} for questions)."""
        total, seen, due = self._rows(
            "SELECT count(*), count(i.item_id), coalesce(sum(i.due_us <= ?), 0)"
            " FROM temp.deck_items d LEFT JOIN items i ON i.item_id = d.item_id WHERE d.topic_id = ?",
            (now_us, topic_id),
        )[0]
        tiers = {
            tier: (tier_seen, tier_total)
            for tier, tier_seen, tier_total in self._rows(
                "SELECT d.tier, count(i.item_id), count(*) FROM temp.deck_items d"
                " LEFT JOIN items i ON i.item_id = d.item_id WHERE d.topic_id = ? AND d.kind = 'question' GROUP BY d.tier",
                (topic_id,),
            )
        }
        return total, seen, due, tiers

    def seen_by_topic(self, now_us: int) -> dict[str, tuple[int, int, int]]:
        """topic_id -> (total, seen, scheduled due) for every topic of the deck."""
        return {
            topic: (total, seen, due)
            for topic, total, seen, due in self._rows(
                "SELECT d.topic_id, count(*), count(i.item_id), coalesce(sum(i.due_us <= ?), 0)"
                " FROM temp.deck_items d LEFT JOIN items i ON i.item_id = d.item_id GROUP BY d.topic_id",
                (now_us,),
            )
        }

    def review_times_since(self, since_us: int) -> list[int]:
        return [row[0] for row in self._rows("SELECT reviewed_at_us FROM reviews WHERE reviewed_at_us >= ?", (since_us,))]

    def due_times_before(self, until_us: int) -> list[int]:
        return [
            row[0]
            for row in self._rows(
                "SELECT i.due_us FROM temp.deck_items d JOIN items i ON i.item_id = d.item_id WHERE i.due_us < ?",
                (until_us,),
            )
        ]

    def retention(self, by: str) -> dict[str, tuple[int, int]]:
        """group -> (graded outside cram, of which not "again"); `by` is "topic" or "tier".

        The deck's current topic and tier win over the logged ones, so an item
        moved between topics counts where it now lives.
        """
        column = {"topic": "topic_id", "tier": "tier"}[by]
        return {
            group: (count, passed)
            for group, count, passed in self._rows(
                f"SELECT coalesce(d.{column}, r.{column}), count(*), sum(r.rating > 1) FROM reviews r"
                f" LEFT JOIN temp.deck_items d ON d.item_id = r.item_id WHERE r.cram = 0 GROUP BY 1"
            )
        }

    def reviews_by_topic(self) -> dict[str, int]:
        return dict(
            self._rows(
                "SELECT coalesce(d.topic_id, r.topic_id), count(*) FROM reviews r"
                " LEFT JOIN temp.deck_items d ON d.item_id = r.item_id GROUP BY 1"
            )
        )

    def total_reviews(self) -> int:
        return self._rows("SELECT count(*) FROM reviews")[0][0]

    def deck_memory(self) -> list[tuple[str, str, float | None, int | None]]:
        """(topic_id, tier, stability, last_review_us) per deck item; None for unseen items."""
        return self._rows(
            "SELECT d.topic_id, d.tier, i.stability, i.last_review_us FROM temp.deck_items d"
            " LEFT JOIN items i ON i.item_id = d.item_id ORDER BY d.position"
        )

    # -- drills and settings ---------------------------------------------------

    def record_drill(self, drill_id: str, topic_id: str, correct: bool, detail: str, at: datetime) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO drills (drill_id, topic_id, at_us, correct, detail) VALUES (?, ?, ?, ?, ?)",
                (drill_id, topic_id, to_us(at), int(bool(correct)), detail),
            )

    def drills_by_topic(self) -> dict[str, tuple[int, int]]:
        return {
            topic: (attempts, correct)
            for topic, attempts, correct in self._rows("SELECT topic_id, count(*), sum(correct) FROM drills GROUP BY topic_id")
        }

    def get_setting(self, name: str) -> Any:
        rows = self._rows("SELECT value FROM settings WHERE name = ?", (name,))
        return json.loads(rows[0][0]) if rows else None

    def has_setting(self, name: str) -> bool:
        return bool(self._rows("SELECT 1 FROM settings WHERE name = ?", (name,)))

    def set_setting(self, name: str, value: Any) -> None:
        with self._write() as conn:
            if value is None:
                conn.execute("DELETE FROM settings WHERE name = ?", (name,))
            else:
                conn.execute("INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)", (name, json.dumps(value)))
