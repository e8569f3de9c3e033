"""The data release as an analyst uses it: export, validate, load anywhere, cite, diff."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import REPO

import newinfra as ni
from newinfra.inputs import curation
from newinfra.present.release import release_tables

COMMAND = [sys.executable, "-m", "newinfra.cli"]
AS_OF = "2026-11-30"
TABLES = ["targets", "commitments", "compare", "scorecard", "peers", "plans", "jurisdictions",
          "sources", "metrics", "domains", "families"]  # fmt: skip


def run(*args: str, root: Path | None = None, cwd: Path | None = None):
    env = {**os.environ, **({"NEWINFRA_ROOT": str(root)} if root else {})}
    return subprocess.run(
        [*COMMAND, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("release") / "newinfra-data"
    result = run("export", str(folder), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    assert "datapackage.json" in result.stderr
    return folder


@pytest.fixture(scope="module")
def library() -> dict[str, pd.DataFrame]:
    return release_tables(AS_OF)


@pytest.fixture(scope="module")
def descriptor(exported) -> dict:
    return json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("command", ["export", "cite", "diff"])
def test_help_explains_each_release_command(command):
    result = run(command, "--help")
    assert result.returncode == 0 and "usage: newinfra" in result.stdout
    assert len(result.stdout) > 300


def test_the_package_is_valid_for_frictionless(exported):
    report = frictionless.validate(exported / "datapackage.json")
    errors = [(task.name, e.type, e.note) for task in report.tasks for e in task.errors]
    assert report.valid and errors == [] and report.stats["errors"] == 0
    assert sorted(task.name for task in report.tasks) == sorted(TABLES)


def test_the_frictionless_command_says_valid(exported):
    program = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(program), "validate", "datapackage.json"],
        capture_output=True, text=True, cwd=exported, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:]
    assert "INVALID" not in result.stdout and "VALID" in result.stdout


def values(frame: pd.DataFrame) -> pd.DataFrame:
    """Cell values to compare across readers: numbers as floats, missing as None."""
    out = {}
    for name, column in frame.items():
        if column.isna().all():  # an empty column read from CSV has no type to keep
            out[name] = pd.Series([None] * len(column), dtype=object)
        elif pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            out[name] = column.astype("float64")
        else:
            out[name] = column.astype(object).where(column.notna(), None)
    return pd.DataFrame(out)


PANDAS_TYPES = {"string": "str", "date": "str", "integer": "Int64", "number": "float64",
                "boolean": "boolean"}  # fmt: skip


def read_csv(folder: Path, resource: dict) -> pd.DataFrame:
    """A CSV of the package read with the types its table schema declares."""
    types = {f["name"]: PANDAS_TYPES[f["type"]] for f in resource["schema"]["fields"]}
    path = folder / resource["path"]
    return pd.read_csv(path, dtype=types, keep_default_na=False, na_values=[""], encoding="utf-8")


@pytest.mark.parametrize("name", TABLES)
def test_every_parquet_reads_back_as_the_library_frame(exported, descriptor, library, name):
    expected = values(library[name])
    with_arrow = pq.read_table(exported / f"{name}.parquet").to_pandas()
    pd.testing.assert_frame_equal(values(with_arrow), expected)
    with_duckdb = duckdb.sql(f"SELECT * FROM '{exported / name}.parquet'").df()
    pd.testing.assert_frame_equal(values(with_duckdb), expected)
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    pd.testing.assert_frame_equal(values(read_csv(exported, resource)), expected)


def test_duckdb_counts_as_many_targets_as_the_library(exported):
    connection = duckdb.connect()
    try:
        os.chdir(exported)  # the query names the file as a user in that folder would
        (count,) = connection.execute("SELECT count(*) FROM 'targets.parquet'").fetchone()
    finally:
        os.chdir(REPO)
        connection.close()
    assert count == len(ni.targets()) > 100


def test_foreign_keys_hold(exported):
    targets = pd.read_parquet(exported / "targets.parquet")
    commitments = pd.read_parquet(exported / "commitments.parquet")
    sources = pd.read_parquet(exported / "sources.parquet")
    mentioned = {t for ids in commitments["target_ids"] for t in ids.split(" ")}
    assert mentioned and mentioned <= set(targets["target_id"])
    assert set(targets["source_id"]) <= set(sources["source_id"])
    assert set(targets["commitment_id"]) <= set(commitments["commitment_id"])


def test_the_descriptor_names_version_licence_citation_and_sources(descriptor):
    version = ni.dataset_version()
    assert descriptor["version"] == version and descriptor["as_of"] == AS_OF
    assert descriptor["licenses"][0]["name"] == "MIT"
    assert version in descriptor["citation"] and "Sources:" in descriptor["citation"]
    by_id = {s["source_id"]: s for s in descriptor["sources"]}
    for row in ni.sources().to_dict("records"):
        entry = by_id[row["source_id"]]
        # A source without a web address (add-plan's --url is optional) is named by its file.
        where = row["url"] if isinstance(row["url"], str) else row["file"]
        assert (entry["path"], entry["publisher"], entry["sha256"], entry["kind"]) == (
            where, row["publisher"], row["sha256"], row["doc_type"]
        )  # fmt: skip
    assert by_id["newinfra-2023-2026-plan-zh"]["doc_number"] == "滬府〔2023〕51號"


def test_every_field_is_typed_and_described(descriptor, library):
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(library[resource["name"]].columns)
        undescribed = [f["name"] for f in fields if not f.get("description")]
        assert undescribed == [], resource["name"]
        assert all(f["type"] in {"string", "integer", "number", "boolean", "date"} for f in fields)
        assert resource["parquet"]["hash"].startswith("sha256:")


def test_families_are_released_with_their_labels(library):
    from newinfra.inputs.families import families

    assert library["families"].equals(families())
    assert set(library["families"]["family"]) <= set(curation.metrics()["family"])


def test_export_replaces_its_own_package_and_refuses_other_folders(exported, tmp_path):
    again = run("export", str(exported), "--as-of", AS_OF)
    assert again.returncode == 0, again.stderr
    assert not [p for p in exported.parent.iterdir() if p.name.startswith(".")]
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me", encoding="utf-8")
    refused = run("export", str(foreign))
    assert refused.returncode == 73
    assert (
        refused.stderr.count("\n") == 1
        and "not a data package written by newinfra" in refused.stderr
    )
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]


def test_export_with_a_bad_date_is_one_line(tmp_path):
    result = run("export", str(tmp_path / "out"), "--as-of", "30/11/2026")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert (
        "'--as-of': '30/11/2026'" in result.stderr and "a date such as 2026-11-30" in result.stderr
    )
    assert not (tmp_path / "out").exists()


# -- citing -----------------------------------------------------------------------------------


def test_cite_prints_the_dataset_citation_with_its_version():
    result = run("cite")
    assert result.returncode == 0, result.stderr
    assert f"Dataset version {ni.dataset_version()}" in result.stdout
    assert "Information Office of Shanghai Municipality" in result.stdout


def test_cite_a_figure_names_publisher_document_section_and_quote():
    row = ni.targets().set_index("target_id").loc["newinfra-2023-2026-plan-zh:720-722"]
    result = run("cite", "newinfra-2023-2026-plan-zh:720-722")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    for part in ("上海市人民政府", "滬府〔2023〕51號", f"section {row['section']}", f'"{row["quote"]}"',
                 ni.dataset_version()):  # fmt: skip
        assert part in first, part
    assert result.stdout.splitlines()[1] == f"Sentence: {row['sentence'].strip()}"


def test_cite_an_unknown_figure_is_one_line_with_suggestions():
    result = run("cite", "newinfra-2023-2026-plan-zh:720-723")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "did you mean newinfra-2023-2026-plan-zh:720-722" in result.stderr


# -- what changed -----------------------------------------------------------------------------

CHANGED_ROW = "digital-2025-news-en:5095-5101"


def change_one_annotation(root: Path) -> None:
    """The 52,000 outdoor 5G base stations reported for 2021 are moved to 2020."""
    path = root / "data" / "annotations.csv"
    text = path.read_text(encoding="utf-8")
    row = re.search(r"^digital-2025-news-en,5095,5101,.*$", text, flags=re.M).group(0)
    path.write_text(text.replace(row, row.replace(",baseline,2021,", ",baseline,2020,")), "utf-8")


def test_diff_lists_the_changed_row_old_and_new(project_copy, tmp_path):
    assert run("export", str(tmp_path / "old"), "--as-of", AS_OF, root=project_copy).returncode == 0
    change_one_annotation(project_copy)
    assert run("export", str(tmp_path / "new"), "--as-of", AS_OF, root=project_copy).returncode == 0
    text = run("diff", str(tmp_path / "old"), str(tmp_path / "new")).stdout
    assert f"targets {CHANGED_ROW}: horizon_year 2021 -> 2020" in text
    assert f"commitments {CHANGED_ROW}: horizon_year 2021 -> 2020" in text
    rows = pd.read_csv(pd.io.common.StringIO(
        run("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "csv").stdout
    ))  # fmt: skip
    target_rows = rows[(rows["table"] == "targets")]
    assert target_rows[["change", "key", "column", "old", "new"]].values.tolist() == [
        ["changed", CHANGED_ROW, "horizon_year", 2021, 2020]
    ]
    body = json.loads(
        run("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json").stdout
    )
    changed = body["tables"]["targets"]["changed"]
    assert changed == [
        {"key": CHANGED_ROW, "changes": {"horizon_year": {"old": 2021, "new": 2020}}}
    ]


def test_diff_of_a_folder_without_a_package_is_one_line(tmp_path):
    result = run("diff", str(tmp_path), str(tmp_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "no datapackage.json here or in its data/ folder" in result.stderr


# -- the README's example ---------------------------------------------------------------------


def _readme_section(title: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_the_readme_example_runs_on_an_export(exported):
    section = _readme_section("Use the data elsewhere")
    snippets = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    assert snippets and "duckdb" in snippets[0]
    namespace: dict = {}
    cwd = Path.cwd()
    try:
        os.chdir(exported.parent)
        exec(compile(snippets[0], "README.md", "exec"), namespace)
    finally:
        os.chdir(cwd)
    assert namespace["targets"].equals(pd.read_parquet(exported / "targets.parquet"))
    per_plan, ledger = namespace["per_plan"], ni.targets()
    assert len(per_plan) == ledger["plan_id"].nunique()
    assert per_plan["figures"].sum() == len(ledger)
    assert per_plan["commitments"].sum() == ledger["commitment_id"].nunique()


# -- report runs ------------------------------------------------------------------------------


def tiny_grid(root: Path) -> Path:
    """A grid of one quick notebook, so a run costs seconds."""
    import nbformat
    import yaml

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}  # fmt: skip
    cell = nbformat.v4.new_code_cell("label = 'x'")
    cell.metadata["tags"] = ["parameters"]
    notebook.cells = [cell, nbformat.v4.new_code_cell("print(label)")]
    (root / "notebooks").mkdir(exist_ok=True)
    nbformat.write(notebook, root / "notebooks" / "tiny.ipynb")
    grid = {"settings": {"workbook": False}, "runs": [{"name": "tiny",
            "notebook": "notebooks/tiny.ipynb", "parameters": {"label": "y"}}]}  # fmt: skip
    path = root / "tiny_grid.yaml"
    path.write_text(yaml.safe_dump(grid), encoding="utf-8")
    return path


def page_text(path: Path) -> str:
    import html

    text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    return " ".join(text.split())


@pytest.mark.slow
def test_a_report_run_publishes_the_data_and_what_changed_since_the_last(project_copy, tmp_path):
    grid, out = tiny_grid(project_copy), tmp_path / "reports"
    args = ["report", "--config", str(grid), "--out", str(out), "--as-of", AS_OF, "--changes"]
    first = run(*args, root=project_copy)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "No earlier published run with a data package to compare with.\n"
    first_run = (out / "latest").resolve()
    package = json.loads((first_run / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["as_of"] == AS_OF
    assert frictionless.validate(first_run / "data" / "datapackage.json").valid
    landing = page_text(out / "index.html")
    assert "No earlier published run with a data package to compare with." in landing
    assert package["citation"] in landing
    assert f'href="runs/{first_run.name}/data/datapackage.json"' in (out / "index.html").read_text(
        encoding="utf-8"
    )

    change_one_annotation(project_copy)
    second = run(*args, root=project_copy)
    assert second.returncode == 0, second.stderr
    line = f"targets {CHANGED_ROW}: horizon_year 2021 -> 2020"
    assert line in second.stdout and f"old: {package['version']}" in second.stdout
    for page in (out / "index.html", out / "run.html", out / "latest" / "run.html"):
        text = page_text(page)
        assert "Since the last published run" in text and line in text, page
        assert f"compared with run {first_run.name}" in text
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert line in manifest["release"]["since"]["lines"]
    assert line in run("diff", str(first_run), str(out / "latest")).stdout


def test_the_workbook_readme_sheet_cites_the_dataset(tmp_path):
    import openpyxl

    from newinfra.present.workbook import write_summary

    book = openpyxl.load_workbook(write_summary(tmp_path / "summary.xlsx", as_of=AS_OF))
    rows = {r[0]: r[1] for r in book["README"].iter_rows(values_only=True) if r[0]}
    assert rows["citation"].startswith("The newinfra contributors (")
    assert f"Dataset version {ni.dataset_version()}" in rows["citation"]
