"""One verdict frame: the matrix, compare(), the scorecard and the workbook read the same verdicts."""

from __future__ import annotations

import pandas as pd

import newinfra as ni
from newinfra.analysis.matrix import compare_matrix
from newinfra.analysis.verdict_classes import VERDICTS
from newinfra.analysis.verdicts import verdict_frame
from newinfra.present.workbook import write_summary

AS_OF = "2026-11-30"
SHOWN = ["verdict", "decided_by", "decided_by_year", "verdict_note"]


def _by_target(frame: pd.DataFrame, id_column: str) -> pd.DataFrame:
    rows = frame.dropna(subset=["verdict"]).set_index(id_column)[SHOWN]
    rows = rows.astype(object).where(rows.notna(), None).sort_index()
    return rows.rename_axis("target_id")


def test_every_table_reads_the_verdicts_and_evidence_of_the_one_frame(tmp_path):
    frame = verdict_frame(AS_OF)
    assert frame["target_id"].is_unique
    assert set(frame["verdict"]) <= set(VERDICTS)
    expected = _by_target(frame, "target_id")

    matrix = _by_target(compare_matrix(as_of=AS_OF), "commitment_id")
    pd.testing.assert_frame_equal(matrix, expected.loc[matrix.index])
    assert len(matrix) == len(expected)

    compared = _by_target(ni.compare(as_of=AS_OF), "target_id")
    pd.testing.assert_frame_equal(compared, expected.loc[compared.index])
    # A filter chooses rows, never the evidence: the network targets of 2013 alone read the same.
    narrow = _by_target(
        ni.compare(domain="network", horizons=[2013, 2026], as_of=AS_OF), "target_id"
    )
    pd.testing.assert_frame_equal(narrow, expected.loc[narrow.index])

    card = _by_target(ni.scorecard(as_of=AS_OF), "target_id")
    pd.testing.assert_frame_equal(card, expected.loc[card.index])

    path = write_summary(tmp_path / "book.xlsx", as_of=AS_OF, full_comparison=True)
    sheet = pd.read_excel(path, sheet_name="Comparison")
    sheet["decided_by_year"] = sheet["decided_by_year"].astype("Int64")
    book = _by_target(sheet, "target_id")
    pd.testing.assert_frame_equal(book, expected.loc[book.index], check_dtype=False)
