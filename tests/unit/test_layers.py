"""The package's layers: no import cycles, and no module imports from a layer above its own.

Layers in data-flow order (lowest first) are listed in ``LAYERS``. Every import
counts, including those inside functions (used to keep ``import newinfra`` light)
and relative ones. The package ``__init__`` and the CLI sit above every layer:
they may import anything, and no layer may import them.

docs/architecture.md draws the layers from the same walk of the imports; run
``.venv/bin/python tests/unit/test_layers.py`` to draw it again after a change.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARCHITECTURE = REPO / "docs" / "architecture.md"

LAYERS = ("core", "text", "inputs", "ledger", "curate", "analysis", "present", "report")
EXEMPT = ("__init__", "cli")  # the package front door and the command line (newinfra/cli/)
# Modules in the longest chain of imports (see longest_chain).
MAX_IMPORT_CHAIN = 18


@dataclass(frozen=True)
class Edge:
    """One import statement of one module, resolved to a module of the package."""

    source: str
    target: str
    path: Path
    line: int
    statement: str

    def where(self) -> str:
        return f"{self.path}:{self.line} `{self.statement}`"


def module_names(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every ``*.py`` under the package folder."""
    names = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _base_of(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The module a ``from ... import`` names, with relative levels resolved."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def _targets(module: str, path: Path, node: ast.AST, known: set[str]) -> list[str]:
    if isinstance(node, ast.Import):
        found = []
        for alias in node.names:
            # `import a.b.c` runs a.b.c: the deepest name that is a module of the package.
            parts = alias.name.split(".")
            while parts and ".".join(parts) not in known:
                parts.pop()
            if parts:
                found.append(".".join(parts))
        return found
    base = _base_of(module, path, node)
    found = []
    for alias in node.names:
        if f"{base}.{alias.name}" in known:  # `from pkg import module`
            found.append(f"{base}.{alias.name}")
        elif base in known:  # `from module import name`
            found.append(base)
    return found


def import_edges(package: Path) -> list[Edge]:
    """Every import between modules of the package, wherever it sits in the module."""
    modules = module_names(package)
    known = set(modules)
    edges = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in dict.fromkeys(_targets(module, path, node, known)):
                if target != module:
                    shown = path.relative_to(package.parent)
                    edges.append(Edge(module, target, shown, node.lineno, ast.unparse(node)))
    return edges


def layer_rank(module: str) -> int:
    """Position of a module's layer; the package itself and exempt modules rank above all."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in EXEMPT:
        return len(LAYERS)
    if parts[1] not in LAYERS:
        raise AssertionError(f"{module} is in no layer; LAYERS lists {', '.join(LAYERS)}")
    return LAYERS.index(parts[1])


def _is_exempt(module: str) -> bool:
    parts = module.split(".")
    return len(parts) < 2 or parts[1] in EXEMPT


def upward_imports(edges: list[Edge]) -> list[str]:
    """A message for every import of a module from a higher layer (or of the package itself)."""
    problems = []
    for edge in edges:
        if _is_exempt(edge.source):
            continue
        if layer_rank(edge.target) > layer_rank(edge.source):
            below = LAYERS[layer_rank(edge.source)]
            if _is_exempt(edge.target):
                # The package's lazy names reach every layer; name the lower module instead.
                above = "the package front door, above every layer"
            else:
                above = LAYERS[layer_rank(edge.target)]
            problems.append(
                f"{edge.source} ({below}) imports {edge.target} ({above}), a layer above "
                f"its own: {edge.where()}"
            )
    return problems


def _shortest_path(graph: dict[str, list[Edge]], start: str, goal: str) -> list[Edge] | None:
    came_by: dict[str, Edge | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            while came_by[node] is not None:
                path.append(came_by[node])
                node = came_by[node].source
            return path[::-1]
        for edge in graph.get(node, []):
            if edge.target not in came_by:
                came_by[edge.target] = edge
                queue.append(edge.target)
    return None


def import_cycles(edges: list[Edge]) -> list[str]:
    """A message for every distinct cycle: each import closes the shortest loop back to it."""
    graph: dict[str, list[Edge]] = {}
    for edge in edges:
        if not (_is_exempt(edge.source) or _is_exempt(edge.target)):
            graph.setdefault(edge.source, []).append(edge)
    seen, problems = set(), []
    for first in (edge for out in graph.values() for edge in out):
        rest = _shortest_path(graph, first.target, first.source)
        if rest is None:
            continue
        loop = [first, *rest]
        modules = [edge.source for edge in loop]
        turn = modules.index(min(modules))  # one name per cycle, whatever edge found it
        key = tuple(modules[turn:] + modules[:turn])
        if key in seen:
            continue
        seen.add(key)
        steps = "; ".join(f"{edge.source} -> {edge.target} at {edge.where()}" for edge in loop)
        problems.append(f"import cycle {' -> '.join([*key, key[0]])}: {steps}")
    return problems


def longest_chain(edges: list[Edge]) -> list[str]:
    """The longest chain of imports between layered modules, as the modules it runs through.

    Every import counts (function-level ones too), so the chain is how many
    modules a change at its end can reach. Needs an acyclic graph: check cycles first.
    """
    graph: dict[str, set[str]] = {}
    for edge in edges:
        if not (_is_exempt(edge.source) or _is_exempt(edge.target)):
            graph.setdefault(edge.source, set()).add(edge.target)
    longest: dict[str, list[str]] = {}

    def chain_from(module: str) -> list[str]:
        if module not in longest:
            below = [chain_from(target) for target in sorted(graph.get(module, ()))]
            longest[module] = [module, *max(below, key=len, default=[])]
        return longest[module]

    return max((chain_from(module) for module in sorted(graph)), key=len, default=[])


def _layer_of(module: str) -> str:
    return module.split(".")[1]


def _owner(layer: str) -> str:
    """What a layer owns: the first line of its package docstring, without the layer's name."""
    text = (REPO / "newinfra" / layer / "__init__.py").read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text)) or ""
    first = docstring.strip().splitlines()[0] if docstring.strip() else ""
    return first.removeprefix(f"{layer}:").strip()


def architecture(edges: list[Edge], modules: dict[str, Path]) -> str:
    """docs/architecture.md: the layers, the imports between them and the longest chain."""
    layered = [m for m in modules if not _is_exempt(m)]
    counts = {layer: sum(_layer_of(m) == layer for m in layered) for layer in LAYERS}
    between = {
        (_layer_of(edge.source), _layer_of(edge.target))
        for edge in edges
        if not (_is_exempt(edge.source) or _is_exempt(edge.target))
        and _layer_of(edge.source) != _layer_of(edge.target)
    }
    chain = longest_chain(edges)
    lines = [
        "# How the code is laid out",
        "",
        "Drawn by `tests/unit/test_layers.py` from every import in `newinfra/` (imports",
        "inside functions too); the test fails when this page is out of date. Each layer",
        'imports only layers below it: an arrow reads "imports from". The package front',
        "door `newinfra/__init__.py` (the `ni.*` functions) and `newinfra/cli/` (the",
        "`newinfra` command) sit above every layer.",
        "",
        "```mermaid",
        "flowchart BT",
    ]
    for layer in LAYERS:
        lines.append(f'    {layer}["{layer}/ ({counts[layer]} modules)"]')
    for source, target in sorted(between, key=lambda pair: [LAYERS.index(p) for p in pair]):
        lines.append(f"    {source} --> {target}")
    lines += ["```", "", "| layer | modules | what it owns |", "| --- | --- | --- |"]
    for layer in LAYERS:
        lines.append(f"| `{layer}/` | {counts[layer]} | {_owner(layer)} |")
    lines += [
        "",
        f"Import cycles: {len(import_cycles(edges))}. Imports from a layer above: "
        f"{len(upward_imports(edges))}.",
        "",
        f"The longest chain of imports runs through {len(chain)} modules (the test holds it at "
        f"{MAX_IMPORT_CHAIN} at most): a change to the last can reach the first.",
        "",
        *[f"{i}. `{module}`" for i, module in enumerate(chain, start=1)],
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- the package


@pytest.fixture(scope="module")
def edges() -> list[Edge]:
    return import_edges(REPO / "newinfra")


def test_every_module_is_in_a_layer():
    for module in module_names(REPO / "newinfra"):
        layer_rank(module)  # raises, naming the module, when it is in no layer


def test_no_module_imports_from_a_layer_above_its_own(edges: list[Edge]):
    problems = upward_imports(edges)
    assert not problems, "\n".join(problems)


def test_no_import_cycles(edges: list[Edge]):
    problems = import_cycles(edges)
    assert not problems, "\n".join(problems)


def test_imports_inside_functions_are_seen(edges: list[Edge]):
    # The cache-friendly loaders import validation inside functions; the walk must see them.
    assert any(
        e.source == "newinfra.inputs.corpus" and e.target == "newinfra.inputs.schemas"
        for e in edges
    )


def test_no_import_chain_is_longer_than_the_limit(edges: list[Edge]):
    assert not import_cycles(edges), "cycles first: test_no_import_cycles names them"
    chain = longest_chain(edges)
    assert len(chain) <= MAX_IMPORT_CHAIN, (
        f"an import chain of {len(chain)} modules (limit {MAX_IMPORT_CHAIN}): " + " -> ".join(chain)
    )


def test_the_drawing_of_the_layers_is_current(edges: list[Edge]):
    drawn = architecture(edges, module_names(REPO / "newinfra"))
    written = ARCHITECTURE.read_text(encoding="utf-8") if ARCHITECTURE.is_file() else ""
    assert written == drawn, (
        f"{ARCHITECTURE} is out of date: run `.venv/bin/python tests/unit/test_layers.py`"
    )


# ---------------------------------------------------------------- the checker itself


def _fake_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "fake"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [package, *(p for p in package.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return package


def test_checker_finds_a_cycle_through_a_function_level_import(tmp_path: Path):
    package = _fake_package(
        tmp_path,
        {
            "analysis/a.py": "from fake.analysis.b import f\n",
            "analysis/b.py": "def f():\n    from . import a\n    return a\n",
            "analysis/c.py": "from .a import f\n",
        },
    )
    problems = import_cycles(import_edges(package))
    assert len(problems) == 1, problems
    assert "fake.analysis.a -> fake.analysis.b -> fake.analysis.a" in problems[0]
    assert "fake/analysis/b.py:2 `from . import a`" in problems[0]
    assert "fake/analysis/a.py:1 `from fake.analysis.b import f`" in problems[0]


def test_checker_finds_an_import_from_a_higher_layer(tmp_path: Path):
    package = _fake_package(
        tmp_path,
        {
            "core/paths.py": "import os\n\n\ndef g():\n    import fake.report.run\n",
            "inputs/files.py": "from ..core import paths\nfrom ..ledger.build import h\n",
            "ledger/build.py": "from fake.inputs.files import paths\n\n\ndef h():\n    pass\n",
            "report/run.py": "from fake.ledger import build\n",
            "cli.py": "from fake.report import run\n",
            "text/words.py": "import fake\n",
        },
    )
    problems = upward_imports(import_edges(package))
    assert problems == [
        "fake.core.paths (core) imports fake.report.run (report), a layer above its own: "
        "fake/core/paths.py:5 `import fake.report.run`",
        "fake.inputs.files (inputs) imports fake.ledger.build (ledger), a layer above its own: "
        "fake/inputs/files.py:2 `from ..ledger.build import h`",
        "fake.text.words (text) imports fake (the package front door, above every layer), "
        "a layer above its own: "
        "fake/text/words.py:1 `import fake`",
    ]
    cycles = import_cycles(import_edges(package))
    assert sorted(c.split(":")[0] for c in cycles) == [
        "import cycle fake.core.paths -> fake.report.run -> fake.ledger.build -> "
        "fake.inputs.files -> fake.core.paths",
        "import cycle fake.inputs.files -> fake.ledger.build -> fake.inputs.files",
    ]


def test_checker_measures_the_longest_chain_through_function_level_imports(tmp_path: Path):
    package = _fake_package(
        tmp_path,
        {
            "core/a.py": "",
            "core/b.py": "def f():\n    from fake.core import a\n",
            "text/c.py": "from fake.core import b\nfrom fake.core import a\n",
            "inputs/d.py": "from fake.text import c\nfrom fake.core import a\n",
            "cli.py": "from fake.inputs import d\n",
        },
    )
    assert longest_chain(import_edges(package)) == [
        "fake.inputs.d",
        "fake.text.c",
        "fake.core.b",
        "fake.core.a",
    ]


if __name__ == "__main__":
    package = REPO / "newinfra"
    ARCHITECTURE.write_text(
        architecture(import_edges(package), module_names(package)), encoding="utf-8"
    )
    print(f"wrote {ARCHITECTURE}")
