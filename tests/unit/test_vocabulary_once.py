"""Each vocabulary is written out once, in newinfra/inputs/vocabulary.py.

A list of the same words elsewhere (in any order) is a second definition that
can drift from the first, as the wording scale once did (charts shaded explore
and pilot in the opposite order to the codebook). A list of some of the words
(the kinds that are compared) is a choice, not a definition, and is allowed.
"""

from __future__ import annotations

import ast
import json

from conftest import REPO

from newinfra.inputs import vocabulary


def _vocabularies() -> dict[str, frozenset[str]]:
    return {
        name: frozenset(value)
        for name, value in vars(vocabulary).items()
        if name.isupper()
        and isinstance(value, list | tuple)
        and len(value) >= 2
        and all(isinstance(item, str) for item in value)
    }


def _string_lists(source: str) -> list[tuple[int, frozenset[str]]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        strings = isinstance(node, ast.List | ast.Tuple | ast.Set) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
        )
        if strings and len(node.elts) >= 2:
            found.append((node.lineno, frozenset(e.value for e in node.elts)))
    return found


def _sources() -> list[tuple[str, str]]:
    sources = [
        (path.relative_to(REPO).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted((REPO / "newinfra").rglob("*.py"))
        if path.name != "vocabulary.py"
    ]
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join(
            line
            for cell in cells
            if cell["cell_type"] == "code"
            for line in "".join(cell["source"]).splitlines()
            if not line.lstrip().startswith(("%", "!"))
        )
        sources.append((path.relative_to(REPO).as_posix(), code))
    return sources


def test_no_vocabulary_is_written_out_twice():
    vocabularies = _vocabularies()
    again = [
        f"{name}:{line} restates {vocab}"
        for name, source in _sources()
        for line, words in _string_lists(source)
        for vocab, members in vocabularies.items()
        if words == members
    ]
    assert not again, "import the vocabulary instead: " + "; ".join(again)


def test_the_check_finds_a_restated_vocabulary():
    scale = list(vocabulary.COMMITMENTS)
    restated = f"ORDER = {list(reversed(scale))!r}\nSOME = {scale[:2]!r}\n"
    members = frozenset(scale)
    assert [line for line, words in _string_lists(restated) if words == members] == [1]


# The bounds of the Han range, as source code spells them (escaped or as the characters).
_HAN_BOUNDS = ("\\u4e00", "\\u9fff", "\\U00004e00", "\u4e00-", "-\u9fff")


def _restates_the_han_range(source: str) -> bool:
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
    return any(bound in code.lower() for bound in _HAN_BOUNDS)


def test_the_han_character_range_is_written_out_once():
    again = [
        name
        for name, source in _sources()
        if name != "newinfra/core/display.py" and _restates_the_han_range(source)
    ]
    assert not again, "use core.display.is_han / has_han / HAN_CHARACTERS in: " + ", ".join(again)


def test_the_check_finds_a_restated_han_range():
    assert _restates_the_han_range('if re.search(r"[\\u4e00-\\u9fff]", word):')
    assert _restates_the_han_range('return "\\u4e00" <= c <= "\\u9fff"')
    assert not _restates_the_han_range("# 一 is \\u4e00 in an escape\nx = 1")
