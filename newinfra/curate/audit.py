"""Proof that the data are sound and that no figure in the seeds was skipped.

The audit first loads every data file the library reads, with the loaders
and schemas ``ni.targets()``, ``ni.commitments()`` and ``ni.compare()`` use
(plus any further checks its caller adds, such as the report grid), checks
every reference between files (plans, sources, jurisdictions and their
parents, metrics and families, domains, units, tasks, and the section refs
of tasks and crosswalk rows), and builds the ledger. Every problem is one
line naming file, line and field, the same line the library raises, and all
of them are listed. Only when the data load does it report, for every seed:

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
   with ``newinfra accept PLAN_ID`` once its rows are read);
5. spans both annotated and excluded: one of the two decisions is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from newinfra.core.errors import NewinfraError
from newinfra.curate import review
from newinfra.inputs import corpus, curation, families, fields, section_rules
from newinfra.inputs.loader import line_of
from newinfra.ledger.mentions import mentions
from newinfra.text.spans import SpanIndex

FINDING_COLUMNS = ["kind", "file", "line", "field", "message"]
_LOCATED = re.compile(
    r"^(?P<file>.+?): (?:line (?P<line>\d+)(?:, fields? (?P<field>'[^:]*?'))?: )?"
)

Check = Callable[[], object]


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


@dataclass
class AuditReport:
    unreviewed: pd.DataFrame
    stale: pd.DataFrame
    uncovered: pd.DataFrame
    coverage: pd.DataFrame
    summary: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    pending: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: problems of the data files, one line each (as the library raises them)
    problems: list[str] = field(default_factory=list)
    #: spans both annotated and excluded
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and self.unreviewed.empty
            and self.stale.empty
            and self.uncovered.empty
            and self.pending.empty
            and self.conflicts.empty
        )

    def findings(self) -> pd.DataFrame:
        """Everything the audit lists, one row each: kind, file, line, field, message."""
        rows = []
        for message in self.problems:
            located = _LOCATED.match(message)
            parts = located.groupdict() if located else {}
            line = parts.get("line")
            rows.append(
                {
                    "kind": "data",
                    "file": parts.get("file"),
                    "line": int(line) if line else None,
                    "field": (parts.get("field") or "").strip("'") or None,
                    "message": message,
                }
            )
        for kind, frame, describe in self._listings():
            for r in frame.itertuples():
                rows.append(
                    {
                        "kind": kind,
                        "file": getattr(r, "file", None),
                        "line": getattr(r, "line", None),
                        "field": None,
                        "message": describe(r),
                    }
                )
        frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
        frame["line"] = frame["line"].astype("Int64")
        return frame

    def _listings(self):
        return [
            ("unreviewed", self.unreviewed, _unreviewed),
            ("pending", self.pending, _pending),
            ("stale", self.stale, _stale_line),
            ("annotated_and_excluded", self.conflicts, _conflict),
            ("uncovered", self.uncovered, _uncovered),
        ]

    def render(self) -> str:
        lines = ["newinfra audit", ""]
        if self.problems:
            lines.append(f"Problems in the data files ({len(self.problems)}):")
            lines += [f"  {problem}" for problem in self.problems]
            lines.append("")
            lines.append(
                "FAILED: fix the data files above; what depends on a broken file, and the "
                "figures, are checked once the data load."
            )
            return "\n".join(lines)
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
        titles = {
            "unreviewed": "Mentions neither annotated nor excluded",
            "pending": "Rows suggested by add-plan and pending review (read them, fix what is "
            "wrong, then `newinfra accept PLAN_ID`)",
            "stale": "Annotations or exclusions that match no mention",
            "annotated_and_excluded": "Spans both annotated and excluded (keep one decision)",
            "uncovered": "Characters outside every mention and every exemption rule",
        }
        for kind, frame, describe in self._listings():
            lines += _listing(titles[kind], frame, describe)
        lines.append(
            "OK: every figure is accounted for." if self.ok else "FAILED: see the lists above."
        )
        return "\n".join(lines)


def _unreviewed(r) -> str:
    return f"{r.source_id}:{r.start}-{r.end} {r.text!r}  [{r.section_ref}: {r.section}]"


def _pending(r) -> str:
    return f"{r.file} line {r.line} [{r.plan_id}]: {r.what}"


def _stale_line(r) -> str:
    return f"{r.file} line {r.line}: {r.source_id}:{r.start}-{r.end} {r.quote!r}"


def _conflict(r) -> str:
    return (
        f"{r.file} line {r.line}: {r.source_id}:{r.start}-{r.end} {r.quote!r} is excluded, "
        f"and annotated on data/annotations.csv line {r.annotation_line}"
    )


def _uncovered(r) -> str:
    return f"{r.source_id}:{r.offset} {r.char!r} (rule {r.scan}) in …{r.context}…"


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


def data_checks() -> list[Check]:
    """Every load and cross-check of the data files the library makes, in dependency order."""

    def seeds() -> None:
        lines = []
        for source_id in corpus.source_ids():
            try:
                corpus.source_text(source_id)
            except NewinfraError as exc:
                lines.append(str(exc))
        if lines:
            raise NewinfraError("\n".join(lines))

    return [
        corpus.manifest,  # with plans.csv and jurisdictions.csv
        seeds,
        curation.domains,
        curation.metrics,
        families.families,
        curation.commitment_terms,
        curation.audit_rules,
        curation.suggest_rules,
        curation.themes,
        section_rules.section_rules,
        section_rules.seed_section_refs,
        curation.tasks,
        curation.crosswalk,
        curation.annotations,
        curation.exclusions,
        fields.fields,
    ]


def _problems(checks: Iterable[Check]) -> list[str]:
    """Every problem the checks raise, one line each and each once, in order."""
    lines: list[str] = []
    for check in checks:
        try:
            check()
        except NewinfraError as exc:
            lines += [line for line in str(exc).splitlines() if line and line not in lines]
    return lines


def _ledger_checks() -> list[Check]:
    from newinfra.ledger import targets

    return [
        targets.targets,
        lambda: targets.targets(include_pending=True),
        targets.commitments,
        targets.task_links,
    ]


def _conflicts(
    annotations: pd.DataFrame, exclusions: pd.DataFrame, spans: SpanIndex
) -> pd.DataFrame:
    """Exclusions of a mention that is also annotated."""
    annotated: dict[tuple, int] = {}
    for index, key in zip(
        annotations.index,
        zip(annotations["source_id"], annotations["start"], annotations["end"], strict=True),
        strict=True,
    ):
        annotated.setdefault(spans.holding(*key) or key, line_of(index))
    rows = []
    for index, row in exclusions.iterrows():
        key = (row["source_id"], row["start"], row["end"])
        held = spans.holding(*key) or key
        if held in annotated:
            rows.append(
                {
                    "file": "data/exclusions.csv",
                    "line": line_of(index),
                    "annotation_line": annotated[held],
                    "source_id": row["source_id"],
                    "start": row["start"],
                    "end": row["end"],
                    "quote": row["quote"],
                }
            )
    columns = ["file", "line", "annotation_line", "source_id", "start", "end", "quote"]
    return _frame(rows, columns)


def _failed(problems: list[str]) -> AuditReport:
    empty = pd.DataFrame()
    return AuditReport(
        unreviewed=empty, stale=empty, uncovered=empty, coverage=empty, summary=empty,
        problems=problems,
    )  # fmt: skip


def run(extra_checks: Iterable[Check] = ()) -> AuditReport:
    """The audit: data files first (with ``extra_checks``, callables that raise on a problem),
    then, once they load, every figure of the seeds."""
    problems = _problems([*data_checks(), *extra_checks])
    if problems:
        return _failed(problems)
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
    if stale.empty:
        # The ledger refuses a stale annotation on its first; the list above names them all.
        problems = _problems(_ledger_checks())
        if problems:
            return _failed(problems)
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
        conflicts=_conflicts(annotations, exclusions, spans),
    )
