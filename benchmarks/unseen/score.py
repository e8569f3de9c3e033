"""Score extraction (and, where available, annotation suggestions) on the unseen plans.

    python benchmarks/unseen/score.py

For each plan, every gold figure is located in the text; the extractor's
mention that overlaps it is compared field by field (value, exactly; unit;
comparator).
Prints one table per plan and the share right per field.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

import newinfra as ni

HERE = Path(__file__).resolve().parent
PLANS = sorted(p for p in HERE.glob("*.txt"))


def locate(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    """The span of the n-th occurrence of ``quote`` not inside a longer number."""
    pattern = re.compile(rf"(?<![\d.,]){re.escape(quote)}(?![\d]|[,.]\d)")
    found = list(pattern.finditer(text))
    if len(found) < occurrence:
        raise ValueError(f"{quote!r}: occurrence {occurrence} not found ({len(found)} found)")
    match = found[occurrence - 1]
    return match.start(), match.end()


def same_value(a, b) -> bool:
    """Equal as floats, exactly: a value must print as written (540.8億 is 54080000000.0)."""
    if pd.isna(a) or pd.isna(b):
        return pd.isna(a) and pd.isna(b)
    return float(a) == float(b)


def score_extraction(text_path: Path) -> pd.DataFrame:
    text = text_path.read_text(encoding="utf-8")
    gold = pd.read_csv(
        text_path.with_suffix(".gold.csv"), dtype={"unit": str}, keep_default_na=False
    )
    found = ni.extract_quantities(text)
    rows = []
    for g in gold.itertuples():
        start, end = locate(text, g.quote, g.occurrence)
        hits = found[(found["start"] < end) & (found["end"] > start)]
        hit = hits.iloc[0] if len(hits) else None
        unit = "" if hit is None or pd.isna(hit["unit"]) else hit["unit"]
        rows.append(
            {
                "quote": g.quote,
                "found": hit is not None,
                "value": hit is not None and same_value(hit["value"], g.value),
                "unit": hit is not None and unit == g.unit,
                "comparator": hit is not None and hit["comparator"] == g.comparator,
                "extracted": ""
                if hit is None
                else f"{hit['text']} | {float(hit['value'])!r} {unit} {hit['comparator']}",
            }
        )
    return pd.DataFrame(rows)


def main() -> int:
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 60)
    for path in PLANS:
        table = score_extraction(path)
        print(f"== {path.name}: {len(table)} gold figures")
        wrong = table[~table[["found", "value", "unit", "comparator"]].all(axis=1)]
        if len(wrong):
            print(wrong.to_string(index=False))
        shares = table[["found", "value", "unit", "comparator"]].mean()
        print("extraction right: " + ", ".join(f"{k} {v:.0%}" for k, v in shares.items()))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
