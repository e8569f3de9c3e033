"""Synthetic plans and projects: a fixture maker for tests and benchmarks.

Not part of the analysis. It writes what an analyst writes when adding a plan
(a seed text, its manifest row with the sha256, a plans row, task, crosswalk
and annotation rows), so tests can build small projects from made-up inputs
and benchmarks can build projects of any size.

Every synthetic plan has the same short text: two sections (networks,
terminals) and five figures, each annotated. Its title names the district in
letters, so the only numbers in the text are the figures and the years, and a
project made of synthetic plans passes the audit.

    >>> from newinfra.curate import synthetic
    >>> synthetic.write_project(tmp / "project", plans=3)   # a complete project root
    >>> synthetic.add_plan(root, synthetic.numbered(7))      # one more plan in a project
    >>> synthetic.add_plan(root, plan, annotate=False)        # ... its figures still to decide
    >>> figures = (synthetic.Figure("idc_racks", 50_000, "racks", "target", 2026),)
    >>> synthetic.add_plan(root, synthetic.FigurePlan(**fields, figures=figures))  # any figures

A plan names its place (``jurisdiction_id``); left out, it belongs to the home
place of the project it is added to (the first row of its jurisdictions.csv).

Column lists come from the template project's own files (``data/``, and the
manifest in ``seeds/``), so the rows follow the files as they are today.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from newinfra.core import project

TEXT = (
    "{title}\n\n"
    "1. Networks\n\n"
    "By the end of {end}, the district will build more than {stations:,} 5G base stations and "
    "strive to bring 10-Gigabit access to {homes:,} homes.\n\n"
    "2. Terminals\n\n"
    "The district will add {chargers:,} smart charging points and pilot {nursing_homes} smart "
    "nursing homes.\n"
)

# The files a synthetic project writes afresh; every other data file is copied.
PLAN_FILES = ("plans.csv", "tasks.csv", "crosswalk.csv", "annotations.csv", "exclusions.csv")

SECTIONS = (("N1", "i1", "Networks", "network"), ("T1", "i2", "Terminals", "terminals"))


@dataclass(frozen=True)
class SyntheticPlan:
    """One made-up plan with its single source document and its five figures."""

    plan_id: str
    source_id: str
    title: str
    publisher: str
    start: int
    end: int
    published: str
    stations: int = 5000
    homes: int = 200_000
    chargers: int = 30_000
    nursing_homes: int = 20
    # A place of data/jurisdictions.csv; None: the project's home place. A place not yet
    # listed is added with this level and parent (None: the home place).
    jurisdiction_id: str | None = None
    jurisdiction_level: str = "district"
    jurisdiction_parent: str | None = None

    @property
    def file(self) -> str:
        return f"{self.source_id}.txt"

    def text(self) -> str:
        return TEXT.format(**self.__dict__)

    def manifest_row(self) -> dict:
        return {
            "source_id": self.source_id,
            "file": self.file,
            "sha256": hashlib.sha256(self.text().encode("utf-8")).hexdigest(),
            "plan_id": self.plan_id,
            "title": self.title,
            "language": "en",
            "doc_type": "plan_text",
            "official": "true",
            "published": self.published,
            "publisher": self.publisher,
        }

    def plan_row(self) -> dict:
        return {
            "plan_id": self.plan_id,
            "jurisdiction_id": self.jurisdiction_id,
            "title_en": self.title,
            "period_start": self.start,
            "period_end": self.end,
            "horizon_year": self.end,
            "primary_source_id": self.source_id,
            "evidence": "full_text",
            "is_context": "false",
        }

    def task_rows(self) -> list[dict]:
        return [
            {
                "plan_id": self.plan_id,
                "task_ref": task_ref,
                "task_type": "task",
                "title_en": title,
                "domain_native": title,
                "domain": domain,
                "source_id": self.source_id,
                "section_ref": section_ref,
            }
            for task_ref, section_ref, title, domain in SECTIONS
        ]

    def crosswalk_rows(self) -> list[dict]:
        return [
            {
                "plan_id": self.plan_id,
                "source_id": self.source_id,
                "section_ref": section_ref,
                "domain_native": title,
                "domain": domain,
            }
            for _task_ref, section_ref, title, domain in SECTIONS
        ]

    def annotation_rows(self) -> list[dict]:
        """The five figures, each located by a short anchor of text that holds it."""
        figures = (
            # quote, anchor, metric, value, basis
            (f"more than {self.stations:,}", None, "5g_base_stations", self.stations, "cumulative"),
            ("10-Gigabit", None, "home_broadband_access_speed", 10, "cumulative"),
            (f"{self.homes:,}", f"{self.homes:,} homes", "homes_gigabit_covered", self.homes, "cumulative"),
            (f"{self.chargers:,}", f"add {self.chargers:,}", "ev_smart_charging_points", self.chargers, "new"),
            (f"{self.nursing_homes}", f"pilot {self.nursing_homes} smart", "smart_nursing_homes", self.nursing_homes, "new"),
        )  # fmt: skip
        text, rows = self.text(), []
        for quote, anchor, metric, value, basis in figures:
            anchor = anchor or quote
            start = text.index(anchor) + anchor.index(quote)
            rows.append(
                {
                    "source_id": self.source_id,
                    "start": start,
                    "end": start + len(quote),
                    "quote": quote,
                    "value": value,
                    "metric_id": metric,
                    "kind": "target",
                    "horizon_year": self.end,
                    "basis": basis,
                }
            )
        return rows


@dataclass(frozen=True)
class Figure:
    """One figure of a :class:`FigurePlan`: a target due in ``year`` or a status of ``year``."""

    metric_id: str
    value: float
    unit: str
    kind: str = "target"
    year: int = 2026
    basis: str = "cumulative"

    def written(self) -> str:
        """The value as the text writes it: digits with thousands separators, no exponent."""
        value = float(self.value)
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class FigurePlan(SyntheticPlan):
    """A synthetic plan whose figures are given: one sentence and one annotation each.

    A target reads "By the end of <year>, item <X> will reach <value>."; a status
    "In <year>, item <X> stood at <value>.". Each annotation names the metric's
    unit, so any metric can be given a figure.
    """

    figures: tuple[Figure, ...] = ()

    def _sentences(self) -> list[tuple[str, Figure]]:
        sentences = []
        for i, figure in enumerate(self.figures):
            item = f"item {_letters(i)}"
            if figure.kind == "baseline":
                sentence = f"In {figure.year}, {item} stood at {figure.written()}."
            else:
                sentence = f"By the end of {figure.year}, {item} will reach {figure.written()}."
            sentences.append((sentence, figure))
        return sentences

    def text(self) -> str:
        body = "\n".join(sentence for sentence, _ in self._sentences())
        return f"{self.title}\n\n1. Networks\n\n{body}\n\n2. Terminals\n\nNo figures.\n"

    def annotation_rows(self) -> list[dict]:
        text, rows, at = self.text(), [], 0
        for sentence, figure in self._sentences():
            at = text.index(sentence, at)
            start = at + sentence.rindex(figure.written())
            rows.append(
                {
                    "source_id": self.source_id,
                    "start": start,
                    "end": start + len(figure.written()),
                    "quote": figure.written(),
                    "value": figure.written().replace(",", ""),
                    "unit": figure.unit,
                    "metric_id": figure.metric_id,
                    "kind": figure.kind,
                    "horizon_year": figure.year,
                    "basis": figure.basis,
                }
            )
            at += len(sentence)
        return rows


def _letters(number: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a district name without digits."""
    name = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def numbered(n: int) -> SyntheticPlan:
    """The n-th plan of a synthetic series: periods and figures vary a little with n."""
    start, end = 2024 + n % 3, 2026 + n % 3
    title = f"Synthetic District {_letters(n)} Digital Plan ({start}-{end})"
    return SyntheticPlan(
        plan_id=f"synthetic-{n:04d}",
        source_id=f"synthetic-{n:04d}-en",
        title=title,
        publisher=f"District {_letters(n)} People's Government",
        start=start,
        end=end,
        published=f"{start}-01-15",
        stations=1000 + n,
        homes=20_000 + 7 * n,
        chargers=3000 + 3 * n,
        nursing_homes=10 + n % 50,
    )


def _fields(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return next(csv.reader(handle))


def _write(path: Path, rows: list[dict], mode: str = "w") -> None:
    """Write (or append) rows under the file's existing header; absent fields are blank."""
    fields = _fields(path)
    with path.open(mode, encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        if mode == "w":
            writer.writeheader()
        writer.writerows([{f: row.get(f, "") for f in fields} for row in rows])


def add_plan(root: Path, plan: SyntheticPlan, annotate: bool = True) -> None:
    """Add one plan to the project at ``root``: its seed and every row it needs.

    With ``annotate=False`` the figures are left for the audit to list, as they
    are when an analyst has added a text but not yet decided on its figures.
    """
    root = Path(root)
    plan = _placed(root, plan)
    (root / "seeds" / plan.file).write_text(plan.text(), encoding="utf-8")
    _write(root / "seeds" / "manifest.csv", [plan.manifest_row()], "a")
    data = root / "data"
    _add_jurisdiction(data / "jurisdictions.csv", plan)
    _write(data / "plans.csv", [plan.plan_row()], "a")
    _write(data / "tasks.csv", plan.task_rows(), "a")
    _write(data / "crosswalk.csv", plan.crosswalk_rows(), "a")
    if annotate:
        add_annotations(root, plan)


def home_place(root: Path) -> str:
    """The home place of the project at ``root``: the first row of its jurisdictions.csv."""
    with (Path(root) / "data" / "jurisdictions.csv").open(encoding="utf-8", newline="") as handle:
        return next(csv.DictReader(handle))["jurisdiction_id"]


def _placed(root: Path, plan: SyntheticPlan) -> SyntheticPlan:
    """The plan with its place and its place's parent filled in (default: the home place)."""
    if plan.jurisdiction_id is not None and (
        plan.jurisdiction_parent is not None or plan.jurisdiction_level != "district"
    ):
        return plan
    home = home_place(root)
    return replace(
        plan,
        jurisdiction_id=plan.jurisdiction_id or home,
        jurisdiction_parent=plan.jurisdiction_parent or home,
    )


def _add_jurisdiction(path: Path, plan: SyntheticPlan) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        known = {row["jurisdiction_id"] for row in csv.DictReader(handle)}
    if plan.jurisdiction_id in known:
        return
    row = {
        "jurisdiction_id": plan.jurisdiction_id,
        "name_en": plan.jurisdiction_id.replace("-", " ").title(),
        "level": plan.jurisdiction_level,
        "parent_id": plan.jurisdiction_parent or "",
    }
    _write(path, [row], "a")


def add_annotations(root: Path, plan: SyntheticPlan) -> None:
    """Record the decision on each of the plan's five figures (data/annotations.csv)."""
    _write(Path(root) / "data" / "annotations.csv", _placed(root, plan).annotation_rows(), "a")


def _keep_language_rules(path: Path) -> None:
    """Section rules of the template's own documents go; each language's defaults stay."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, [r for r in reader if not r["source_id"]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_project(root: Path, plans: int = 1, template: Path | None = None) -> Path:
    """A complete project at ``root`` made of ``plans`` synthetic plans and no other seeds.

    The catalogue (metrics, domains, vocabularies, rules, the report grid) is
    copied from ``template`` (default: the project root in force); the seeds,
    the manifest and the plan files (``PLAN_FILES``) hold the synthetic plans only.
    """
    root, template = Path(root), Path(template or project.root())
    shutil.copytree(template / "data", root / "data")
    (root / "seeds").mkdir(parents=True)
    shutil.copyfile(template / "seeds" / "manifest.csv", root / "seeds" / "manifest.csv")
    _write(root / "seeds" / "manifest.csv", [])
    for name in PLAN_FILES:
        _write(root / "data" / name, [])
    _keep_language_rules(root / "data" / "section_rules.csv")
    for n in range(plans):
        add_plan(root, numbered(n))
    return root
