"""Reading spreadsheet and Anki text files: delimiters, headers, encodings, bad rows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_lab.interop.markup import html_to_text, markdown_to_html
from interview_lab.interop.table_import import TableError, read_table, slugify


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "delimiter"),
    [
        ("a.csv", "What is Adam?,Adaptive moments\nWhat is SGD?,Plain steps\n", ","),
        ("a.csv", "What is Adam?;Adaptive moments, per parameter\nWhat is SGD?;Plain steps, one rate\n", ";"),
        ("a.tsv", "What is Adam?\tAdaptive moments, per parameter\nWhat is SGD?\tPlain steps\n", "\t"),
        ("a.txt", "What is Adam?\tAdaptive moments\nWhat is SGD?\tPlain steps\n", "\t"),
    ],
)
def test_delimiter_is_detected(tmp_path, name, content, delimiter):
    table = read_table(write(tmp_path, name, content))
    assert table.delimiter == delimiter
    assert [(row.front, row.back) for row in table.cards][0][0] == "What is Adam?"
    assert len(table.cards) == 2 and table.skipped == []


def test_header_row_with_known_names_is_not_a_card(tmp_path):
    table = read_table(write(tmp_path, "a.csv", "Front,Back\nWhat is Adam?,Adaptive moments\n"))
    assert [(row.front, row.back) for row in table.cards] == [("What is Adam?", "Adaptive moments")]
    assert table.header == ("Front", "Back")


def test_header_columns_may_come_in_any_order(tmp_path):
    table = read_table(write(tmp_path, "a.csv", "answer,question\nAdaptive moments,What is Adam?\n"))
    assert [(row.front, row.back) for row in table.cards] == [("What is Adam?", "Adaptive moments")]


def test_without_header_the_first_row_is_a_card(tmp_path):
    table = read_table(write(tmp_path, "a.csv", "What is Adam?,Adaptive moments\nWhat is SGD?,Plain steps\n"))
    assert table.header is None
    assert table.cards[0].front == "What is Adam?"


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path, "a.csv", "\ufefffront,back\nÉtape?,Schritt ü\n")
    table = read_table(path)
    assert [(row.front, row.back) for row in table.cards] == [("Étape?", "Schritt ü")]


def test_wrong_encoding_names_file_and_byte_position(tmp_path):
    path = write(tmp_path, "latin.csv", "front,back\nÉtape,x\n", encoding="latin-1")
    with pytest.raises(TableError) as error:
        read_table(path)
    message = str(error.value)
    assert str(path) in message and "UTF-8" in message
    assert "byte 0xc9 at position 11" in message


@pytest.mark.parametrize("content", ["", "   \n\n", "#separator:Tab\n#html:true\n"])
def test_empty_file_is_a_clear_error(tmp_path, content):
    path = write(tmp_path, "empty.tsv", content)
    with pytest.raises(TableError, match="nothing to import"):
        read_table(path)


def test_ragged_rows_are_skipped_with_their_row_number(tmp_path):
    content = "front,back\n" + "".join(f"q{n},a{n}\n" for n in range(5)) + "q5,a5,extra\nq6\nq7,a7\n"
    table = read_table(write(tmp_path, "a.csv", content))
    assert table.skipped == ["row 7: expected 2 fields, got 3", "row 8: expected 2 fields, got 1"]
    assert [row.front for row in table.cards] == ["q0", "q1", "q2", "q3", "q4", "q7"]


def test_empty_sides_and_duplicates_are_reported(tmp_path):
    content = "front,back\nq1,a1\n,a2\nq3,\nQ1 ,other\n"
    table = read_table(write(tmp_path, "a.csv", content))
    assert table.skipped == [
        "row 3: the front is empty",
        "row 4: the back is empty",
        "row 5: the same front as row 2",
    ]


def test_quoted_fields_keep_commas_and_newlines(tmp_path):
    content = 'front,back\n"Adam, in one line?","Two moments,\nper parameter"\nnext,row\n'
    table = read_table(write(tmp_path, "a.csv", content))
    assert table.cards[0].front == "Adam, in one line?"
    assert table.cards[0].back == "Two moments,\nper parameter"
    assert table.cards[1].line == 4


def test_single_column_is_refused(tmp_path):
    with pytest.raises(TableError, match="single column"):
        read_table(write(tmp_path, "a.csv", "just one\ncolumn here\n"))


def test_questions_come_from_tier_and_key_point_columns(tmp_path):
    content = (
        "question,answer,tier,key_points\n"
        "What is Adam?,Adaptive moments,beginner,two moments; per-parameter step\n"
        "Why bias correction?,Zero init,expert,\n"
        "What is a card?,A plain card,,\n"
        "Odd tier?,x,guru,p\n"
    )
    table = read_table(write(tmp_path, "a.csv", content))
    assert [(q.prompt, q.tier, q.key_points) for q in table.questions] == [
        ("What is Adam?", "beginner", ("two moments", "per-parameter step"))
    ]
    assert [c.front for c in table.cards] == ["What is a card?"]
    assert table.skipped[0].startswith("row 3: a question needs key points")
    assert table.skipped[1].startswith("row 5: tier 'guru' is not one of")


def test_anki_text_export_is_read_with_its_header_lines(tmp_path):
    content = (
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
        "abc\tBasic\tDefault\tWhat is <b>Adam</b>?\tTwo&nbsp;moments<br>per parameter\tml\n"
    )
    table = read_table(write(tmp_path, "anki.txt", content))
    assert [(row.front, row.back) for row in table.cards] == [("What is **Adam**?", "Two moments\nper parameter")]
    assert table.cards[0].line == 7


# Characters str.splitlines() breaks at that csv and spreadsheets do not: they belong to the cell.
NOT_LINE_BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("character", NOT_LINE_BREAKS, ids=[f"U+{ord(c):04X}" for c in NOT_LINE_BREAKS])
def test_unicode_line_separators_stay_inside_their_cell(tmp_path, character):
    content = f"front,back\nWhat is X?,line one{character}line two\nWhat is Y?,y\nWhat is Z?,zed\n"
    table = read_table(write(tmp_path, "a.csv", content))
    assert table.skipped == []
    assert [(row.line, row.front, row.back) for row in table.cards] == [
        (2, "What is X?", f"line one{character}line two"),
        (3, "What is Y?", "y"),
        (4, "What is Z?", "zed"),
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_row_numbers_count_lf_crlf_and_cr_lines(tmp_path, newline):
    content = newline.join(["front,back", "q1,a1\x0bmore", '"q2","two', 'lines"', "q3", "q4,a4", ""])
    table = read_table(write(tmp_path, "a.csv", content))
    assert [(row.line, row.front) for row in table.cards] == [(2, "q1"), (3, "q2"), (6, "q4")]
    assert table.cards[1].back == f"two{newline}lines"
    assert table.skipped == ["row 5: expected 2 fields, got 1"]


def test_anki_header_lines_end_at_the_first_note_even_with_a_form_feed(tmp_path):
    content = "#separator:tab\n#html:false\nWhat is X?\tpage one\x0cpage two\nWhat is Y?\ty\n"
    table = read_table(write(tmp_path, "anki.txt", content))
    assert [(row.line, row.back) for row in table.cards] == [(3, "page one\x0cpage two"), (4, "y")]


@pytest.mark.parametrize(
    "content",
    [
        "front one,back one\n",  # a one-row file
        "Rome,Italy\nParis,France\n",  # short label-like cells
        "Hund,dog\nKatze,cat\nMaus,mouse\n",
        "Question,What does the first row hold?\nAnswer,a card\n",  # one known name is not a header
    ],
)
def test_a_first_row_without_known_column_names_is_a_card(tmp_path, content):
    table = read_table(write(tmp_path, "a.csv", content))
    assert table.header is None and table.notes == []
    assert [f"{row.front},{row.back}\n" for row in table.cards] == content.splitlines(keepends=True)


@pytest.mark.parametrize(
    ("first_row", "header"),
    [
        ("Front,Back", ("Front", "Back")),
        ("QUESTION,ANSWER", ("QUESTION", "ANSWER")),
        ("Term,Definition,Notes", ("Term", "Definition", "Notes")),
        ("question,answer,tier,key_points,senior_angle", ("question", "answer", "tier", "key_points", "senior_angle")),
    ],
)
def test_a_first_row_of_known_column_names_is_the_header(tmp_path, first_row, header):
    extra = "," * (len(header) - 2)
    table = read_table(write(tmp_path, "a.csv", f"{first_row}\nWhat is Adam?,Adaptive moments{extra}\n"))
    assert table.header == header
    assert [(row.front, row.back) for row in table.cards] == [("What is Adam?", "Adaptive moments")]


def test_an_anki_export_has_no_header_row_unless_columns_says_so(tmp_path):
    plain = read_table(write(tmp_path, "notes.txt", "#separator:tab\n#html:false\nFront\tBack\nq\ta\n"))
    assert plain.header is None
    assert [(row.line, row.front) for row in plain.cards] == [(3, "Front"), (4, "q")]

    named = read_table(write(tmp_path, "named.txt", "#separator:tab\n#columns:Back\tFront\nq\ta\n"))
    assert named.header == ("Back", "Front")
    assert [(row.front, row.back) for row in named.cards] == [("a", "q")]


def test_a_header_without_rows_names_the_cause(tmp_path):
    with pytest.raises(TableError, match=r"only a header row \(front, back\): nothing to import"):
        read_table(write(tmp_path, "a.csv", "front,back\n\n"))


def test_semicolons_win_over_decimal_commas(tmp_path):
    table = read_table(write(tmp_path, "a.csv", "1,5;eins komma fuenf\n2,5;zwei komma fuenf\n"))
    assert table.delimiter == ";" and table.header is None
    assert [(row.front, row.back) for row in table.cards] == [("1,5", "eins komma fuenf"), ("2,5", "zwei komma fuenf")]


@pytest.mark.parametrize(
    "content",
    [
        # Both delimiters split these rows evenly; the quoted decimal commas must not tip it to ';'.
        '"1,5","one and a half; roughly"\n"2,5","two and a half; roughly"\n',
        '"Adam, in one line?","moments;per parameter"\n"SGD, in one line?","steps;one rate"\n',
        "What is 2,5 + 1?,3,5\nWhat is 1,5 + 1?,2,5\n",  # decimal commas and no other delimiter
    ],
)
def test_commas_still_win_in_comma_files(tmp_path, content):
    table = read_table(write(tmp_path, "a.csv", content))
    assert table.delimiter == ","
    assert len(table.cards) + len(table.skipped) == 2


@pytest.mark.parametrize(("name", "slug"), [("My Deck #2", "my-deck-2"), ("  Über ML ", "ber-ml"), ("!!!", "")])
def test_deck_names_become_ids(name, slug):
    assert slugify(name) == slug


def test_code_blocks_round_trip_through_html():
    text = "Before:\n\n```python\nif a < b and c & d:\n    return '<x>'\n```\nAfter `x < 1`."
    assert html_to_text(markdown_to_html(text)) == text


def test_html_written_in_anki_becomes_readable_markdown():
    field = "Two moments:<div>the <b>first</b> one</div><ul><li>m</li><li>v &amp; more</li></ul>"
    assert html_to_text(field) == "Two moments:\nthe **first** one\n- m\n- v & more"


words = st.text(alphabet="ab <>&\"'#;`", min_size=1, max_size=12).map(str.strip).filter(bool)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(words, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=5))
def test_plain_lines_round_trip_through_html(lines):
    text = "\n".join(lines)
    html = markdown_to_html(text)
    assert "\n" not in html and "<" not in html.replace("<br>", "").replace("<code>", "").replace("</code>", "")
    assert html_to_text(html) == text
