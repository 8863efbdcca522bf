"""Our Markdown subset to the HTML Anki shows, and back.

Anki renders fields as HTML, so text is escaped and only what keeps Markdown
readable is rendered: fenced code blocks become <pre><code>, inline code
becomes <code>, line breaks become <br>. Everything else stays literal text.
`html_to_text` undoes exactly this, so a TSV export imports back to the same
text; it also turns what Anki's editor writes (<div>, lists, bold) into
readable Markdown.
"""

from __future__ import annotations

import html
import re

FENCE = re.compile(r"^\s*(```|~~~)\s*([\w+.#-]*)\s*$")
INLINE_CODE = re.compile(r"`([^`\n]+)`")
PRE_BLOCK = re.compile(r"<pre><code(?: class=\"language-([\w+.#-]+)\")?>(.*?)</code></pre>", re.DOTALL | re.IGNORECASE)
INLINE_CODE_TAG = re.compile(r"<code>(.*?)</code>", re.DOTALL | re.IGNORECASE)
LINE_BREAK_TAG = re.compile(r"<br\s*/?>|<div[^>]*>|<p[^>]*>|</?h\d[^>]*>|</[uo]l>", re.IGNORECASE)
LIST_ITEM_TAG = re.compile(r"<li[^>]*>", re.IGNORECASE)
BOLD_TAG = re.compile(r"</?(?:b|strong)>", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]+>")


def markdown_to_html(text: str) -> str:
    """Escaped HTML for one field; code blocks keep their line breaks inside <pre>."""
    parts: list[str] = []
    prose: list[str] = []
    code: list[str] | None = None
    language = ""
    fence = ""

    def flush_prose() -> None:
        if prose:
            parts.append("<br>".join(render_inline(line) for line in prose))
            prose.clear()

    for line in text.strip("\n").split("\n"):
        match = FENCE.match(line)
        if code is None and match:
            flush_prose()
            code, fence, language = [], match.group(1), match.group(2)
        elif code is not None and line.strip() == fence:
            parts.append(render_code_block(code, language))
            code = None
        elif code is not None:
            code.append(line)
        else:
            prose.append(line)
    if code is not None:  # an unclosed fence: still show it as code
        parts.append(render_code_block(code, language))
    flush_prose()
    return "".join(parts)


def render_inline(line: str) -> str:
    pieces = INLINE_CODE.split(line)
    # split() alternates: text, code, text, code, ...
    return "".join(
        f"<code>{html.escape(piece)}</code>" if index % 2 else html.escape(piece) for index, piece in enumerate(pieces)
    )


def render_code_block(lines: list[str], language: str) -> str:
    attribute = f' class="language-{html.escape(language)}"' if language else ""
    return f"<pre><code{attribute}>{html.escape(chr(10).join(lines))}</code></pre>"


def html_to_text(field: str) -> str:
    """Plain Markdown from an Anki field (ours or one a user wrote in Anki)."""
    blocks: list[str] = []

    def keep_block(match: re.Match[str]) -> str:
        language = match.group(1) or ""
        body = html.unescape(match.group(2))
        blocks.append(f"```{language}\n{body}\n```")
        return f"\x00{len(blocks) - 1}\x00"

    text = PRE_BLOCK.sub(keep_block, field)
    text = INLINE_CODE_TAG.sub(lambda m: "`" + m.group(1) + "`", text)
    text = LINE_BREAK_TAG.sub("\n", text)
    text = LIST_ITEM_TAG.sub("\n- ", text)
    text = BOLD_TAG.sub("**", text)
    text = ANY_TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")  # Anki's editor sprinkles &nbsp;
    # A block sits on its own lines, as it did in the Markdown it came from.
    pieces = re.split(r"\x00(\d+)\x00", text)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append("\n" + blocks[int(piece)] + "\n")
        else:
            out.append(piece)
    lines = "".join(out).split("\n")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip("\n").strip()
