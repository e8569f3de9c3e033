"""Benchmarks for newinfra, reported as ratios measured in one run.

The machine is shared and noisy, so every figure is a ratio of two things
measured side by side in the same run (interleaved, median of repeats), never
an absolute time compared with a fixed limit.

    .venv/bin/python benchmarks/run.py            # everything (several minutes)
    .venv/bin/python benchmarks/run.py load extraction ledger
    .venv/bin/python benchmarks/run.py report --jobs 2

Sections:
  load        import newinfra + ni.targets() (warm cache) vs `import pandas`      aim <= 1.5x
  report      the default report run vs papermill + nbconvert on as many
              trivial notebooks with the same --jobs                              aim <= 2x
  extraction  extraction throughput on 1x, 10x and 100x the seeds                 aim: linear
  ledger      ni.targets() / ni.compare() built from 10, 100 and 1,000 plans      aim: linear
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _median_time(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def bench_load(repeats: int = 9) -> dict:
    """Library load + ledger (from the fingerprint cache) against importing pandas."""
    subprocess.run(
        [PYTHON, "-c", "import newinfra as ni; ni.targets()"], check=True
    )  # warm the cache
    ours, theirs = [], []
    for _ in range(repeats):  # interleaved so that load on the machine hits both alike
        ours.append(_median_time([PYTHON, "-c", "import newinfra as ni; ni.targets()"]))
        theirs.append(_median_time([PYTHON, "-c", "import pandas"]))
    ratio = statistics.median(ours) / statistics.median(theirs)
    return {
        "import newinfra + targets() (s)": statistics.median(ours),
        "import pandas (s)": statistics.median(theirs),
        "ratio": ratio,
        "aim": "<= 1.5",
    }


def _trivial_notebook(path: Path, imports: str = "") -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    parameters = nbformat.v4.new_code_cell("x = 1")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# trivial"),
        parameters,
        nbformat.v4.new_code_cell(imports + "x + 1"),
    ]
    nbformat.write(nb, path)


def _floor_job(args: tuple[str, str]) -> None:
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    source, target = args
    papermill.execute_notebook(source, target, parameters={"x": 2}, progress_bar=False)
    body, _ = HTMLExporter(exclude_input=True).from_notebook_node(
        nbformat.read(target, as_version=4)
    )
    Path(target).with_suffix(".html").write_text(body, encoding="utf-8")


def bench_report(jobs: int) -> dict:
    """The default report grid against the papermill + nbconvert floor."""
    from newinfra.report.run import load_grid

    runs = len(load_grid().runs)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        start = time.perf_counter()
        subprocess.run(
            [
                str(Path(PYTHON).parent / "newinfra"),
                "report",
                "--out",
                str(tmp / "reports"),
                "--jobs",
                str(jobs),
            ],
            check=True,
            capture_output=True,
        )
        ours = time.perf_counter() - start
        floors = {}
        # The same trivial notebook twice: bare (the floor the aim names), and
        # importing the libraries every report notebook needs, to show how much of
        # the difference is the notebooks' content rather than the runner.
        for label, imports in (
            ("floor", ""),
            ("floor + imports", "import newinfra, pandas, matplotlib.pyplot, seaborn\n"),
        ):
            notebook = tmp / f"trivial-{len(floors)}.ipynb"
            _trivial_notebook(notebook, imports)
            work = [(str(notebook), str(tmp / f"out{len(floors)}-{i}.ipynb")) for i in range(runs)]
            start = time.perf_counter()
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                list(pool.map(_floor_job, work))
            floors[label] = time.perf_counter() - start
        floor = floors["floor"]
    return {
        "runs": runs,
        "jobs": jobs,
        "newinfra report (s)": ours,
        "papermill + nbconvert floor (s)": floor,
        "ratio": ours / floor,
        "aim": "<= 2",
        "floor with the notebooks' imports (s)": floors["floor + imports"],
        "ratio to that": ours / floors["floor + imports"],
    }


def bench_extraction() -> dict:
    """Extraction time per character for growing synthetic corpora."""
    from newinfra.text.quantities import extract_quantities

    seeds = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))
    )
    out = {}
    base = None
    for times in (1, 10, 100):
        corpus = "\n\n".join([seeds] * times)
        start = time.perf_counter()
        found = extract_quantities(corpus)
        elapsed = time.perf_counter() - start
        per_mb = elapsed / (len(corpus) / 1e6)
        base = base or per_mb
        out[f"{times}x seeds"] = (
            f"{len(corpus) / 1e6:.2f} M chars, {len(found)} mentions, "
            f"{elapsed:.2f} s, {per_mb:.2f} s per M chars, "
            f"{per_mb / base:.2f}x the 1x cost per char"
        )
    return out


PLAN_TEXT = (
    "Synthetic District {n} Digital Plan ({start}-{end})\n\n"
    "1. Networks\n\nBy {end}, the district will build more than {stations:,} 5G base stations "
    "and bring 10-Gigabit access to {homes:,} homes.\n\n"
    "2. Terminals\n\nIt will add {chargers:,} smart charging points and pilot {homes_care} smart "
    "nursing homes.\n"
)


def _synthetic_project(root: Path, plans: int) -> None:
    """A project root holding `plans` small synthetic plans (and no other seeds)."""
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(ROOT / "data", root / "data")
    manifest, plan_rows, tasks, crosswalk, annotations = [], [], [], [], []
    for n in range(plans):
        start, end = 2024 + n % 3, 2026 + n % 3
        figures = {
            "stations": 1000 + n,
            "homes": 20000 + 7 * n,
            "chargers": 3000 + 3 * n,
            "homes_care": 10 + n % 50,
        }
        text = PLAN_TEXT.format(n=n, start=start, end=end, **figures)
        source, plan = f"synthetic-{n:04d}-en", f"synthetic-{n:04d}"
        path = root / "seeds" / f"{source}.txt"
        path.write_text(text, encoding="utf-8")
        manifest.append(
            {
                "source_id": source,
                "file": path.name,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "plan_id": plan,
                "title": f"Synthetic District {n} Digital Plan",
                "language": "en",
                "doc_type": "plan_text",
                "official": "true",
                "published": f"{start}-01-15",
                "publisher": f"District {n}",
            }
        )
        plan_rows.append(
            {
                "plan_id": plan,
                "title_en": f"Synthetic District {n} Digital Plan",
                "period_start": start,
                "period_end": end,
                "horizon_year": end,
                "primary_source_id": source,
                "evidence": "full_text",
                "is_context": "false",
            }
        )
        for ref, domain in (("i1", "network"), ("i2", "terminals")):
            tasks.append(
                {
                    "plan_id": plan,
                    "task_ref": ref.upper(),
                    "task_type": "task",
                    "title_en": domain,
                    "domain_native": domain,
                    "domain": domain,
                    "source_id": source,
                    "section_ref": ref,
                }
            )
            crosswalk.append(
                {
                    "plan_id": plan,
                    "source_id": source,
                    "section_ref": ref,
                    "domain_native": domain,
                    "domain": domain,
                }
            )
        for quote, anchor, metric, value, basis in (
            (
                f"more than {figures['stations']:,}",
                f"more than {figures['stations']:,}",
                "5g_base_stations",
                figures["stations"],
                "cumulative",
            ),
            ("10-Gigabit", "10-Gigabit", "home_broadband_access_speed", 10, "cumulative"),
            (
                f"{figures['homes']:,}",
                f"{figures['homes']:,} homes",
                "homes_gigabit_covered",
                figures["homes"],
                "cumulative",
            ),
            (
                f"{figures['chargers']:,}",
                f"{figures['chargers']:,} smart",
                "ev_smart_charging_points",
                figures["chargers"],
                "new",
            ),
            (
                f"{figures['homes_care']}",
                f"pilot {figures['homes_care']}",
                "smart_nursing_homes",
                figures["homes_care"],
                "new",
            ),
        ):
            offset = text.index(anchor) + anchor.index(quote)
            annotations.append(
                {
                    "source_id": source,
                    "start": offset,
                    "end": offset + len(quote),
                    "quote": quote,
                    "value": value,
                    "metric_id": metric,
                    "kind": "target",
                    "horizon_year": end,
                    "basis": basis,
                }
            )

    def write(path: Path, rows: list[dict], fields: list[str]) -> None:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows([{f: r.get(f, "") for f in fields} for r in rows])

    def fields_of(path: Path) -> list[str]:
        with path.open(encoding="utf-8") as handle:
            return next(csv.reader(handle))

    write(root / "seeds" / "manifest.csv", manifest, fields_of(ROOT / "seeds" / "manifest.csv"))
    for name, rows in (
        ("plans.csv", plan_rows),
        ("tasks.csv", tasks),
        ("crosswalk.csv", crosswalk),
        ("annotations.csv", annotations),
        ("exclusions.csv", []),
    ):
        write(root / "data" / name, rows, fields_of(ROOT / "data" / name))


def _time_ledger(root: Path) -> tuple[float, float, int]:
    code = (
        "import time, newinfra as ni\n"
        "t = time.perf_counter(); n = len(ni.targets()); a = time.perf_counter() - t\n"
        "t = time.perf_counter(); ni.compare(horizons=[2026, 2027, 2028]); b = time.perf_counter() - t\n"
        "print(a, b, n)\n"
    )
    env = {**os.environ, "NEWINFRA_ROOT": str(root), "NEWINFRA_CACHE": "off"}
    out = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True, env=env)
    a, b, n = out.stdout.split()
    return float(a), float(b), int(n)


def bench_ledger() -> dict:
    """Ledger and comparison built (uncached) from growing numbers of plans.

    Fixed costs (imports, the catalogue) dominate small projects, so growth is
    judged by the marginal cost per plan between sizes: linear growth keeps it
    roughly constant.
    """
    out = {}
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for plans in (10, 100, 1000):
            root = Path(tmp) / f"p{plans}"
            _synthetic_project(root, plans)
            build, compare, rows = _time_ledger(root)
            line = f"{rows} rows: targets() {build:.2f} s, compare() {compare:.2f} s"
            if previous is not None:
                marginal = (build + compare - previous[1]) / (plans - previous[0])
                line += f", {marginal * 1000:.1f} ms per added plan"
                if len(out) > 1:
                    line += f" ({marginal / previous[2]:.2f}x the previous step)"
                previous = (plans, build + compare, marginal)
            else:
                previous = (plans, build + compare, None)
            out[f"{plans} plans"] = line
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sections", nargs="*", default=["load", "extraction", "ledger", "report"])
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    benches = {
        "load": bench_load,
        "extraction": bench_extraction,
        "ledger": bench_ledger,
        "report": lambda: bench_report(args.jobs),
    }
    for name in args.sections:
        print(f"## {name}")
        for key, value in benches[name]().items():
            print(f"  {key}: {value:.3f}" if isinstance(value, float) else f"  {key}: {value}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
