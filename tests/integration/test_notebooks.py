"""The notebooks: committed clean, and runnable by papermill with other and with bad parameters.

Kernel: papermill starts the kernel named ``python3``. The project's virtual
environment installs that kernelspec (``.venv/share/jupyter/kernels/python3``)
with ``python`` as its command, which jupyter_client replaces by the running
interpreter, so the kernel is the venv's Python. If another ``python3``
kernelspec that runs a different interpreter wins the lookup (a user-level
one, say), the fixture below installs a kernelspec for this interpreter into a
temporary folder and puts it first on JUPYTER_PATH.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NAMES = [
    "01_plan_overview.ipynb",
    "02_domain_deep_dive.ipynb",
    "03_ambition_trajectories.ipynb",
    "04_themes.ipynb",
    "05_briefing_vs_fulltext.ipynb",
]


def test_the_five_notebooks_are_there():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_clean_and_parameterised(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert cell.get("outputs") == [], f"{name}: a cell has outputs; clear them"
        assert cell.get("execution_count") is None, f"{name}: a cell has an execution count"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    first = code[0]
    assert "parameters" in first.metadata.get("tags", []), f"{name}: no 'parameters' cell"
    # Plain literals only, so papermill can override them.
    namespace: dict = {}
    exec(compile(first.source, name, "exec"), {"__builtins__": {}}, namespace)
    assert namespace
    validation = code[1].source
    assert "params.check_" in validation and "styling.use_chart_style()" in validation
    for parameter in namespace:
        assert parameter in validation, f"{name}: parameter {parameter!r} is not validated"


# --- executing ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def kernel_name(tmp_path_factory):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
        command = spec.argv[0]
    except NoSuchKernel:
        command = None
    if command in {"python", "python3", sys.executable}:
        yield "python3"
        return
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("kernel")
    install(kernel_name="newinfra-tests", prefix=str(prefix))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
        yield "newinfra-tests"


@pytest.fixture(autouse=True)
def headless(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")


def run(name: str, tmp_path: Path, kernel_name: str, **parameters) -> nbformat.NotebookNode:
    import papermill

    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / name
    papermill.execute_notebook(
        str(NOTEBOOKS / name),
        str(out),
        parameters=parameters,
        cwd=str(NOTEBOOKS),
        kernel_name=kernel_name,
        progress_bar=False,
        log_output=False,
    )
    return nbformat.read(out, as_version=4)


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def images(nb) -> list[bytes]:
    found = []
    for o in outputs(nb):
        data = o.get("data", {})
        if "image/png" in data:
            found.append(base64.b64decode(data["image/png"]))
    return found


def text_of(nb) -> str:
    parts = []
    for o in outputs(nb):
        if o.get("output_type") == "stream":
            parts.append(o["text"])
        for kind in ("text/plain", "text/html", "text/markdown"):
            if kind in o.get("data", {}):
                parts.append(o["data"][kind])
    return "\n".join(parts)


def assert_figures(nb, at_least: int) -> None:
    pngs = images(nb)
    assert len(pngs) >= at_least
    assert all(p[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    for o in outputs(nb):
        assert o.get("output_type") != "error"


@pytest.mark.slow
def test_plan_overview_with_a_subset_of_plans(tmp_path, kernel_name):
    nb = run(
        "01_plan_overview.ipynb",
        tmp_path,
        kernel_name,
        plans=["newinfra-2023-2026", "newinfra-2020-2022"],
        include_context=False,
    )
    assert_figures(nb, 3)
    text = text_of(nb)
    answer = text[text.index('<section id="answer"') :]
    answer = answer[: answer.index("</section>")]
    assert "The 2020-2022 plan states" in answer and "2023-2026: 34 quantified targets" in answer
    assert "2011-2013" not in answer and "2021-2025" not in answer
    assert "smartcity-2011-2013" not in text and "digital-2025" not in text
    assert "share_tasks_with_number" in text


@pytest.mark.slow
def test_domain_deep_dive_for_computing_and_two_horizons(tmp_path, kernel_name):
    nb = run(
        "02_domain_deep_dive.ipynb",
        tmp_path,
        kernel_name,
        domain="computing",
        horizons=[2013, 2026],
    )
    assert_figures(nb, 2)
    text = text_of(nb)
    assert "**Domain: Computing**" in text
    assert "**Plans compared:** 2011\\-2013 and 2023-2026 (horizons 2013, 2026)" in text
    assert "Racks in internet data centres" in text
    # The 2020-2022 plan's horizon was not chosen: its title heads no table.
    assert "Promote New Infrastructure Construction" not in text


@pytest.mark.slow
def test_ambition_trajectories_for_chosen_metrics(tmp_path, kernel_name):
    nb = run(
        "03_ambition_trajectories.ipynb",
        tmp_path,
        kernel_name,
        metrics=["home_broadband_access_speed", "idc_racks"],
    )
    assert_figures(nb, 2)
    text = text_of(nb)
    assert "2 metric families have figures in two or more plan years" in text
    assert "Enterprises on cloud platforms" not in text


@pytest.mark.slow
def test_themes_for_a_subset_of_terms(tmp_path, kernel_name):
    nb = run("04_themes.ipynb", tmp_path, kernel_name, terms=["5g", "5g_a", "6g", "hydrogen"])
    assert_figures(nb, 2)
    text = text_of(nb)
    assert (
        "The 4 terms and their patterns" in text and "Hydrogen" in text and "Blockchain" not in text
    )
    assert "10,000 characters" in text and "10,000 words" in text


@pytest.mark.slow
def test_themes_notebook_is_deterministic(tmp_path, kernel_name):
    first = run("04_themes.ipynb", tmp_path / "a", kernel_name, terms=["5g", "hydrogen"])
    second = run("04_themes.ipynb", tmp_path / "b", kernel_name, terms=["5g", "hydrogen"])
    assert json.dumps(outputs(first), sort_keys=True) == json.dumps(outputs(second), sort_keys=True)


@pytest.mark.slow
def test_briefing_vs_fulltext(tmp_path, kernel_name):
    nb = run("05_briefing_vs_fulltext.ipynb", tmp_path, kernel_name, plan="newinfra-2023-2026")
    assert_figures(nb, 1)
    text = text_of(nb)
    assert "Full text only" in text
    assert "share_of_full_text_reported" in text  # the data's own column, in the plain-text form
    assert "reports 5 of the 35 figures of the Chinese full text" in text


BAD = [
    ("01_plan_overview.ipynb", "plans", ["newinfra-2035"], "smartcity-2011-2013"),
    ("01_plan_overview.ipynb", "include_context", "perhaps", "True, False"),
    ("02_domain_deep_dive.ipynb", "domain", "networks", "network, computing"),
    ("02_domain_deep_dive.ipynb", "horizons", [2013, 2030], "2013, 2022"),
    ("03_ambition_trajectories.ipynb", "metrics", ["broadband"], "idc_racks"),
    ("04_themes.ipynb", "terms", ["7g"], "5g_a"),
    ("05_briefing_vs_fulltext.ipynb", "plan", "smartcity-2011-2013", "newinfra-2023-2026"),
    ("03_ambition_trajectories.ipynb", "jurisdiction", "atlantis", "shanghai"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "parameter", "value", "choice"), BAD)
def test_a_bad_parameter_stops_with_the_valid_choices(
    tmp_path, kernel_name, name, parameter, value, choice
):
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as err:
        run(name, tmp_path, kernel_name, **{parameter: value})
    assert err.value.ename == "ParameterError"
    message = err.value.evalue
    assert f"invalid value for parameter {parameter!r}" in message
    assert "valid choices: " in message and choice in message
    # It stops in the validation cell (after papermill's injected parameters), before any chart.
    assert err.value.exec_count == 3
