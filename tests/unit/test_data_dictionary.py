"""docs/data-dictionary.md: every data file has a schema, and the committed page is current."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pandera.pandas as pa
import pytest
from conftest import REPO
from pandera.typing import Series
from pydantic import BaseModel, Field

from newinfra import cli
from newinfra.cli import runs
from newinfra.core.errors import NewinfraError
from newinfra.inputs import dictionary


@pytest.fixture(scope="module")
def modules() -> list:
    return runs.package_modules()


def test_every_data_file_has_a_schema(modules: list):
    missing = dictionary.undocumented(REPO, dictionary.documented_files(modules))
    assert not missing, (
        f"no schema names {', '.join(missing)}: give each file a pandera or pydantic model whose "
        "docstring starts with its path (e.g. 'data/plans.csv: one row per plan.')"
    )


def test_the_committed_dictionary_is_current(modules: list):
    committed = (REPO / dictionary.DOCUMENT).read_text(encoding="utf-8")
    assert committed == dictionary.render(modules), (
        f"{dictionary.DOCUMENT} is out of date: run `newinfra docs` and commit the result"
    )


def test_every_column_has_a_meaning(modules: list):
    blank = [
        f"{data_file.path}: {field.name}"
        for data_file in dictionary.documented_files(modules)
        for field in data_file.fields
        if not field.meaning
    ]
    assert not blank, f"fields without a description in their schema: {', '.join(blank)}"


# ---------------------------------------------------------------- the generator itself


class Things(pa.DataFrameModel):
    """data/things.csv: one row per thing."""

    thing_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z]+$", description="Id")
    size: Series[int] = pa.Field(ge=0, le=9, description="How big | roughly")
    colour: Series[str] = pa.Field(nullable=True, isin=["red", "blue"], description="Colour")

    @pa.dataframe_check(error="size is 0 for blue things")
    def _blue_is_small(cls, df):  # noqa: N805 - pandera passes the class
        return True


class Step(BaseModel):
    """One step."""

    name: str = Field(pattern=r"^[a-z]+$", description="Name of the step")
    retries: int = Field(2, description="Attempts after the first")
    timeout: int | None = Field(30, ge=1, description="Seconds, or null for none")
    options: dict[str, Any] = Field(default_factory=dict, description="Free options")


class Recipe(BaseModel):
    """data/recipe.yaml: the steps to run."""

    steps: list[Step] = Field(description="The steps, in order")


class Unnamed(pa.DataFrameModel):
    """A table that is no data file."""

    x: Series[int] = pa.Field(description="x")


def _fake_module() -> types.ModuleType:
    module = types.ModuleType(__name__)
    for model in (Things, Step, Recipe, Unnamed):
        setattr(module, model.__name__, model)
    return module


def test_schemas_that_name_a_file_are_documented_with_their_checks():
    files = dictionary.documented_files([_fake_module()])
    assert [f.path for f in files] == ["data/recipe.yaml", "data/things.csv"]
    page = dictionary.render([_fake_module()])
    assert "| `thing_id` | text | yes | Id | unique; matches `^[a-z]+$` |" in page
    assert "| `size` | whole number | yes | How big \\| roughly | >= 0; <= 9 |" in page
    assert "| `colour` | text | no | Colour | one of `red`, `blue` |" in page
    assert "- size is 0 for blue things" in page
    assert "| key | type | required | meaning | allowed values |" in page
    assert "| `steps` | list of mappings | yes | The steps, in order |  |" in page
    assert "| `steps[].name` | text | yes | Name of the step | matches `^[a-z]+$` |" in page
    assert (
        "| `steps[].retries` | whole number | no | Attempts after the first | default `2` |" in page
    )
    assert (
        "| `steps[].timeout` | whole number or null | no | Seconds, or null for none "
        "| >= 1; default `30` |"
    ) in page
    assert "| `steps[].options` | mapping | no | Free options | default `{}` |" in page
    assert "Unnamed" not in page and "## Section references" in page


def test_two_schemas_naming_one_file_are_refused():
    class Again(pa.DataFrameModel):
        """data/things.csv: the same file again."""

        x: Series[int] = pa.Field(description="x")

    module = _fake_module()
    module.Again = Again
    with pytest.raises(NewinfraError, match="data/things.csv is named by two schemas"):
        dictionary.documented_files([module])


def test_a_data_file_without_a_schema_is_named(tmp_path: Path):
    for name in ("data/things.csv", "data/recipe.yaml", "data/stray.csv", "seeds/manifest.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).touch()
    files = dictionary.documented_files([_fake_module()])
    assert dictionary.undocumented(tmp_path, files) == ["data/stray.csv", "seeds/manifest.csv"]


def test_a_subclass_does_not_name_its_parents_file():
    class Extended(Things):
        pass

    module = _fake_module()
    module.Extended = Extended
    assert [f.schema for f in dictionary.documented_files([module])] == [
        f"{__name__}.Recipe",
        f"{__name__}.Things",
    ]


def test_the_docs_command_writes_the_page_and_checks_it(synthetic_project: Path, capsys, modules):
    page = synthetic_project / dictionary.DOCUMENT
    assert cli.main(["docs", "--check"]) == 1
    assert "out of date; run `newinfra docs`" in capsys.readouterr().err
    assert not page.exists()

    cli.main(["docs"])
    assert page.read_text(encoding="utf-8") == dictionary.render(modules)
    capsys.readouterr()
    cli.main(["docs", "--check"])
    assert "out of date" not in capsys.readouterr().err
