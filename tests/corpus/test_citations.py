"""Every figure carries its citation: publisher, document number, date and section path."""

from __future__ import annotations

import html

import newinfra as ni
from newinfra.analysis import views
from newinfra.analysis.citations import figure_citations, section_path
from newinfra.present import source_pages

CHARGING = "newinfra-2023-2026-plan-zh:5518-5523"


def test_a_figure_is_cited_by_publisher_document_number_and_section():
    cited = figure_citations()[CHARGING]
    assert cited.startswith(
        "上海市人民政府 (Shanghai Municipal People's Government), 滬府〔2023〕51號"
    )
    assert cited.endswith(
        "二、主要任務 > (五)打造便捷智敏的高效能終端基礎設施 > 25.建立靈活共享的智能用能設施網絡"
    )
    assert set(figure_citations().index) == set(ni.targets()["target_id"])


def test_a_document_without_a_number_is_cited_by_its_title():
    cited = figure_citations()["newinfra-2020-2022-briefing-en:3581-3583"]
    assert cited.startswith("Information Office of Shanghai Municipality, Press Release")
    assert "(2020-05-07)" in cited


def test_the_section_path_leaves_out_the_documents_own_title_and_shortens_headings():
    path = section_path("Plan title > 二、主要任務 > " + "長" * 60, {"Plan title"})
    assert path.startswith("二、主要任務 > ") and path.endswith("…")
    assert len(path.split(" > ")[1]) == 40


def test_source_pages_and_report_tables_carry_the_citation():
    page = html.unescape(source_pages.render_source_page("newinfra-2023-2026-plan-zh"))
    assert "Cite: 上海市人民政府 (Shanghai Municipal People's Government), 滬府〔2023〕51號" in page
    ledger = ni.primary_view(ni.targets(domain="terminals"))
    table = views.evidence_table(ledger[ledger["kind"] == "target"])
    row = table[table["target_id"] == CHARGING].iloc[0]
    assert row["citation"] == figure_citations()[CHARGING]


def test_a_chart_caption_says_how_to_cite_it_with_the_dataset_version():
    from newinfra.present import chart_output, charts

    fig = charts.domain_heatmap(ni.domain_profile())
    text = chart_output.caption_of(fig).replace("\n", " ")
    assert text.endswith(f"newinfra dataset version {ni.dataset_version()}.")
    assert "Cite this chart: “" in text


def test_a_report_page_says_how_to_cite_it():
    from newinfra.present.citation import page_citation

    cited = page_citation("Plan overview: every plan", "0.1.0+data.abc", "2026-12-04T10:00:00Z")
    assert "“Plan overview: every plan”" in cited and "Dataset version 0.1.0+data.abc" in cited
    assert cited.startswith("The newinfra contributors (2026)")
