"""`cli.output.Output.rows`, how every `list` action prints (CLI.md: the text and the JSON
are a contract): one line a row, a sentence for none, the rows themselves as JSON."""

from __future__ import annotations

import json

import pytest

from desktop_app.cli.output import Output, UsageError, assignments

ROWS = [{"code": "A", "name": "Ann"}, {"code": "B", "name": "Bob"}]


def _line(row: dict) -> str:
    return f"{row['code']:<3}{row['name']}"


def test_text_is_one_line_a_row(capsys):
    Output(False).rows(ROWS, _line, "No rows.")
    assert capsys.readouterr().out == "A  Ann\nB  Bob\n"


def test_text_of_no_rows_is_the_sentence_given(capsys):
    Output(False).rows([], _line, "No rows.")
    assert capsys.readouterr().out == "No rows.\n"


def test_json_is_the_rows_and_no_line_is_made(capsys):
    def no_line(row: dict) -> str:
        raise AssertionError("a text line made for --json")

    Output(True).rows(ROWS, no_line, "No rows.")
    assert json.loads(capsys.readouterr().out) == ROWS
    Output(True).rows([], no_line, "No rows.")
    assert json.loads(capsys.readouterr().out) == []


def test_assignments_by_field_the_names_stripped_and_lower_cased():
    assert assignments([" City =Lyon", "note=a=b", "city=Paris"]) == {
        "city": "Paris", "note": "a=b"}
    assert assignments(["Name= Web "], lower=False) == {"Name": " Web "}
    assert assignments([]) == {}
    with pytest.raises(UsageError, match="'city' is not FIELD=VALUE"):
        assignments(["city"])
