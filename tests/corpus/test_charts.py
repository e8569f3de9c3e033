"""Chart functions return captioned Figures with titles and labelled axes, and render to PNG."""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import newinfra as ni
from newinfra.analysis import themes
from newinfra.inputs.curation import tasks as load_tasks
from newinfra.ledger.targets import primary_view
from newinfra.present import charts

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module", autouse=True)
def theme():
    charts.use_theme()
    yield
    matplotlib.rcdefaults()


@pytest.fixture(scope="module")
def profile() -> pd.DataFrame:
    return ni.domain_profile()


@pytest.fixture(scope="module")
def long() -> pd.DataFrame:
    return ni.compare()


@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    return themes.theme_counts()


@pytest.fixture(scope="module")
def concordance() -> pd.DataFrame:
    return ni.concordance(plan="newinfra-2023-2026")


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def check_figure(fig: Figure, tmp_path, name: str, sources: list[str], units: tuple[str, ...]):
    """Title, labelled axes with a unit, a caption naming the sources, no CJK, renders."""
    assert isinstance(fig, Figure)
    titled = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titled or (fig._suptitle is not None and fig._suptitle.get_text())
    plotted = [ax for ax in fig.axes if ax.axison and ax.get_label() != "<colorbar>"]
    assert plotted
    labels = []
    for ax in plotted:
        assert ax.get_xlabel() or ax.get_ylabel(), f"{name}: an axis without labels"
        labels += [ax.get_xlabel(), ax.get_ylabel()]
    labels += [ax.get_ylabel() for ax in fig.axes if ax.get_label() == "<colorbar>"]
    joined = " ".join(labels)
    assert any(unit in joined for unit in units), f"{name}: no unit in {labels}"
    text = charts.caption_of(fig)
    assert text and "Sources:" in text
    for source_id in sources:
        assert source_id in text.replace("\n", " ")
    assert not [t for t in texts(fig) if CJK.search(t)], "Chinese text needs a CJK font"
    path = tmp_path / f"{name}.png"
    charts.save(fig, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000


PLAN_SOURCES = [
    "smartcity-2011-2013-en",
    "newinfra-2020-2022-briefing-en",
    "newinfra-2023-2026-plan-zh",
]


def test_domain_heatmap(profile, tmp_path):
    fig = charts.domain_heatmap(profile)
    check_figure(fig, tmp_path, "domain_heatmap", PLAN_SOURCES, ("(count)",))
    assert "briefing" in charts.caption_of(fig)


def test_specificity_chart(profile, tmp_path):
    fig = charts.specificity_chart(profile)
    check_figure(fig, tmp_path, "specificity", PLAN_SOURCES, ("%",))


def test_commitment_bars(profile, tmp_path):
    fig = charts.commitment_bars(profile)
    check_figure(fig, tmp_path, "commitment", PLAN_SOURCES, ("(count)",))
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["firm", "strive", "explore", "pilot"]


def test_trajectory_chart_is_log_and_marks_baselines(long, tmp_path):
    fig = charts.trajectory_chart(long)
    check_figure(fig, tmp_path, "trajectory", ["newinfra-2023-2026-plan-zh"], ("log scale",))
    assert fig.axes[0].get_yscale() == "log"
    legend_texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("baseline" in t for t in legend_texts)


def test_small_multiples_one_panel_per_family(long, tmp_path):
    fig = charts.small_multiples(long)
    families = charts.ambition_rows(long)["family"].nunique()
    panels = [ax for ax in fig.axes if ax.axison]
    assert len(panels) == families
    assert all(ax.get_yscale() == "log" for ax in panels)
    check_figure(fig, tmp_path, "small_multiples", ["smartcity-2011-2013-en"], ("log scale",))


def test_multiples_chart(long, tmp_path):
    fig = charts.multiples_chart(long)
    check_figure(fig, tmp_path, "multiples", [], ("log scale",))
    assert fig.axes[0].get_xscale() == "log"


def test_theme_heatmap_and_timeline(counts, tmp_path):
    fig = charts.theme_heatmap(counts)
    check_figure(fig, tmp_path, "theme_heatmap", ["newinfra-2023-2026-briefing-en"], ("10,000",))
    assert "10,000 words" in charts.caption_of(fig).replace("\n", " ")
    fig = charts.theme_timeline(counts, themes.STORIES)
    check_figure(fig, tmp_path, "theme_timeline", ["newinfra-2023-2026-plan-zh"], ("10,000",))
    assert "per 10,000 characters" in charts.caption_of(fig).replace("\n", " ")


def test_briefing_coverage_chart(concordance, tmp_path):
    fig = charts.briefing_coverage_chart(concordance)
    check_figure(
        fig,
        tmp_path,
        "coverage",
        ["newinfra-2023-2026-plan-zh", "newinfra-2023-2026-briefing-en"],
        ("(count)",),
    )


def test_charts_of_empty_tables_say_so(long, tmp_path):
    empty = long.iloc[0:0]
    for chart in (charts.trajectory_chart, charts.small_multiples, charts.multiples_chart):
        fig = chart(empty)
        assert any("No metric" in t for t in texts(fig))
        charts.save(fig, tmp_path / "empty.png")


def test_caption_uses_the_english_title_for_a_chinese_source():
    text = charts.caption_text(["newinfra-2023-2026-plan-zh"], note="Note.")
    assert text.startswith("Note. Sources: Action Plan for Further Promoting")
    assert "official full text, 2023" in text and not CJK.search(text)


def test_labels_and_formats():
    assert charts.unit_label("1/km**2") == "per km²"
    assert charts.unit_label("count") == "count"
    assert charts.number_format(20_000_000.0) == "20,000,000"
    assert charts.number_format(0.27789) == "0.2779"
    assert charts.plan_label("newinfra-2020-2022") == "2020-2022\n(briefing only)"


# --- tables --------------------------------------------------------------------------------


def test_ambition_rows_keep_targets_and_baselines_in_one_unit_per_family(long):
    rows = charts.ambition_rows(long)
    assert set(rows["kind"]) <= {"target", "baseline"}
    assert (rows.groupby("family")["unit_std"].nunique() == 1).all()
    assert (rows.groupby("family")["horizon_year"].nunique() >= 2).all()


def test_ambition_table_is_ranked(long):
    table = charts.ambition_table(long)
    assert table["multiple"].is_monotonic_decreasing
    assert {"quote", "flags", "cagr", "previous_year"} <= set(table.columns)


def test_verdict_table_carries_the_deciding_quote(long):
    table = charts.verdict_table(long)
    assert set(table["verdict"]) <= {"met", "not met", "not reported"}
    ledger = ni.targets().set_index("target_id")
    decided = long[long["decided_by"].notna()]
    for row in decided.itertuples():
        match = table[(table["quote"] == row.quote) & (table["status_quote"].notna())]
        assert not match.empty
        assert ledger.loc[row.decided_by, "quote"] in set(match["status_quote"])


def test_plan_structure_and_totals(profile):
    structure = charts.plan_structure(["newinfra-2023-2026", "smartcity-2011-2013"])
    assert structure["plan_id"].tolist() == ["smartcity-2011-2013", "newinfra-2023-2026"]
    tasks = load_tasks()
    row = structure.set_index("plan_id").loc["newinfra-2023-2026"]
    assert (
        row["task"]
        == ((tasks["plan_id"] == "newinfra-2023-2026") & (tasks["task_type"] == "task")).sum()
    )
    totals = charts.plan_totals(profile).set_index("plan_id")
    sums = profile.groupby("plan_id")["tasks"].sum()
    assert (totals["tasks"] == sums.reindex(totals.index)).all()


def test_evidence_table_keeps_the_quote_and_sentence():
    ledger = primary_view(ni.targets(domain="network"))
    table = charts.evidence_table(ledger)
    assert {"quote", "sentence", "gloss_en", "source_id"} <= set(table.columns)
    assert table["horizon_year"].is_monotonic_increasing


def test_coverage_table_adds_up(concordance):
    table = charts.coverage_table(concordance).set_index("domain")
    total = table.loc["all domains"]
    assert total["in_both"] == (concordance["status"] == "in_both").sum()
    assert total["primary_only"] == (concordance["status"] == "primary_only").sum()


# --- displayed tables ----------------------------------------------------------------------


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
    styled = charts.table(frame, caption="Two rows & a caption")
    assert isinstance(styled, Styler)
    html = styled.to_html()
    values = cells(html)
    # No index: the row labels 10 and 11 are nowhere, and every row has one cell per column.
    assert "row_heading" not in html and ">10<" not in html and ">11<" not in html
    assert len(values) == 2 * frame.shape[1]
    # Missing values are blank, never NaN, None or <NA>.
    assert values[(1, 0)] == "" and values[(0, 1)] == "" and values[(1, 6)] == ""
    assert not re.search(r">\s*(nan|NaN|None|&lt;NA&gt;)\s*<", html)
    # Text is escaped, left-aligned and wrapped; running text gets a width.
    assert values[(0, 0)].startswith("The city will build 68,000 base stations &lt;by 2026&gt;")
    assert "text-align: left" in column_css(html, 0)
    assert re.search(r"min-width: (1\d|2\d)em", column_css(html, 0))
    assert "text-align: left" in column_css(html, 1)
    # Numbers are right-aligned with thousands separators; years and offsets without.
    assert "text-align: right" in column_css(html, 2)
    assert values[(0, 2)] == "20,000,000" and values[(1, 2)] == "0.278"
    assert values[(0, 3)] == "12,345" and values[(1, 3)] == "7"
    assert values[(0, 4)] == "2026" and values[(0, 5)] == "12345" and values[(0, 6)] == "2013"
    assert "<caption>Two rows &amp; a caption</caption>" in html
    # Deterministic: the same table renders the same HTML (text and plain repr alike);
    # another table gets other ids, so two tables on a page do not share styles.
    again = charts.table(frame.copy(), caption="Two rows & a caption")
    assert again.to_html() == html
    assert repr(again) == repr(styled) and " at 0x" not in repr(styled)
    assert "20,000,000" in repr(styled)
    other = charts.table(frame.head(1), caption="Two rows & a caption").to_html()
    assert re.search(r'id="(T_\w+)"', other)[1] != re.search(r'id="(T_\w+)"', html)[1]


def test_decimal_format():
    assert charts.decimal_format(1_234_567.0) == "1,234,567"
    assert charts.decimal_format(1234.56) == "1,235"
    assert charts.decimal_format(12.345) == "12.3"
    assert charts.decimal_format(0.27789) == "0.278"
    assert charts.decimal_format(2.5) == "2.5"
    assert charts.decimal_format(float("nan")) == ""
