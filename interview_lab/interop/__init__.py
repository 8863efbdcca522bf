"""Export to Anki, plain text and Markdown; import from TSV/CSV."""
