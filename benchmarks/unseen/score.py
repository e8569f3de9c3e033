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


# --------------------------------------------------------------------------
# Suggestions: add-plan run on each unseen plan in a temporary project copy

# How each unseen plan is added: the add-plan options an analyst would give.
ADD_PLAN_OPTIONS = {
    "lanxi-2024-2027-zh.txt": [
        "--plan-id", "lanxi-2024-2027", "--jurisdiction", "lanxi",
        "--jurisdiction-name", "Lanxi District", "--level", "district", "--parent", "shanghai",
        "--period", "2024-2027", "--language", "zh-Hans", "--published", "2024-03-01",
        "--title-en", "Lanxi District New Infrastructure Action Plan (2024-2027)",
    ],
    "riverton-2025-2028-en.txt": [
        "--plan-id", "riverton-2025-2028", "--jurisdiction", "riverton",
        "--jurisdiction-name", "Riverton", "--level", "city",
        "--period", "2025-2028", "--language", "en", "--published", "2025-02-01",
        "--title-en", "Riverton Municipal Action Plan for Digital Infrastructure (2025-2028)",
    ],
    "eastbay-2026-2029-en.txt": [
        "--plan-id", "eastbay-2026-2029", "--jurisdiction", "eastbay",
        "--jurisdiction-name", "Eastbay", "--level", "city",
        "--period", "2026-2029", "--language", "en", "--published", "2026-01-15",
        "--title-en", "Eastbay Digital Infrastructure Three-Year Plan (2026-2029)",
    ],
    "qingchuan-2025-2027-zh.txt": [
        "--plan-id", "qingchuan-2025-2027", "--jurisdiction", "qingchuan",
        "--jurisdiction-name", "Qingchuan Province", "--level", "province",
        "--period", "2025-2027", "--language", "zh-Hans", "--published", "2025-04-10",
        "--title-en", "Qingchuan Province Digital Infrastructure Action Plan (2025-2027)",
    ],
    "yunting-2025-2027-zh.txt": [
        "--plan-id", "yunting-2025-2027", "--jurisdiction", "yunting",
        "--jurisdiction-name", "Yunting District", "--level", "district", "--parent", "shanghai",
        "--period", "2025-2027", "--language", "zh-Hans", "--published", "2025-03-20",
        "--title-en", "Yunting District Digital Infrastructure Action Plan (2025-2027)",
    ],
    "northmere-2025-2027-en.txt": [
        "--plan-id", "northmere-2025-2027", "--jurisdiction", "northmere",
        "--jurisdiction-name", "Northmere", "--level", "city",
        "--period", "2025-2027", "--language", "en", "--published", "2025-01-20",
        "--title-en", "Northmere Digital Infrastructure Action Plan (2025-2027)",
    ],
}  # fmt: skip
SUGGESTION_FIELDS = ["kind", "horizon_year", "basis", "family", "comparator"]


def suggestions(text_path: Path) -> tuple[pd.DataFrame, int]:
    """The rows add-plan suggests for an unseen plan, in a throwaway copy of the project."""
    import contextlib
    import io
    import shutil
    import tempfile

    from newinfra.cli import main as cli
    from newinfra.inputs import curation

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folder in ("seeds", "data"):
            shutil.copytree(ni.root() / folder, root / folder)
        with ni.using_root(root):
            with contextlib.redirect_stdout(io.StringIO()):
                status = cli(["add-plan", str(text_path), *ADD_PLAN_OPTIONS[text_path.name]])
            if status:
                raise SystemExit(f"add-plan failed on {text_path.name} (exit {status})")
            notes = curation.annotations()
            notes = notes[notes["review"].notna()]
            families = curation.metrics().set_index("metric_id")["family"]
            found = ni.extract_quantities(text_path.read_text(encoding="utf-8"))
            notes = notes.assign(
                family=notes["metric_id"].map(families),
                comparator=[
                    c if isinstance(c, str) else _read_comparator(found, s)
                    for c, s in zip(notes["comparator"], notes["start"], strict=True)
                ],
            )
            excluded = curation.exclusions()
            excluded = excluded[excluded["review"].notna()].assign(kind="exclude")
    table = pd.concat([notes, excluded], ignore_index=True)
    return table, len(found)


def _read_comparator(found: pd.DataFrame, start: int) -> str:
    return found.loc[found["start"] == start, "comparator"].iloc[0]


def _same(field: str, got, want) -> bool:
    if field == "horizon_year":
        return not pd.isna(got) and str(int(float(got))) == str(want)
    return str(got) == str(want)


def score_suggestions(text_path: Path) -> pd.DataFrame:
    """Each gold row beside the suggestion whose span overlaps it, field by field.

    Fields the gold leaves empty are not scored (no horizon or basis for an
    exclusion, no family where the catalogue has none). The guess is the
    majority class: always a target, due at the plan's end, cumulative, with
    the extractor's comparator.
    """
    text = text_path.read_text(encoding="utf-8")
    gold = pd.read_csv(text_path.with_suffix(".gold.csv"), dtype=str, keep_default_na=False)
    table, _ = suggestions(text_path)
    found = ni.extract_quantities(text)
    plan_end = str(max(int(y) for y in gold["horizon_year"] if y))
    rows = []
    for g in gold.itertuples():
        start, end = locate(text, g.quote, int(g.occurrence))
        hits = table[(table["start"] < end) & (table["end"] > start)]
        hit = hits.iloc[0] if len(hits) else None
        read = found[(found["start"] < end) & (found["end"] > start)]
        guess = {
            "kind": "target",
            "horizon_year": plan_end,
            "basis": "cumulative",
            "family": None,
            "comparator": read["comparator"].iloc[0] if len(read) else None,
        }
        row = {"quote": g.quote}
        for field in SUGGESTION_FIELDS:
            want = getattr(g, field)
            if not want or (field == "comparator" and g.kind == "exclude"):
                row[field] = row[f"guess_{field}"] = None
                continue
            got = None if hit is None else hit.get(field)
            row[field] = hit is not None and _same(field, got, want)
            row[f"guess_{field}"] = guess[field] is not None and _same(field, guess[field], want)
            if not row[field]:
                row[f"got_{field}"] = got
                row[f"want_{field}"] = want
        rows.append(row)
    return pd.DataFrame(rows)


def print_suggestion_scores(path: Path) -> None:
    table = score_suggestions(path)
    print(f"== {path.name}: suggestions (newinfra add-plan) on {len(table)} gold rows")
    for field in SUGGESTION_FIELDS:
        scored = table[field].dropna().astype(bool)
        guess = table[f"guess_{field}"].dropna().astype(bool)
        # The catalogue has no majority family to guess: the guess names none.
        shown = (
            f"{guess.sum():>2}/{len(guess):<2} ({guess.mean():.0%})" if field != "family" else "n/a"
        )
        print(
            f"  {field:<13} right {scored.sum():>2}/{len(scored):<2} ({scored.mean():.0%})"
            f"   guess {shown}"
        )
    wrong = [c for c in table.columns if c.startswith("got_")]
    for row in table.to_dict("records"):
        misses = [
            f"{c[4:]} {row[c]!r} (gold {row['want_' + c[4:]]!r})"
            for c in wrong
            if c in row and not pd.isna(row.get("want_" + c[4:]))
        ]
        if misses:
            print(f"    {row['quote']}: " + "; ".join(misses))
    print()


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
    for path in PLANS:
        print_suggestion_scores(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
