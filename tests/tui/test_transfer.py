"""Export and import from the command palette: files land where asked, an
import shows its new topic on the home screen, and a bad file says why."""

from __future__ import annotations

import sqlite3
import zipfile

from interview_lab.tui.screens.home import HomeScreen
from interview_lab.tui.screens.transfer import TransferScreen

from .helpers import screen_text, settle

SIZE = (100, 30)


async def wait_for_transfer(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await settle(pilot, rounds=5)


async def fill(pilot, app, selector: str, text: str) -> None:
    field = app.screen.query_one(selector)
    field.value = ""
    field.focus()
    await pilot.press(*text)


async def test_palette_exports_an_anki_package(app, tmp_path):
    out = tmp_path / "deck.apkg"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Export to Anki (.apkg)")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TransferScreen)
        await fill(pilot, app, "#transfer-path", str(out))
        await pilot.press("enter")
        await wait_for_transfer(app, pilot)
        assert "exported 2 topics" in screen_text(app).lower()
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        collection = next(n for n in names if n.startswith("collection.anki2"))
        (tmp_path / "collection.db").write_bytes(package.read(collection))
    with sqlite3.connect(tmp_path / "collection.db") as db:
        assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 7  # 3 questions + 4 cards


async def test_import_from_the_palette_adds_a_topic_to_home(app, tmp_path):
    table = tmp_path / "mine.csv"
    table.write_text("front,back\nWhat is a saddle point?,A stationary point that is no extremum\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_transfer("import")
        await settle(pilot)
        await fill(pilot, app, "#transfer-path", str(table))
        await fill(pilot, app, "#transfer-deck", "My notes")
        await pilot.press("enter")
        await wait_for_transfer(app, pilot)
        assert "created" in screen_text(app)
        assert app.deck.topic("my-notes") is not None
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "My notes" in screen_text(app)
        # The new card is scheduled at once: it counts as due (new) in its topic.
        assert app.progress.counts("my-notes").total == 1


async def test_a_bad_file_is_reported_and_nothing_is_written(app, tmp_path):
    table = tmp_path / "latin1.csv"
    table.write_bytes("front,back\ncaf\xe9,x\n".encode("latin-1"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_transfer("import")
        await settle(pilot)
        await fill(pilot, app, "#transfer-path", str(table))
        await fill(pilot, app, "#transfer-deck", "Broken")
        await pilot.press("enter")
        await wait_for_transfer(app, pilot)
        text = screen_text(app)
        assert "latin1.csv" in text and "UTF-8" in text
        assert app.deck.topic("broken") is None
    assert not (app.data_dir / "decks" / "broken.yaml").exists()


async def test_review_history_export_counts_the_reviews(app, tmp_path):
    from interview_lab.review import Grade

    app.progress.grade("adam-card-eps", Grade.GOOD)
    out = tmp_path / "reviews.csv"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_transfer("reviews")
        await settle(pilot)
        await fill(pilot, app, "#transfer-path", str(out))
        await pilot.press("enter")
        await wait_for_transfer(app, pilot)
        assert "Wrote 1 review to" in screen_text(app)
    assert "adam-card-eps" in out.read_text(encoding="utf-8")
