"""Score extraction (and, where available, annotation suggestions) on the unseen plans.

    python benchmarks/unseen/score.py

For each plan, every gold figure is located in the text; the extractor's
mention that overlaps it is compared field by field (value, exactly; unit;
comparator).
Then ``newinfra add-plan`` is run on each plan in a throwaway copy of the
project, and its suggestions are scored against the gold rows:

- recall: the share of gold figures (rows whose kind is not ``exclude``)
  that are suggested as figures (an annotation row overlaps them);
- precision: the share of suggested annotation rows that are gold figures;
- right without edits: the share of gold figures whose ledger row, as
  ``newinfra accept`` would make it, is right in every field: the quantity
  (value times scale, in its unit), scale, comparator, kind, horizon year,
  basis, metric and domain. A gold row with no ``metric_id`` wants a new
  metric to name (a stub); any catalogue metric is wrong for it.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import newinfra as ni
from newinfra.inputs import units

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


def read_gold(text_path: Path) -> pd.DataFrame:
    """The gold rows of a plan; scale 1 where the file leaves it empty."""
    gold = pd.read_csv(text_path.with_suffix(".gold.csv"), dtype=str, keep_default_na=False)
    gold["scale"] = [s or "1" for s in gold["scale"]]
    gold["value"] = gold["value"].astype(float)
    return gold


def score_extraction(text_path: Path) -> pd.DataFrame:
    text = text_path.read_text(encoding="utf-8")
    gold = read_gold(text_path)
    found = ni.extract_quantities(text)
    rows = []
    for g in gold.itertuples():
        start, end = locate(text, g.quote, int(g.occurrence))
        hits = found[(found["start"] < end) & (found["end"] > start)]
        hit = hits.iloc[0] if len(hits) else None
        unit = "" if hit is None or pd.isna(hit["unit"]) else hit["unit"]
        rows.append(
            {
                "quote": g.quote,
                "found": hit is not None,
                "value": hit is not None and same_value(hit["value"] * float(g.scale), g.value),
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
    "lanjiang-2025-2027-zh.txt": [
        "--plan-id", "lanjiang-2025-2027", "--jurisdiction", "lanjiang",
        "--jurisdiction-name", "Lanjiang Province", "--level", "province",
        "--period", "2025-2027", "--language", "zh-Hans", "--published", "2025-03-01",
        "--title-en", "Lanjiang Province New Digital Infrastructure Action Plan (2025-2027)",
    ],
    "nation-2025-2027-zh.txt": [
        "--plan-id", "nation-2025-2027", "--jurisdiction", "china",
        "--jurisdiction-name", "China", "--level", "country",
        "--period", "2025-2027", "--language", "zh-Hans", "--published", "2025-01-10",
        "--title-en", "Action Plan for the Coordinated Development of Digital Infrastructure "
        "(2025-2027)",
    ],
    "harbourview-2026-2028-en.txt": [
        "--plan-id", "harbourview-2026-2028", "--jurisdiction", "harbourview",
        "--jurisdiction-name", "Harbourview", "--level", "city",
        "--period", "2026-2028", "--language", "en", "--published", "2026-01-05",
        "--title-en", "Harbourview Connected City Plan (2026-2028)",
    ],
}  # fmt: skip
FIELDS = ["quantity", "scale", "comparator", "kind", "horizon_year", "basis", "metric", "domain"]


@dataclass
class Suggested:
    """What add-plan suggested for one plan, read back from the throwaway project."""

    annotations: pd.DataFrame
    exclusions: pd.DataFrame
    ledger: pd.DataFrame
    stubs: set[str]


def suggestions(text_path: Path) -> Suggested:
    """Run add-plan on an unseen plan in a throwaway copy of the project."""
    from newinfra.cli import main as cli
    from newinfra.inputs import curation
    from newinfra.ledger.build import build_ledger

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
            excluded = curation.exclusions()
            metrics = curation.metrics()
            ledger = build_ledger(include_pending=True)
    pending = notes["review"].notna()
    return Suggested(
        annotations=notes[pending],
        exclusions=excluded[excluded["review"].notna()],
        ledger=ledger[ledger["target_id"].isin(_ids(notes[pending]))],
        stubs=set(metrics.loc[metrics["review"].notna(), "metric_id"]),
    )


def _ids(notes: pd.DataFrame) -> list[str]:
    return [
        f"{s}:{a}-{b}"
        for s, a, b in zip(notes["source_id"], notes["start"], notes["end"], strict=True)
    ]


def _same_quantity(row, gold) -> bool:
    """value x scale in the row's unit equals the gold value in the gold unit."""
    scale = float(row.get("scale", 1) or 1) if not pd.isna(row.get("scale", 1)) else 1.0
    try:
        got = units.convert(float(row["value"]) * scale, row["unit"] or "", gold.unit or "")
    except Exception:  # noqa: BLE001 - any unit pint cannot relate is simply wrong
        return False
    return math.isclose(got, gold.value, rel_tol=1e-9)


def _checks(row, gold, stubs: set[str]) -> dict[str, bool]:
    scale = row.get("scale", 1)
    scale = 1.0 if scale is None or pd.isna(scale) else float(scale)
    # The ledger's value is value x scale already: the quantity reads it in its unit.
    quantity = {"value": float(row["value"]), "unit": row["unit"], "scale": 1}
    return {
        "quantity": _same_quantity(quantity, gold),
        "scale": scale == float(gold.scale),
        "comparator": row["comparator"] == gold.comparator,
        "kind": row["kind"] == gold.kind,
        "horizon_year": str(int(row["horizon_year"])) == gold.horizon_year,
        "basis": row["basis"] == gold.basis,
        "metric": row["metric_id"] == gold.metric_id
        if gold.metric_id
        else row["metric_id"] in stubs,
        "domain": row["domain"] == gold.domain,
    }


def score_suggestions(text_path: Path) -> tuple[pd.DataFrame, dict]:
    """Each gold row beside the suggestion whose span overlaps it; recall and precision."""
    text = text_path.read_text(encoding="utf-8")
    gold = read_gold(text_path)
    got = suggestions(text_path)
    notes = got.annotations
    ledger = got.ledger.set_index("target_id")
    scale = notes["scale"] if "scale" in notes else [1] * len(notes)
    scales = dict(zip(_ids(notes), scale, strict=True))
    spans = [locate(text, g.quote, int(g.occurrence)) for g in gold.itertuples()]
    figures = [i for i, g in enumerate(gold.itertuples()) if g.kind != "exclude"]
    rows = []
    for i in figures:
        g = gold.iloc[i]
        start, end = spans[i]
        hits = notes[(notes["start"] < end) & (notes["end"] > start)]
        row = {"quote": g.quote, "suggested": len(hits) > 0}
        if len(hits):
            target = _ids(hits.iloc[:1])[0]
            found = ledger.loc[target].to_dict()
            found["scale"] = scales.get(target, 1)
            checks = _checks(found, g, got.stubs)
            row.update(checks)
            row["misses"] = "; ".join(
                f"{f} {_shown(f, found)!r} (gold {_wanted(f, g)!r})"
                for f, ok in checks.items()
                if not ok
            )
        else:
            row.update(dict.fromkeys(FIELDS, False))
            row["misses"] = "not suggested as a figure"
        rows.append(row)
    table = pd.DataFrame(rows)
    gold_figures = [spans[i] for i in figures]
    true = sum(
        any(a < e and b > s for s, e in gold_figures)
        for a, b in zip(notes["start"], notes["end"], strict=True)
    )
    false_rows = [
        n.quote
        for n in notes.itertuples()
        if not any(n.start < e and n.end > s for s, e in gold_figures)
    ]
    summary = {
        "gold figures": len(figures),
        "recall": table["suggested"].mean(),
        "suggested": len(notes),
        "precision": true / len(notes) if len(notes) else 1.0,
        "right": table[FIELDS].all(axis=1).mean(),
        "false": false_rows,
    }
    return table, summary


def _shown(field: str, row: dict):
    return {
        "quantity": f"{row['value']:g} {row['unit']}",
        "metric": row["metric_id"],
    }.get(field) or row.get(field)


def _wanted(field: str, gold):
    return {
        "quantity": f"{gold.value:g} {gold.unit}",
        "metric": gold.metric_id or "(a new metric)",
    }.get(field) or gold[field]


def print_suggestion_scores(path: Path) -> dict:
    table, summary = score_suggestions(path)
    print(
        f"== {path.stem}: recall {summary['recall']:.2f} ({summary['gold figures']} gold figures), "
        f"precision {summary['precision']:.2f} ({summary['suggested']} suggested), "
        f"right without edits {summary['right']:.2f}"
    )
    print("  per field: " + ", ".join(f"{f} {table[f].mean():.0%}" for f in FIELDS))
    for row in table.itertuples():
        if row.misses:
            print(f"    {row.quote}: {row.misses}")
    for quote in summary["false"]:
        print(f"    suggested, not a gold figure: {quote!r}")
    print()
    return summary


def main(argv: list[str] | None = None) -> int:
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 60)
    args = argv if argv is not None else sys.argv[1:]
    chosen = {a for a in args if not a.startswith("--")}
    plans = [p for p in PLANS if not chosen or p.stem in chosen or p.name in chosen]
    if "--suggestions" not in args:
        for path in plans:
            table = score_extraction(path)
            print(f"== {path.name}: {len(table)} gold figures")
            wrong = table[~table[["found", "value", "unit", "comparator"]].all(axis=1)]
            if len(wrong):
                print(wrong.to_string(index=False))
            shares = table[["found", "value", "unit", "comparator"]].mean()
            print("extraction right: " + ", ".join(f"{k} {v:.0%}" for k, v in shares.items()))
            print()
    summaries = {path.stem: print_suggestion_scores(path) for path in plans}
    print("| plan | gold figures | recall | suggested | precision | right without edits |")
    print("|---|---|---|---|---|---|")
    for name, s in summaries.items():
        print(
            f"| {name} | {s['gold figures']} | {s['recall']:.2f} | {s['suggested']} "
            f"| {s['precision']:.2f} | {s['right']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
