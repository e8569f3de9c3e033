"""Text from the data is shown, never run: no live tag from a data file in any report page.

A temporary project gets an HTML payload, a Markdown link and a ``$…$`` pair in
every free-text column of every data file (the columns are read from the pandera
models, so a new column must be classified here) and in one seed text; the
reports of a reduced grid (one run of each notebook) are built from it through
the CLI. Every page is parsed: no element or attribute of the payload is live,
the payload's text is shown as written, and the charts draw ``$x^2$`` literally
rather than as mathtext.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
import yaml
from matplotlib.figure import Figure

from newinfra.inputs import schemas
from newinfra.present import styling

REPO = Path(__file__).resolve().parents[2]
TAG = "<img src=x onerror=alert(1)>"
LINK = "[click](javascript:alert(2))"
MATH = "$x^2$"
PAYLOAD = f"{TAG} {LINK} {MATH}"

#: Every column of every data file, by file: free text gets the payload; ids, codes,
#: numbers, dates, patterns and quotes (which must match the seed text) do not.
FREE_TEXT = {
    "seeds/manifest.csv": {"title", "publisher", "note"},
    "data/plans.csv": {"title_en", "title_zh", "note"},
    "data/jurisdictions.csv": {"name_en", "name_zh", "note"},
    "data/domains.csv": {"label_en", "label_zh", "covers"},
    "data/metrics.csv": {"label_en", "label_zh", "definition"},
    "data/tasks.csv": {"title_en", "title_zh", "domain_native"},
    "data/crosswalk.csv": {"domain_native"},
    "data/annotations.csv": {"gloss_en", "note"},
    "data/exclusions.csv": {"reason"},
    "data/audit_rules.csv": {"description"},
    "data/commitment_terms.csv": {"note"},
    "data/themes.csv": {"label_en", "note"},
    "data/suggest_rules.csv": {"description"},
}
NOT_TEXT = {
    "seeds/manifest.csv": {
        "source_id", "file", "sha256", "original_name", "plan_id", "language", "doc_type",
        "official", "published", "doc_number", "url",
    },
    "data/plans.csv": {
        "plan_id", "period_start", "period_end", "horizon_year", "primary_source_id",
        "evidence", "is_context", "jurisdiction_id",
    },
    "data/jurisdictions.csv": {"jurisdiction_id", "level", "parent_id"},
    "data/domains.csv": {"domain"},
    "data/metrics.csv": {
        "metric_id", "family", "domain", "unit", "higher_is_better", "nature", "keywords_en",
        "keywords_zh", "review",
    },
    "data/tasks.csv": {
        "plan_id", "task_ref", "task_type", "domain", "source_id", "section_ref", "review",
    },
    "data/crosswalk.csv": {"plan_id", "source_id", "section_ref", "metric_id", "domain", "review"},
    "data/annotations.csv": {
        "source_id", "start", "end", "quote", "plan_id", "value", "metric_id", "kind",
        "horizon_year", "basis", "commitment", "task_ref", "domain", "unit", "comparator",
        "value_high", "review", "commitment_group", "scale",
    },
    "data/exclusions.csv": {"source_id", "start", "end", "quote", "review"},
    "data/audit_rules.csv": {"rule", "role", "pattern"},
    "data/commitment_terms.csv": {"term", "language", "commitment"},
    "data/themes.csv": {"term_id", "group", "pattern_en", "pattern_zh"},
    "data/suggest_rules.csv": {
        "rule", "field", "language", "where", "pattern", "value", "kinds", "units",
    },
}  # fmt: skip
#: The seed that gets a payload sentence at its end (so no curated offset moves): the
#: sentence holds the first mention of a theme absent from it, so the theme notebook
#: quotes it. No digit in it, so it adds no quantity mention to curate.
SEED = "newinfra-2020-2022-briefing-en"
SEED_PAYLOAD = "<img src=x onerror=alert(document.domain)> $x^y$"
SEED_SENTENCE = f"\n\nThe city will pilot a metaverse platform {SEED_PAYLOAD}.\n"
NOTEBOOKS = {
    "01_plan_overview": {},
    "02_domain_network": {"domain": "network"},
    "03_ambition_trajectories": {},
    "04_themes": {},
    "05_briefing_vs_fulltext": {},
}


def model_files() -> dict[str, list[str]]:
    """Each data file a pandera model describes, with the model's columns."""
    files = {}
    for name in dir(schemas):
        model = getattr(schemas, name)
        if not (isinstance(model, type) and issubclass(model, pa.DataFrameModel)):
            continue
        match = re.match(r"((?:seeds|data)/[\w.]+\.csv):", (model.__doc__ or "").strip())
        if match:
            files[match[1]] = list(model.to_schema().columns)
    return files


def test_every_column_of_every_data_file_is_classified():
    files = model_files()
    assert set(files) == set(FREE_TEXT), "a data file without a decision on its free text"
    for file, columns in files.items():
        assert set(columns) == FREE_TEXT[file] | NOT_TEXT[file], file


def poison(root: Path) -> None:
    """Append the payload to every free-text value and a payload sentence to one seed."""
    for file, columns in FREE_TEXT.items():
        path = root / file
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in columns:
            filled = frame[column] != ""
            frame.loc[filled, column] = frame.loc[filled, column] + " " + PAYLOAD
        frame.to_csv(path, index=False)
    seed = root / "seeds" / f"{SEED}.txt"
    with seed.open("a", encoding="utf-8") as handle:
        handle.write(SEED_SENTENCE)
    manifest = pd.read_csv(root / "seeds" / "manifest.csv", dtype=str, keep_default_na=False)
    digest = hashlib.sha256(seed.read_bytes()).hexdigest()
    manifest.loc[manifest["source_id"] == SEED, "sha256"] = digest
    manifest.to_csv(root / "seeds" / "manifest.csv", index=False)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """The reports of a poisoned project, one run of each notebook, built by the CLI."""
    base = tmp_path_factory.mktemp("escaping")
    root = base / "project"
    for folder in ("seeds", "data", "notebooks"):
        shutil.copytree(REPO / folder, root / folder)
    poison(root)
    grid = {
        "settings": {"keep": 1, "workbook": False, "cell_timeout": 600},
        "runs": [
            {
                "name": name,
                "notebook": f"notebooks/{name.replace('_network', '_deep_dive')}.ipynb",
                "title": name,
                "parameters": parameters,
            }
            for name, parameters in NOTEBOOKS.items()
        ],
    }
    (root / "data" / "report_grid.yaml").write_text(yaml.safe_dump(grid), encoding="utf-8")
    out = base / "out"
    env = {**os.environ, "NEWINFRA_ROOT": str(root), "MPLBACKEND": "Agg"}
    command = [sys.executable, "-m", "newinfra.cli", "report", "--out", str(out), "--jobs", "2"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


class Page(HTMLParser):
    """Every element with its attributes, and the text a reader sees."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def pages(out: Path) -> dict[str, Page]:
    found = {}
    for path in sorted(out.rglob("*.html")):
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        found[str(path.relative_to(out))] = page
    return found


@pytest.mark.slow
def test_no_payload_is_live_in_any_page(reports):
    found = pages(reports)
    assert len(found) >= len(NOTEBOOKS) + 1
    for name, page in found.items():
        for tag, attrs in page.elements:
            assert not (tag == "img" and attrs.get("src") == "x"), f"{name}: a live <img src=x>"
            events = [key for key in attrs if key.startswith("on")]
            assert not events, f"{name}: <{tag}> has {events}"
            for key in ("href", "src", "action"):
                value = (attrs.get(key) or "").strip().lower()
                assert not value.startswith("javascript:"), f"{name}: <{tag} {key}={value}>"


@pytest.mark.slow
def test_payload_is_shown_as_written(reports):
    shown = {name: " ".join(page.text) for name, page in pages(reports).items()}
    for run in NOTEBOOKS:
        text = next(t for name, t in shown.items() if name.endswith(f"/{run}.html"))
        assert TAG in text, f"{run}: no data text shown"
    # The domain notebook's heading line is Markdown built from domains.csv.
    domain = next(t for name, t in shown.items() if name.endswith("/02_domain_network.html"))
    assert f"Network {PAYLOAD}" in domain
    # The seed text reaches the theme notebook's first mentions.
    themes = next(t for name, t in shown.items() if name.endswith("/04_themes.html"))
    assert f"metaverse platform {SEED_PAYLOAD}" in themes


def dollar_glyphs() -> set[str]:
    """The ids matplotlib gives the '$' glyph in an SVG, in the charts' styling and weights."""
    styling.use_chart_style()
    glyphs = set()
    for weight in ("normal", "bold"):
        for style in ("normal", "italic"):
            fig = Figure()
            fig.text(0, 0, r"\$", fontweight=weight, fontstyle=style)
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg")
            glyphs.update(re.findall(r'<path id="([^"]+)"', buffer.getvalue()))
    return glyphs


@pytest.mark.slow
def test_charts_draw_dollar_pairs_literally(reports):
    dollars = dollar_glyphs()
    drawn = 0
    for svg in sorted(reports.rglob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        # Each drawn string is a group: a comment with the text, then its glyphs.
        for comment, glyphs in re.findall(r"<!-- (.*?) -->(.*?)</g>\s*</g>", text, flags=re.S):
            if MATH in comment:
                used = set(re.findall(r'href="#([^"]+)"', glyphs))
                assert used & dollars, f"{svg.name}: {comment!r} drawn as maths"
                drawn += 1
    assert drawn, "no chart shows a label from the data"
