"""One report per place: the grid's ``jurisdictions`` key expands each run over places.

``jurisdictions: all`` (every place of data/jurisdictions.csv, in its order) or
``jurisdictions: [id, ...]`` turns each run whose notebook declares a
``jurisdiction`` parameter into one run per place, named
``<report>_<jurisdiction>``, titled with the place's name and given
``jurisdiction: <id>``. A run whose parameters already name a place, or whose
notebook takes none, stays one run. Without the key the grid is unchanged and
each notebook shows the home place.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newinfra.core.errors import DataFileError

PARAMETER = "jurisdiction"


def expand(path: Path, runs: tuple, jurisdictions, declared, name_max: int) -> tuple:
    """``runs`` with each place-taking run repeated per place (``declared(notebook)``: its names)."""
    if jurisdictions is None:
        return runs
    from newinfra.inputs import corpus

    table = corpus.jurisdictions()
    valid = table["jurisdiction_id"].tolist()
    chosen = valid if jurisdictions == "all" else list(dict.fromkeys(jurisdictions))
    for place in chosen:
        if place not in valid:
            raise DataFileError(
                f"{path}: jurisdictions: {place!r} is not a place of data/jurisdictions.csv; "
                f"valid choices: all, or a list of {', '.join(valid)}"
            )
    names = dict(zip(table["jurisdiction_id"], table["name_en"], strict=True))
    out = []
    for run in runs:
        if PARAMETER in run.parameters or PARAMETER not in declared(run.notebook):
            out.append(run)
            continue
        for place in chosen:
            out.append(
                replace(
                    run,
                    name=f"{run.name}_{place}",
                    parameters={**run.parameters, PARAMETER: place},
                    title=f"{run.title} ({names[place]})",
                )
            )
    seen: set[str] = set()
    for run in out:
        if run.name.lower() in seen or len(run.name) > name_max:
            raise DataFileError(
                f"{path}: jurisdictions: the run name {run.name!r} is "
                + ("used twice" if run.name.lower() in seen else f"over {name_max} characters")
                + "; rename the report or list fewer places"
            )
        seen.add(run.name.lower())
    return tuple(out)


def runs_by_place(runs: list[dict], names: dict[str, str]) -> list[dict]:
    """The manifest's runs grouped by the place they show, in the order of jurisdictions.csv.

    One group (``place`` None) when no run names a place.
    """
    groups: dict[str | None, list[dict]] = {}
    for run in runs:
        place = (run.get("parameters") or {}).get(PARAMETER)
        groups.setdefault(place, []).append(run)
    if list(groups) == [None]:
        return [{"place": None, "id": None, "runs": runs}]
    order = [p for p in names if p in groups] + [p for p in groups if p not in names]
    return [
        {"place": names.get(p, "every place") if p else "every place", "id": p, "runs": groups[p]}
        for p in order
    ]
