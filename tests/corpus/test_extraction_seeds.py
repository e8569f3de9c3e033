"""Quantity extraction on the shipped seeds.

These tests describe the shipped seeds: the figures a careful analyst counts in
each text and the only digits a text may leave outside every mention. An analyst
who adds or edits a seed will see these numbers move; update them with the text.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

import newinfra as ni
from newinfra.inputs import curation
from newinfra.text.quantities import extract_quantities
from newinfra.text.spans import SpanIndex

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_FILES = [
    "smartcity-2011-2013-en.txt",
    "newinfra-2020-2022-briefing-en.txt",
    "newinfra-2023-2026-briefing-en.txt",
    "newinfra-2023-2026-plan-zh.txt",
    "digital-2025-news-en.txt",
]


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The seeds
# ---------------------------------------------------------------------------

# (text, value, unit, comparator) that a careful analyst would count.
EXPECTED = {
    "smartcity-2011-2013-en.txt": [
        ("100Mbps", 100, "Mbps", "="),
        ("20Mbps", 20, "Mbps", "="),
        ("1Tbps", 1, "Tbps", "="),
        ("5Tbps", 5, "Tbps", "="),
        ("10Tbps", 10, "Tbps", "="),
        ("80", 80, "", "="),
        ("RMB 850 billion", 8.5e11, "CNY", "="),
        ("RMB 1,280 billion", 1.28e12, "CNY", "="),
        ("6.2%", 6.2, "percent", "="),
        ("three years", 3, "year", "="),
        ("five", 5, "count", "="),
        ("eight", 8, "count", "="),
        ("more than 6.5 million", 6.5e6, "count", ">="),
        ("4.9 million", 4.9e6, "count", "="),
        ("1.8 million", 1.8e6, "count", "="),
        ("22,000", 22_000, "count", "="),
        ("about 130,000", 130_000, "count", "~"),
        ("over 80%", 80, "percent", ">="),
        ("up to 20 Mbps", 20, "Mbps", "<="),
        ("over 1Mbps", 1, "Mbps", ">="),
        ("over 3 Mbps", 3, "Mbps", ">="),
        ("over 50%", 50, "percent", ">="),
        ("20,000 or more", 20_000, "count", ">="),
        ("600 sq km", 600, "km2", "="),
        ("100%", 100, "percent", "="),
        ("over RMB210 billion", 2.1e11, "CNY", ">="),
        ("about 20", 20, "count", "~"),
        ("RMB 85 billion", 8.5e10, "CNY", "="),
        ("45-32 nanometer", 32, "nm", "="),
        ("12-inch", 12, "inch", "="),
        ("one or two", 1, "count", "="),
        ("three-year", 3, "year", "="),
    ],
    "newinfra-2020-2022-briefing-en.txt": [
        ("16", 16, "count", "="),
        ("15", 15, "count", "="),
        ("More than 60,000", 60_000, "count", ">="),
        ("1-million", 1e6, "count", "="),
        ("more than 120,000", 120_000, "count", ">="),
        ("34 billion", 3.4e10, "count", "="),
        ("more than 200", 200, "count", ">="),
        ("14", 14, "count", "="),
        ("25", 25, "count", "="),
        ("four", 4, "count", "="),
        ("eight", 8, "count", "="),
        ("35-point", 35, "point", "="),
        ("three years", 3, "year", "="),
        ("48", 48, "count", "="),
        ("about 270 billion yuan", 2.7e11, "CNY", "~"),
        ("Double Gigabit", 1, "Gbps", "="),
        ("more than 100", 100, "count", ">="),
        ("150,000", 150_000, "count", "="),
        ("three", 3, "count", "="),
        ("tens of millions", 1e7, "count", ">="),
        ("100,000", 100_000, "count", "="),
    ],
    "newinfra-2023-2026-briefing-en.txt": [
        ("26", 26, "count", "="),
        ("four", 4, "count", "="),
        ("88,000", 88_000, "count", "="),
        ("37.2%", 37.2, "percent", "="),
        ("13.8 per\nsquare kilometer", 13.8, "1/km2", "="),
        ("11", 11, "count", "="),
        ("Four", 4, "count", "="),
        ("Dual 10-Gigabit", 10, "Gbps", "="),
        ("10-Gigabit", 10, "Gbps", "="),
        ("dual 10-Gigabit", 10, "Gbps", "="),
        ("five", 5, "count", "="),
        ("30", 30, "count", "="),
        ("10", 10, "count", "="),
        ("7", 7, "count", "="),
        ("over 30", 30, "count", ">="),
        ("trillions", 1e12, "count", ">="),
        ("six", 6, "count", "="),
        ("exceeding a total of 20 million", 2e7, "", ">="),
        ("over 100", 100, "count", ">="),
    ],
    "newinfra-2023-2026-plan-zh.txt": [
        ("五方面", 5, "count", "="),
        ("30項", 30, "count", "="),
        ("10大", 10, "count", "="),
        ("7項", 7, "count", "="),
        ("萬兆", 10, "Gbps", "="),
        ("雙萬兆", 10, "Gbps", "="),
        ("萬億級", 1e12, "count", "~"),
        ("95%以上", 95, "percent", ">="),
        ("4000幢以上", 4000, "count", ">="),
        ("超千兆", 1, "Gbps", ">="),
        ("30個以上", 30, "count", ">="),
        ("2-3個以上", 2, "count", ">="),
        ("30家以上", 30, "count", ">="),
        ("150個", 150, "count", "="),
        ("40萬家", 4e5, "count", "="),
        ("400G以上", 400, "Gbps", ">="),
        ("1毫秒以內", 1, "ms", "<="),
        ("50個", 50, "count", "="),
        ("百瓦量級", 100, "W", "~"),
        ("千瓦級", 1, "kW", "~"),
        ("超2000萬個", 2e7, "count", ">="),
        ("10個以上", 10, "count", ">="),
        ("超40萬噸", 4e5, "t", ">="),
        ("3個", 3, "count", "="),
        ("3萬個以上", 3e4, "count", ">="),
        ("150個以上", 150, "count", ">="),
        ("20萬個以上", 2e5, "count", ">="),
        ("150萬千瓦", 1.5e6, "kW", "="),
        ("100萬千瓦", 1e6, "kW", "="),
        ("50座以上", 50, "count", ">="),
        ("百兆", 100, "Mbps", "="),
        ("20所", 20, "count", "="),
        ("10家以上", 10, "count", ">="),
        ("100家以上", 100, "count", ">="),
        ("200家以上", 200, "count", ">="),
        ("1000個", 1000, "count", "="),
        ("1000家", 1000, "count", "="),
        ("100P-300P左右", 100, "PFLOPS", "~"),
        ("1000P-3000P左右", 1000, "PFLOPS", "~"),
        ("5000萬元", 5e7, "CNY", "="),
    ],
    "digital-2025-news-en.txt": [
        ("five-year", 5, "year", "="),
        ("at least 80 percent", 80, "percent", ">="),
        ("over 100", 100, "count", ">="),
        ("over 80 percent", 80, "percent", ">="),
        ("100 million", 1e8, "count", "="),
        ("two", 2, "count", "="),
        ("400 billion yuan", 4e11, "CNY", "="),
        ("US$62.5 billion", 6.25e10, "USD", "="),
        ("12 percent", 12, "percent", "="),
        ("over 10 billion yuan", 1e10, "CNY", ">="),
        ("500", 500, "count", "="),
        ("over 1,000", 1000, "count", ">="),
        ("over 300,000", 300_000, "count", ">="),
        ("more than 3,000", 3000, "count", ">="),
        ("one-third", 1 / 3, "fraction", "="),
        ("One-Gbps", 1, "Gbps", "="),
        ("29", 29, "count", "="),
        ("surpass 1 gigabyte per second", 1, "GB/s", ">="),
        ("52,000", 52_000, "count", "="),
        ("1 Gbps", 1, "Gbps", "="),
        ("9.6 million", 9.6e6, "count", "="),
        ("No. 1", 1, "rank", "="),
        ("one Gbps", 1, "Gbps", "="),
        ("up to one gigabyte per second", 1, "GB/s", "<="),
        ("about 1 billion", 1e9, "count", "~"),
        ("2 Gbps", 2, "Gbps", "="),
        ("600", 600, "count", "="),
        ("eight", 8, "count", "="),
        ("about 56 billion yuan", 5.6e10, "CNY", "~"),
        ("150.7 billion yuan", 1.507e11, "CNY", "="),
        ("30 percent", 30, "percent", "="),
        ("1.47 trillion yuan", 1.47e12, "CNY", "="),
    ],
}


@pytest.fixture(scope="module")
def seed_mentions() -> dict[str, tuple[str, pd.DataFrame]]:
    out = {}
    for name in SEED_FILES:
        text = _seed(name)
        out[name] = (text, extract_quantities(text))
    return out


@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_expected_mentions(seed_mentions, name):
    text, df = seed_mentions[name]
    assert len(EXPECTED[name]) >= 8
    found = list(zip(df["text"], df["value"], df["unit"], df["comparator"], strict=True))
    for span, value, unit, comparator in EXPECTED[name]:
        assert any(
            t == span and math.isclose(v, value, rel_tol=1e-9) and u == unit and c == comparator
            for t, v, u, c in found
        ), f"{name}: {span!r} ({value}, {unit!r}, {comparator!r}) not found"
    for row in df.itertuples():
        assert text[row.start : row.end] == row.text


def test_seed_ranges_and_repeats(seed_mentions):
    _, zh = seed_mentions["newinfra-2023-2026-plan-zh.txt"]
    ranges = zh[zh["value_high"].notna()].set_index("text")["value_high"].to_dict()
    assert ranges == {"2-3個以上": 3.0, "100P-300P左右": 300.0, "1000P-3000P左右": 3000.0}
    assert (zh["text"] == "萬億級").sum() == 3
    assert set(zh.loc[zh["unit"].isin(["Mbps", "Gbps"]), "text"]) == {
        "萬兆", "雙萬兆", "超千兆", "百兆", "400G以上",
    }  # fmt: skip
    _, smart = seed_mentions["smartcity-2011-2013-en.txt"]
    assert smart.set_index("text").loc["45-32 nanometer", "value_high"] == 45.0
    assert smart.set_index("text").loc["one or two", "value_high"] == 2.0


def test_seed_conversion(seed_mentions):
    for name, (_, df) in seed_mentions.items():
        converted = df[df["conversion_of"].notna()]
        if name == "digital-2025-news-en.txt":
            assert list(converted["text"]) == ["US$62.5 billion"]
            source = df.set_index("text").loc["400 billion yuan", "start"]
            assert converted["conversion_of"].iloc[0] == source
        else:
            assert converted.empty, name


# Snippets holding the only digits a seed may leave outside the mentions:
# dates, years, numbering, technology names, the document number, plan names.
LEFTOVERS = {
    "smartcity-2011-2013-en.txt": [
        "Action Plan 2011-2013",
        "Feb 07, 2013",
        "the 1990s",
        "12th Five-Year Plan",
        "By the end of 2013",
        "By 2013",
        "3G",
        "909 upgrading",
        "IPv6",
        "version 6",
        *[f"\n{i}. " for i in range(1, 9)],
        *[f"\n({i}) " for i in range(1, 6)],
    ],
    "newinfra-2020-2022-briefing-en.txt": [
        "May 7, 2020",
        "(May 7)",
        "(2020-2022)",
        "April 27",
        "By the end of 2022",
        "5G",
        *[f"\n{i}. Action" for i in range(1, 5)],
    ],
    "newinfra-2023-2026-briefing-en.txt": [
        "October 19, 2023",
        "(October 19)",
        "2023.10.20",
        "(2023-2026)",
        "In 2020",
        "conclusion of 2026",
        "14th Five-Year Plan",
        "5G",
        "6G",
        "\n1.\xa0",
        "\n2. Core",
        *[f"{i})" for i in range(1, 11)],
    ],
    "newinfra-2023-2026-plan-zh.txt": [
        "(2023-2026年)",
        "到2026年底",
        "滬府〔2023〕51號",
        "2023年9月15日",
        "5G",
        "6G",
        "8K",
        "50G無源",
        "“1+16”",
        "L4",
        *[f"\n{i}." for i in range(1, 31)],
    ],
    "digital-2025-news-en.txt": [
        "by 2035",
        "for 2035",
        "the 2035 plan",
        "by 2025",
        "By 2025",
        "for 2025",
        "14th Five Year Plan",
        "In 2022",
        "since 2020",
        "In 2021",
        "(January 5)",
        "5G",
    ],
}


def _digits_outside(text: str, df: pd.DataFrame) -> list[int]:
    """Positions of ASCII or full-width digits that no mention covers."""
    covered = bytearray(len(text))
    for start, end in zip(df["start"], df["end"], strict=True):
        covered[start:end] = b"\x01" * (end - start)
    return [
        i for i, ch in enumerate(text) if ch in "0123456789０１２３４５６７８９" and not covered[i]
    ]


def _occurrences(text: str, snippet: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(snippet), text)]


@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_leftover_digits_are_only_non_quantities(seed_mentions, name):
    text, df = seed_mentions[name]
    outside = set(_digits_outside(text, df))
    spans = list(zip(df["start"], df["end"], strict=True))
    allowed: set[int] = set()
    for snippet in LEFTOVERS[name]:
        starts = _occurrences(text, snippet)
        assert starts, f"{name}: allow-listed {snippet!r} does not occur"
        holds_leftover = False
        for at in starts:
            end = at + len(snippet)
            assert not any(s < end and at < e for s, e in spans), (
                f"{name}: non-quantity {snippet!r} at {at} overlaps a mention"
            )
            positions = set(range(at, end)) & outside
            holds_leftover |= bool(positions)
            allowed |= positions
        assert holds_leftover, f"{name}: allow-listed {snippet!r} holds no leftover digit"
    unexplained = sorted(outside - allowed)
    assert not unexplained, [text[max(0, i - 15) : i + 10] for i in unexplained]


def test_shipped_annotations_keep_their_offsets_quotes_and_values():
    """On the shipped seeds every annotation names a mention by its own offsets (or one
    holding them), and the ledger row keeps them: target_id, quote and value."""
    found = ni.mentions()
    spans = SpanIndex(zip(found["source_id"], found["start"], found["end"], strict=True))
    notes = curation.annotations()
    for note in notes.itertuples():
        assert spans.holding(note.source_id, note.start, note.end) is not None, note.quote
    ledger = ni.targets().set_index("target_id")
    expected = {f"{n.source_id}:{n.start}-{n.end}": n for n in notes.itertuples()}
    assert set(ledger.index) == set(expected)
    for target_id, note in expected.items():
        assert ledger.loc[target_id, "quote"] == note.quote
        assert ledger.loc[target_id, "value"] == pytest.approx(float(note.value), rel=1e-9)
