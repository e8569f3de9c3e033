"""Proof that no figure in the seeds was skipped.

The audit reports, for every seed:

1. mentions that are neither annotated (data/annotations.csv) nor excluded
   (data/exclusions.csv): they still need a decision;
2. annotations and exclusions that no longer match a mention (the seed or the
   extractor changed under them);
3. every character the scan rules of data/audit_rules.csv pick out (each
   digit; each Chinese numeral before a measure word or 萬/億/千) that lies
   neither inside a mention nor inside a span of a named exemption rule
   (the first rule in the file that covers a character is the one named)
   (dates, document numbers, list numbering, technology generations...). This
   catches what the extractor never saw;
4. rows suggested by ``newinfra add-plan`` still pending review (accept a plan
   with ``newinfra accept PLAN_ID`` once its rows are read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from newinfra.inputs import corpus, curation
from newinfra.inputs.loader import line_of
from newinfra.ledger import review
from newinfra.ledger.mentions import mentions
from newinfra.text.spans import SpanIndex


@dataclass
class AuditReport:
    unreviewed: pd.DataFrame
    stale: pd.DataFrame
    uncovered: pd.DataFrame
    coverage: pd.DataFrame
    summary: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    pending: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok(self) -> bool:
        return (
            self.unreviewed.empty
            and self.stale.empty
            and self.uncovered.empty
            and self.pending.empty
        )

    def render(self) -> str:
        lines = ["newinfra audit", ""]
        lines.append("Per source: mentions, annotated, excluded, unreviewed")
        for row in self.summary.itertuples():
            lines.append(
                f"  {row.source_id}: {row.mentions} mentions, {row.annotated} annotated, "
                f"{row.excluded} excluded, {row.unreviewed} unreviewed"
            )
        lines.append("")
        lines.append("Scanned characters and what accounts for them (rule: count)")
        for row in self.coverage.itertuples():
            lines.append(f"  {row.source_id} {row.scan}: {row.covered_by}: {row.count}")
        lines.append("")
        lines += _listing(
            "Mentions neither annotated nor excluded",
            self.unreviewed,
            lambda r: f"{r.source_id}:{r.start}-{r.end} {r.text!r}  [{r.section_ref}: {r.section}]",
        )
        lines += _listing(
            "Rows suggested by add-plan and pending review (read them, fix what is wrong, then "
            "`newinfra accept PLAN_ID`)",
            self.pending,
            lambda r: f"{r.file} line {r.line} [{r.plan_id}]: {r.what}",
        )
        lines += _listing(
            "Annotations or exclusions that match no mention",
            self.stale,
            lambda r: f"{r.file} line {r.line}: {r.source_id}:{r.start}-{r.end} {r.quote!r}",
        )
        lines += _listing(
            "Characters outside every mention and every exemption rule",
            self.uncovered,
            lambda r: f"{r.source_id}:{r.offset} {r.char!r} (rule {r.scan}) in …{r.context}…",
        )
        lines.append(
            "OK: every figure is accounted for." if self.ok else "FAILED: see the lists above."
        )
        return "\n".join(lines)


def _listing(title: str, frame: pd.DataFrame, describe) -> list[str]:
    if frame.empty:
        return []
    return [f"{title} ({len(frame)}):", *(f"  {describe(r)}" for r in frame.itertuples()), ""]


def _rules():
    rules = curation.audit_rules()
    scans = [(r.rule, re.compile(r.pattern)) for r in rules.itertuples() if r.role == "scan"]
    exempts = [(r.rule, re.compile(r.pattern)) for r in rules.itertuples() if r.role == "exempt"]
    return scans, exempts


def _stale(table: pd.DataFrame, found: SpanIndex, file: str) -> list[dict]:
    rows = []
    for index, row in table.iterrows():
        if found.holding(row["source_id"], row["start"], row["end"]) is None:
            rows.append(
                {
                    "file": file,
                    "line": line_of(index),
                    "source_id": row["source_id"],
                    "start": row["start"],
                    "end": row["end"],
                    "quote": row["quote"],
                }
            )
    return rows


def run() -> AuditReport:
    # The rules first: a broken rule file is reported before the long extraction.
    scans, exempts = _rules()
    found = mentions()
    annotations = curation.annotations()
    exclusions = curation.exclusions()
    keys = set(zip(found["source_id"], found["start"], found["end"], strict=True))
    # A mention that grew around an annotated span is still the annotated figure.
    spans = SpanIndex(keys)
    annotated = {
        spans.holding(*k)
        for k in zip(
            annotations["source_id"], annotations["start"], annotations["end"], strict=True
        )
    }
    excluded = {
        spans.holding(*k)
        for k in zip(exclusions["source_id"], exclusions["start"], exclusions["end"], strict=True)
    }
    reviewed = [
        (k in annotated or k in excluded)
        for k in zip(found["source_id"], found["start"], found["end"], strict=True)
    ]
    columns = ["source_id", "start", "end", "text", "section_ref", "section"]
    unreviewed = found[[not r for r in reviewed]][columns]
    stale = pd.DataFrame(
        _stale(annotations, spans, "data/annotations.csv")
        + _stale(exclusions, spans, "data/exclusions.csv"),
        columns=["file", "line", "source_id", "start", "end", "quote"],
    )

    uncovered, coverage, summary = [], [], []
    for source_id in corpus.source_ids():
        text = corpus.source_text(source_id)
        in_source = found[found["source_id"] == source_id]
        covered = bytearray(len(text))
        for start, end in zip(in_source["start"], in_source["end"], strict=True):
            covered[start:end] = b"\x01" * (end - start)
        exempt_by = {}
        for name, pattern in exempts:
            for match in pattern.finditer(text):
                for offset in range(match.start(), match.end()):
                    exempt_by.setdefault(offset, name)
        for scan_name, pattern in scans:
            counts: dict[str, int] = {}
            for match in pattern.finditer(text):
                offset = match.start()
                if covered[offset]:
                    by = "mention"
                elif offset in exempt_by:
                    by = exempt_by[offset]
                else:
                    by = "nothing"
                    uncovered.append(
                        {
                            "source_id": source_id,
                            "offset": offset,
                            "char": text[offset],
                            "scan": scan_name,
                            "context": text[max(0, offset - 15) : offset + 15].replace("\n", " "),
                        }
                    )
                counts[by] = counts.get(by, 0) + 1
            for by, count in sorted(counts.items()):
                coverage.append(
                    {"source_id": source_id, "scan": scan_name, "covered_by": by, "count": count}
                )
        source_keys = [k for k in keys if k[0] == source_id]
        summary.append(
            {
                "source_id": source_id,
                "mentions": len(source_keys),
                "annotated": sum(k in annotated for k in source_keys),
                "excluded": sum(k in excluded for k in source_keys),
                "unreviewed": int((unreviewed["source_id"] == source_id).sum()),
            }
        )
    return AuditReport(
        unreviewed=unreviewed.reset_index(drop=True),
        stale=stale,
        uncovered=pd.DataFrame(
            uncovered, columns=["source_id", "offset", "char", "scan", "context"]
        ),
        coverage=pd.DataFrame(coverage, columns=["source_id", "scan", "covered_by", "count"]),
        summary=pd.DataFrame(summary),
        pending=review.pending(),
    )
