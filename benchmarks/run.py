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
              trivial notebooks with the same --jobs, bare and importing the
              notebooks' libraries                                                aim <= 2x the latter
              and an unchanged re-run (every report reused) vs that full run      aim <= 0.2x
  extraction  extraction throughput on 1x, 10x and 100x the seeds                 aim: linear
  ledger      ni.targets() / ni.compare() built from 10, 100 and 1,000 plans      aim: linear
"""

from __future__ import annotations

import argparse
import os
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


def _time_floor(tmp: Path, label: str, imports: str, runs: int, jobs: int) -> float:
    notebook = tmp / f"trivial-{label}.ipynb"
    _trivial_notebook(notebook, imports)
    work = [(str(notebook), str(tmp / f"out-{label}-{i}.ipynb")) for i in range(runs)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_floor_job, work))
    return time.perf_counter() - start


def bench_report(jobs: int, repeats: int = 3) -> dict:
    """The default report grid against the papermill + nbconvert floors, interleaved."""
    from newinfra.report.run import load_grid

    runs = len(load_grid().runs)
    times: dict[str, list[float]] = {"full": [], "again": [], "floor": [], "imports": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for repeat in range(repeats):
            command = [
                str(Path(PYTHON).parent / "newinfra"),
                "report",
                "--out",
                str(tmp / f"reports-{repeat}"),
                "--jobs",
                str(jobs),
            ]
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times["full"].append(time.perf_counter() - start)
            # The same run again, nothing changed: every report is reused.
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times["again"].append(time.perf_counter() - start)
            # Trivial notebooks, bare (the floor) and importing the libraries every
            # report notebook needs, to show how much of the difference is content.
            times["floor"].append(_time_floor(tmp, "bare", "", runs, jobs))
            imports = "import newinfra, pandas, matplotlib.pyplot, seaborn\n"
            times["imports"].append(_time_floor(tmp, "imports", imports, runs, jobs))
    ours, again, floor, with_imports = (statistics.median(times[k]) for k in times)
    return {
        "runs": runs,
        "jobs": jobs,
        "repeats (medians)": repeats,
        "newinfra report (s)": ours,
        "papermill + nbconvert floor (s)": floor,
        "ratio": ours / floor,
        "floor with the notebooks' imports (s)": with_imports,
        "ratio to that": ours / with_imports,
        "aim for that": "<= 2",
        "unchanged re-run (s)": again,
        "re-run / full run": again / ours,
        "aim for the re-run": "<= 0.2",
        "every full run / floor with imports": ", ".join(
            f"{a / b:.2f}" for a, b in zip(times["full"], times["imports"], strict=True)
        ),
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


def _time_ledger(root: Path) -> tuple[float, float, float, int]:
    code = (
        "import time, newinfra as ni\n"
        "t = time.perf_counter(); n = len(ni.targets()); a = time.perf_counter() - t\n"
        "t = time.perf_counter(); ni.commitments(); ni.compare(); b = time.perf_counter() - t\n"
        "t = time.perf_counter(); ni.commitments(); ni.compare(); c = time.perf_counter() - t\n"
        "print(a, b, c, n)\n"
    )
    env = {**os.environ, "NEWINFRA_ROOT": str(root), "NEWINFRA_CACHE": "off"}
    out = subprocess.run([PYTHON, "-c", code], check=True, capture_output=True, text=True, env=env)
    a, b, c, n = out.stdout.split()
    return float(a), float(b), float(c), int(n)


def bench_ledger() -> dict:
    """Ledger, commitments and comparison built (uncached) from growing numbers of plans.

    The projects come from newinfra.curate.synthetic, the builder the tests use:
    each plan has five commitments over five metric families. Three timings per
    size, in one fresh process: the uncached ledger build (``targets()``), the
    first ``commitments()`` + ``compare()`` (which build their own tables), and
    the same two calls once built. Fixed costs (imports, the catalogue)
    dominate small projects, so growth is judged by the marginal cost per plan
    between sizes: linear growth keeps it roughly constant.
    """
    from newinfra.curate import synthetic

    out = {}
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for plans in (10, 100, 1000):
            root = synthetic.write_project(Path(tmp) / f"p{plans}", plans, template=ROOT)
            build, first, built, rows = _time_ledger(root)
            line = (
                f"{rows} rows: targets() {build:.2f} s, first commitments() + compare() "
                f"{first:.2f} s, once built {built:.2f} s"
            )
            total = build + first
            if previous is not None:
                marginal = (total - previous[1]) / (plans - previous[0])
                line += f", {marginal * 1000:.1f} ms per added plan"
                if previous[2] is not None:
                    line += f" ({marginal / previous[2]:.2f}x the previous step)"
                previous = (plans, total, marginal)
            else:
                previous = (plans, total, None)
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
