"""Tables styled for reading: escaping, alignment, number formats, deterministic HTML."""

from __future__ import annotations

import re

import pandas as pd

from newinfra.present import interactive_tables, tables


def cells(html: str) -> dict[tuple[int, int], str]:
    found = re.findall(r'<td class="data row(\d+) col(\d+)" >(.*?)</td>', html, flags=re.S)
    return {(int(r), int(c)): text for r, c, text in found}


def column_css(html: str, column: int) -> str:
    rules = re.findall(rf"#T_\w+ td\.col{column} \{{([^}}]*)\}}", html)
    assert rules, f"no style for column {column}"
    return " ".join(rules)


def test_table_for_display():
    from pandas.io.formats.style import Styler

    frame = pd.DataFrame(
        {
            "sentence": ["The city will build 68,000 base stations <by 2026> & more.", None],
            "gloss_en": [float("nan"), "an English gloss"],
            "value": [20_000_000.0, 0.27789],
            "count": [12_345, 7],
            "horizon_year": [2026, 2013],
            "start": [12_345, 0],
            "previous_year": pd.array([2013, None], dtype="Int64"),
        },
        index=[10, 11],
    )
    styled = tables.table(frame, caption="Two rows & a caption")
    assert isinstance(styled, Styler)
    html = styled.to_html()
    values = cells(html)
    # No index, no offsets: the row labels and the 'start' column are nowhere.
    assert "row_heading" not in html and ">10<" not in html and ">11<" not in html
    assert len(values) == 2 * (frame.shape[1] - 1) and "12345" not in html
    # Plain-English headings.
    assert ">Sentence<" in html and ">English gloss<" in html and "horizon_year" not in html
    # Missing values are blank, never NaN, None or <NA>.
    assert values[(1, 0)] == "" and values[(0, 1)] == "" and values[(1, 5)] == ""
    assert not re.search(r">\s*(nan|NaN|None|&lt;NA&gt;)\s*<", html)
    # Text is escaped, left-aligned and wrapped; running text gets a width.
    assert values[(0, 0)].startswith("The city will build 68,000 base stations &lt;by 2026&gt;")
    assert "text-align: left" in column_css(html, 0)
    assert re.search(r"min-width: (\d+)em", column_css(html, 0))
    assert "text-align: left" in column_css(html, 1)
    # Numbers are right-aligned with thousands separators; years without.
    assert "text-align: right" in column_css(html, 2)
    assert values[(0, 2)] == "20,000,000" and values[(1, 2)] == "0.278"
    assert values[(0, 3)] == "12,345" and values[(1, 3)] == "7"
    assert values[(0, 4)] == "2026" and values[(0, 5)] == "2013"
    assert "<caption>Two rows &amp; a caption</caption>" in html
    # Deterministic: the same table renders the same HTML (text and plain repr alike);
    # another table gets other ids, so two tables on a page do not share styles.
    again = tables.table(frame.copy(), caption="Two rows & a caption")
    assert again.to_html() == html
    assert repr(again) == repr(styled) and " at 0x" not in repr(styled)
    assert "20,000,000" in repr(styled)
    other = tables.table(frame.head(1), caption="Two rows & a caption").to_html()
    assert re.search(r'id="(T_\w+)"', other)[1] != re.search(r'id="(T_\w+)"', html)[1]


def test_readable_links_quotes_hides_ids_and_collapses_long_text():
    long = "word " * 60
    frame = pd.DataFrame(
        {
            "plan_id": ["newinfra-2023-2026"],
            "quote": ["<5G> 68,000"],
            "sentence": [long],
            "share_tasks_with_number": [0.375],
            "target_id": ["newinfra-2023-2026-plan-zh:10-16"],
            "source_id": ["newinfra-2023-2026-plan-zh"],
        }
    )
    shown, html_columns, percent = tables.readable(frame)
    assert list(shown.columns) == ["plan_id", "quote", "sentence", "share_tasks_with_number"]
    assert shown.loc[0, "plan_id"] == "2023-2026"
    assert shown.loc[0, "quote"] == (
        '<a href="sources/newinfra-2023-2026-plan-zh.html#newinfra-2023-2026-plan-zh-10-16">'
        "&lt;5G&gt; 68,000</a>"
    )
    assert shown.loc[0, "sentence"].startswith("<details><summary>word word")
    assert shown.loc[0, "share_tasks_with_number"] == "37.5%"
    assert "quote" in html_columns and percent == ["share_tasks_with_number"]


def test_interactive_table_is_offline_and_keeps_our_escaping():
    frame = pd.DataFrame({"plan_id": ["a"], "note": ["<img src=x onerror=alert(1)>"]})
    page = interactive_tables.interactive_html(frame, "1 row.")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img src=x" not in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


def test_decimal_format():
    assert tables.decimal_format(1_234_567.0) == "1,234,567"
    assert tables.decimal_format(1234.56) == "1,235"
    assert tables.decimal_format(12.345) == "12.3"
    assert tables.decimal_format(0.27789) == "0.278"
    assert tables.decimal_format(2.5) == "2.5"
    assert tables.decimal_format(float("nan")) == ""


def test_show_says_how_rows_are_sorted_and_paged(capsys):
    frame = pd.DataFrame({"plan_id": ["a", "b", "c"], "value": [1.0, 2.0, 3.0]})
    page = interactive_tables.interactive_html(frame, "3 rows", page_length=2)
    assert '"pageLength": 2' in page
    interactive_tables.show(frame.head(0), 5, "plan")
    assert "HTML" in capsys.readouterr().out


def test_ids_and_vocabulary_values_read_as_words():
    frame = pd.DataFrame(
        {
            "evidence": ["briefing_only", "full_text"],
            "doc_type": ["press_briefing", "plan_text"],
            "status": ["primary_only", "in_both"],
            "domain": ["network", "computing"],
            "family": ["enterprises_on_cloud", "5g_base_stations"],
            "language": ["zh-Hant", "en"],
            "left_out": [True, False],
            "official": ["false", "true"],
        }
    )
    shown = tables.table(frame).to_html()
    body = " ".join(cells(shown).values())
    for raw in ("briefing_only", "press_briefing", "primary_only", "in_both", "enterprises_on"):
        assert raw not in body
    assert not re.search(r">(True|False|true|false)<", body.replace(" ", ""))
    for words in ("press briefing only", "official full text", "left out of the briefing"):
        assert words in body
    assert "Enterprises on cloud platforms" in body and "Network" in body
    assert re.search(r">\s*yes\s*<", shown) and re.search(r">\s*no\s*<", shown)


def test_a_heading_has_the_registry_definition_as_its_hover_title():
    from newinfra.inputs import fields

    frame = pd.DataFrame({"horizon_year": [2026], "Tasks: strive": [3], "unlisted": [1]})
    fields.describe(frame, "firmness_by_domain", {"Tasks: strive": ("tasks", "worded strive")})
    html = tables.table(frame).to_html()
    year = fields.definitions()["horizon_year"]
    tasks = fields.definitions("firmness_by_domain")["tasks"]
    assert f'<span title="{year}">Year</span>' in html
    assert f'<span title="{tasks} — worded strive">Tasks: strive</span>' in html
    assert ">Unlisted<" in html and 'title="">' not in html
