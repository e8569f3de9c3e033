"""The landing page's matrix as a reader sees it: headings, cells, badges and links."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from newinfra.analysis.matrix import compare_matrix
from newinfra.inputs import corpus
from newinfra.present.landing import matrix_sections, render_matrix, table_id


class Tables(HTMLParser):
    """Each table's rows by its id: the text of every header and data cell, whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: list[dict] = []
        self._table = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []
        elif tag == "a":
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data + " ")


@pytest.fixture
def page(made_up, as_of) -> Tables:
    html = render_matrix(
        compare_matrix(as_of=as_of),
        corpus.plans(),
        {"harbour-city": "Harbour City", "lanxi": "Lanxi"},
        prefix="../",
    )
    parser = Tables()
    parser.feed(html)
    return parser


def test_each_place_has_its_own_table_the_home_place_the_plain_id(page):
    assert list(page.tables) == ["compare-matrix", "compare-matrix-lanxi"]


def test_the_columns_are_the_plan_periods_context_documents_marked(page):
    header = page.tables["compare-matrix"][0]
    assert header == ["Metric", "2018-2020", "2021-2023", "2024-2026", "2022-2025 context"]


def test_a_row_shows_each_plans_target_wording_and_dated_verdict(page):
    rows = {row[0]: row[1:] for row in page.tables["compare-matrix"][1:] if len(row) > 1}
    stations = rows["5G base stations"]
    assert stations[0] == "10,000 by 2020 firm met (2020, in the horizon year)"
    assert stations[1] == "30,000 by 2023 firm not met (2023, in the horizon year)"
    assert stations[2] == "60,000 by 2026 firm pending"
    assert rows["Enterprises on cloud platforms"][1] == (
        "100,000 by 2023 strive on a related measure (2023, in the horizon year)"
    )
    # A plan without a target of the family has an empty cell.
    assert rows["Coverage of important public places by WLAN"][2] == ""


def test_values_link_to_their_sentence_and_verdicts_to_their_evidence(page):
    met = next(a for a in page.links if a.get("data-target") == "city-a-en:67-73")
    # Decided by city-b's 2020 status: a link to that figure in city-b's source page.
    assert met["href"].startswith("../sources/city-b-en.html#city-b-en-")
    assert met["class"] == "verdict verdict-met"
    pending = next(a for a in page.links if a.get("data-target", "").startswith("city-c-en:"))
    assert pending["href"] == "../methodology.html#verdict-pending"
    assert any(a.get("href") == "../sources/city-a-en.html#city-a-en-67-73" for a in page.links)


def test_sections_count_the_targets_and_tally_the_verdicts(made_up, as_of):
    sections = matrix_sections(compare_matrix(as_of=as_of), corpus.plans())
    counts = {s["jurisdiction_id"]: (s["count"], s["verdicts"]) for s in sections}
    assert counts["lanxi"] == (1, "1 pending")
    assert counts[corpus.home_place()][0] == 11
    assert table_id("lanxi") == "compare-matrix-lanxi"
