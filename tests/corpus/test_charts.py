"""Corpus facts drawn: chart functions return captioned Figures with titles and labelled axes, and render to PNG.

These tests describe the shipped seeds and curated data: adding a plan or
editing data/ moves their numbers."""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

import newinfra as ni
from newinfra.analysis import themes
from newinfra.analysis.views import ambition_rows
from newinfra.inputs import corpus
from newinfra.present import chart_output, charts, styling

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module", autouse=True)
def shared_theme():
    styling.use_chart_style()
    yield
    matplotlib.rcdefaults()


@pytest.fixture(scope="module")
def profile() -> pd.DataFrame:
    return ni.domain_profile()


@pytest.fixture(scope="module")
def ambition() -> pd.DataFrame:
    return ambition_rows(ni.compare())


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
    text = chart_output.caption_of(fig)
    assert text and "Sources:" in text
    table, plans = corpus.sources(verify=False), corpus.plans()
    for source_id in sources:
        # Each source as a reader cites it (title, kind, publisher, year), never its id.
        assert styling.source_note(source_id, table, plans) in " ".join(text.split())
        assert source_id not in text.replace("\n", " ")
    assert not [t for t in texts(fig) if CJK.search(t)], "Chinese text needs a CJK font"
    path = tmp_path / f"{name}.png"
    chart_output.save(fig, path)
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
    assert "briefing" in chart_output.caption_of(fig)


def test_specificity_chart(profile, tmp_path):
    fig = charts.specificity_chart(profile)
    check_figure(fig, tmp_path, "specificity", PLAN_SOURCES, ("%",))


def test_commitment_bars(profile, tmp_path):
    fig = charts.commitment_bars(profile)
    check_figure(fig, tmp_path, "commitment", PLAN_SOURCES, ("(count)",))
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["firm", "strive", "pilot", "explore"]


def test_firmness_bars_count_every_task_and_mention_in_the_codebooks_order(tmp_path):
    from matplotlib.colors import to_hex

    from newinfra.analysis.profiles import firmness_profile
    from newinfra.present.badges import WORDING_COLOURS, badge_css

    fig = charts.firmness_bars(firmness_profile())
    check_figure(fig, tmp_path, "firmness", PLAN_SOURCES, ("Count",))
    legend = fig.axes[0].get_legend()
    # The codebook's scale, firmest first: explore is the weakest, so the lightest.
    assert [t.get_text() for t in legend.get_texts()] == ["firm", "strive", "pilot", "explore"]
    shades = [to_hex(h.get_facecolor()) for h in legend.legend_handles]
    assert shades == list(WORDING_COLOURS.values())
    assert all(f".badge.wording-{w} {{ background: {c};" in badge_css() for w, c in
               WORDING_COLOURS.items())  # fmt: skip
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "2023-2026 · tasks" in labels and "2023-2026 · mentions" in labels


def test_trajectory_chart_is_log_and_marks_baselines(ambition, tmp_path):
    fig = charts.trajectory_chart(ambition)
    check_figure(fig, tmp_path, "trajectory", ["newinfra-2023-2026-plan-zh"], ("log scale",))
    assert fig.axes[0].get_yscale() == "log"
    legend_texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any("baseline" in t for t in legend_texts)


def test_small_multiples_one_panel_per_family(ambition, tmp_path):
    fig = charts.small_multiples(ambition)
    families = ambition["family"].nunique()
    panels = [ax for ax in fig.axes if ax.axison]
    assert len(panels) == families
    assert all(ax.get_yscale() == "log" for ax in panels)
    check_figure(fig, tmp_path, "small_multiples", ["smartcity-2011-2013-en"], ("log scale",))


def test_multiples_chart(ambition, tmp_path):
    fig = charts.multiples_chart(ambition)
    check_figure(fig, tmp_path, "multiples", [], ("log scale",))
    assert fig.axes[0].get_xscale() == "log"


def test_theme_heatmap_and_timeline(counts, tmp_path):
    fig = charts.theme_heatmap(counts)
    check_figure(fig, tmp_path, "theme_heatmap", ["newinfra-2023-2026-briefing-en"], ("%",))
    assert "10,000 words" in chart_output.caption_of(fig).replace("\n", " ")
    fig = charts.theme_timeline(counts, themes.STORIES)
    check_figure(fig, tmp_path, "theme_timeline", ["newinfra-2023-2026-plan-zh"], ("%",))
    assert "the same in English and Chinese" in chart_output.caption_of(fig).replace("\n", " ")
    # Legends stand below the panels, outside the data (they hid the 2013 points).
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            fig.canvas.draw()
            box = legend.get_window_extent()
            assert box.y1 <= ax.get_window_extent().y0, ax.get_title()


def test_briefing_coverage_chart(concordance, tmp_path):
    fig = charts.briefing_coverage_chart(concordance)
    check_figure(
        fig,
        tmp_path,
        "coverage",
        ["newinfra-2023-2026-plan-zh", "newinfra-2023-2026-briefing-en"],
        ("(count)",),
    )


def test_charts_of_empty_tables_say_so(ambition, tmp_path):
    empty = ambition.iloc[0:0]
    for chart in (charts.trajectory_chart, charts.small_multiples, charts.multiples_chart):
        fig = chart(empty)
        assert any("No metric" in t for t in texts(fig))
        chart_output.save(fig, tmp_path / "empty.png")


def test_caption_uses_the_english_title_for_a_chinese_source():
    text = styling.caption_text(["newinfra-2023-2026-plan-zh"], note="Note.")
    assert text.startswith("Note. Sources: Action Plan for Further Promoting")
    assert "official full text, Shanghai Municipal People's Government, 2023" in text
    assert not CJK.search(text)


def test_labels_and_formats():
    assert styling.unit_label("1/km**2") == "per km²"
    assert styling.unit_label("count") == "count"
    assert styling.number_format(20_000_000.0) == "20,000,000"
    assert styling.number_format(0.27789) == "0.2779"
    assert styling.plan_label("newinfra-2020-2022") == "2020-2022\n(briefing only)"
