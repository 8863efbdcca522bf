"""Export and import from the command palette: the same calls as the
`export`, `import` and `export-reviews` commands, run in a worker thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from interview_lab.tui.text import literal


@dataclass(frozen=True)
class Transfer:
    """One palette action: what it asks for and what it does."""

    key: str
    title: str
    help: str
    default_path: str
    asks_deck_name: bool = False


TRANSFERS: dict[str, Transfer] = {
    t.key: t
    for t in (
        Transfer("apkg", "Export to Anki (.apkg)", "An Anki package; importing it again updates notes instead of duplicating them.", "~/interview-lab.apkg"),
        Transfer("tsv", "Export to Anki text (.tsv)", "Anki's text import format, with its header lines.", "~/interview-lab.tsv"),
        Transfer("markdown", "Export to Markdown", "One readable Markdown file per topic, in this folder.", "~/interview-lab-markdown"),
        Transfer("import", "Import cards from TSV/CSV", "Creates or extends a deck of your own; rows it skips are listed.", "~/cards.csv", asks_deck_name=True),
        Transfer("reviews", "Export review history (CSV)", "Every review: item, time, rating, duration, state.", "~/interview-lab-reviews.csv"),
    )
}


class TransferScreen(ModalScreen[None]):
    """Ask for a path (and a deck name for imports), then run the transfer."""

    CSS_PATH = Path(__file__).parent.parent / "transfer.tcss"
    BINDINGS = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.transfer = TRANSFERS[key]

    def compose(self) -> ComposeResult:
        t = self.transfer
        with Vertical(id="transfer-box"):
            yield Static(literal(t.title, "bold $accent"), id="transfer-title")
            yield Static(literal(t.help, "$text-muted"))
            yield Label("File" if t.key not in ("markdown",) else "Folder")
            yield Input(t.default_path, id="transfer-path")
            if t.asks_deck_name:
                yield Label("Deck name")
                yield Input(placeholder="e.g. My interview notes", id="transfer-deck")
                yield Checkbox("Replace the deck if it exists (--force)", id="transfer-force")
            yield Static(id="transfer-result")
            with Horizontal(id="transfer-buttons"):
                yield Button("Go", variant="primary", id="transfer-go")
                yield Button("Close", id="transfer-close")

    def on_mount(self) -> None:
        self.query_one("#transfer-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "transfer-path" and self.transfer.asks_deck_name:
            self.query_one("#transfer-deck", Input).focus()
        else:
            self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "transfer-go":
            self.start()
        else:
            self.dismiss()

    def show(self, text: str, error: bool = False) -> None:
        result = self.query_one("#transfer-result", Static)
        result.set_class(error, "-error")
        result.update(literal(text))

    def start(self) -> None:
        path = self.query_one("#transfer-path", Input).value.strip()
        if not path:
            self.show("Give a file or folder first.", error=True)
            return
        deck_name = ""
        force = False
        if self.transfer.asks_deck_name:
            deck_name = self.query_one("#transfer-deck", Input).value.strip()
            force = self.query_one("#transfer-force", Checkbox).value
            if not deck_name:
                self.show("Give the deck a name first.", error=True)
                return
        self.query_one("#transfer-go", Button).disabled = True
        self.show("Working…")
        self.run_transfer(Path(path).expanduser(), deck_name, force)

    @work(thread=True, exclusive=True, group="transfer")
    def run_transfer(self, path: Path, deck_name: str, force: bool) -> None:
        app = self.app
        try:
            message = self.perform(path, deck_name, force)
        except (OSError, ValueError) as error:  # TableError is a ValueError too
            app.call_from_thread(self.finish, str(error), True)
            return
        app.call_from_thread(self.finish, message, False)

    def perform(self, path: Path, deck_name: str, force: bool) -> str:
        from interview_lab import interop

        app = self.app
        key = self.transfer.key
        if key in ("apkg", "tsv", "markdown"):
            return interop.export_deck(app.deck, key, path).line().capitalize()
        if key == "reviews":
            count = interop.export_reviews(app.progress, app.deck, path)
            return f"Wrote {count} review{'s' if count != 1 else ''} to {path}"
        from interview_lab import paths

        report = interop.import_table(
            path, deck_name, app.data_dir, force=force, other_topics=app.deck,
            link_sources=paths.content_sources(app.content_options, app.data_dir),
        )
        app.call_from_thread(app.reload_deck)
        return "\n".join(report.lines())

    def finish(self, message: str, error: bool) -> None:
        self.query_one("#transfer-go", Button).disabled = False
        self.show(message, error=error)
        self.app.notify(message, severity="error" if error else "information", markup=False)
