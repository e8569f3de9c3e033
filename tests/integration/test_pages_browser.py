"""Report and source pages of a real run, measured in headless Chromium at a 1366-px window.

Each page is copied with a probe script added at its end; Chromium loads the copy,
the script writes its measurements into the page, and ``--dump-dom`` returns them:
no element wider than its box (``scrollWidth <= clientWidth``, the document
included), no image without real alt text, no error in the console. Links into the source pages are
checked against the anchors those pages hold. Under ``CI=true`` a missing
Chromium fails instead of skipping.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH = 1366
NO_ALT = "No description has been provided for this image"

PROBE = """<script>
window.addEventListener("load", function () {
  setTimeout(function () {
    const wide = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      wide.push({tag: "html", scroll: root.scrollWidth, client: root.clientWidth});
    }
    document.querySelectorAll("body *").forEach(function (el) {
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
        wide.push({tag: el.tagName, id: el.id, cls: String(el.className).slice(0, 60),
                   scroll: el.scrollWidth, client: el.clientWidth});
      }
    });
    const images = Array.from(document.images).map(function (img) {
      return {alt: img.getAttribute("alt"), src: img.src.slice(0, 40)};
    });
    // The text a reader sees: code, formulas and the probe itself left out.
    document.querySelectorAll("code, pre, script, style, .jp-CodeCell .jp-InputArea").forEach(function (el) {
      el.setAttribute("data-ni-skip", "1");
    });
    const hide = document.createElement("style");
    hide.textContent = "[data-ni-skip] { display: none !important; }";
    document.head.appendChild(hide);
    const visible = document.body.innerText;
    const out = document.createElement("pre");
    out.id = "ni-probe";
    out.textContent = JSON.stringify({wide: wide, images: images, text: visible});
    document.body.appendChild(out);
  }, 1500);
});
</script>"""


def _chromium_or_skip() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is required under CI=true (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory) -> Path:
    """The real notebooks run into a temporary folder, with the source pages beside them."""
    out = tmp_path_factory.mktemp("pages") / "reports"
    env = {**os.environ, "NEWINFRA_ROOT": str(REPO), "MPLBACKEND": "Agg"}
    command = [sys.executable, "-m", "newinfra.cli", "report", "--out", str(out), "--jobs", "2"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return (out / "latest").resolve()


def pages(run: Path) -> list[Path]:
    return sorted(run.glob("*.html")) + sorted((run / "sources").glob("*.html"))


def measure(page: Path, profile: Path) -> dict:
    chromium = _chromium_or_skip()
    probe = page.with_name(f".probe-{page.name}")
    text = page.read_text(encoding="utf-8")
    probe.write_text(text.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        f"--user-data-dir={profile}", f"--window-size={WIDTH},900",
        "--enable-logging=stderr", "--v=0",
        "--virtual-time-budget=10000", "--dump-dom", probe.as_uri(),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    finally:
        probe.unlink()
    found = re.search(r'<pre id="ni-probe">(.*?)</pre>', done.stdout, flags=re.S)
    assert found, f"{page.name}: no measurement ({done.stderr[-500:]})"
    result = json.loads(html.unescape(found.group(1)))
    result["console"] = [
        line for line in done.stderr.splitlines()
        if "Uncaught" in line or ("CONSOLE" in line and "ERROR" in line.upper())
    ]  # fmt: skip
    return result


@pytest.mark.slow
def test_no_page_scrolls_sideways_errs_or_leaves_an_image_undescribed(run_folder, tmp_path):
    _chromium_or_skip()
    problems = []
    for page in pages(run_folder):
        result = measure(page, tmp_path / "profile")
        rel = page.relative_to(run_folder)
        problems += [f"{rel}: console error: {line}" for line in result["console"]]
        for element in result["wide"][:5]:
            problems.append(f"{rel}: wider than its box at {WIDTH} px: {element}")
        for image in result["images"]:
            alt = (image["alt"] or "").strip()
            if not alt or alt == NO_ALT or len(alt.split()) < 4:
                problems.append(f"{rel}: image without real alt text: {image}")
    assert not problems, "\n".join(problems)


#: An id or vocabulary value: lower-case words joined by underscores (``briefing_only``).
SNAKE_CASE = re.compile(r"(?<![\w./-])[a-z0-9]+(?:_[a-z0-9]+)+(?![\w/])")
#: Python's booleans anywhere; lower-case ones as a whole table cell (cells are tab-separated).
RAW_BOOLEAN = re.compile(r"\b(?:True|False|None)\b|(?:^|\t)(?:true|false)(?:\t|$)")
#: "1 targets": a count of one with a plural noun.
ONE_PLURAL = re.compile(r"(?<![\d.,])\b1 (?!of\b)[a-z]{3,}s\b")
#: A regular expression: escapes (\b, \d), groups ((?:, (?i)), negated classes, wildcards.
REGEX = re.compile(r"\\[bdswBDSW]|\(\?[:=!<iP]|\[\^|\.\*|\.\+\??|\\\.")
#: Spaced spellings of vocabulary values that are also plain English, where the page reads so.
ENGLISH_PHRASES = frozenset({"in both"})


def spaced_vocabulary() -> tuple[str, ...]:
    """Vocabulary values written with spaces ("primary only"): still ids, not reader words.

    A spelling that is part of a reader word itself ("briefing only" in "press briefing
    only") is left out, as are the plain English phrases of ``ENGLISH_PHRASES``.
    """
    from newinfra.inputs import vocabulary
    from newinfra.inputs.reader_words import reader_words

    words = reader_words()
    labels = " | ".join(label for values in words.values() for label in values.values())
    values = {v for values in words.values() for v in values}
    values |= {*vocabulary.EVIDENCE, *vocabulary.DOC_TYPES, *vocabulary.NATURES}
    spaced = {v.replace("_", " ") for v in values if "_" in v}
    return tuple(sorted(s for s in spaced if s not in labels and s not in ENGLISH_PHRASES))


def reader_text_problems(
    name: str, text: str, ids: tuple[str, ...] = (), spaced: tuple[str, ...] = ()
) -> list[str]:
    """Developer text in what a reader sees: ids, raw booleans, "1 targets", empty sections."""
    named = re.compile("|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) or "$^")
    vocab = re.compile(
        r"\b(?:" + "|".join(re.escape(s) for s in spaced) + r")\b" if spaced else "$^",
        flags=re.IGNORECASE,
    )
    problems = []
    checks = (
        (SNAKE_CASE, "an id"),
        (RAW_BOOLEAN, "a raw boolean"),
        (ONE_PLURAL, "a plural after 1"),
        (named, "a plan or source id"),
        (vocab, "a vocabulary value"),
        (REGEX, "a regular expression"),
    )
    for line in text.splitlines():
        for pattern, what in checks:
            found = pattern.search(line)
            if found:
                problems.append(f"{name}: {what} {found.group(0)!r} in {line.strip()[:120]!r}")
        if "nothing to show" in line.lower():
            problems.append(f"{name}: an empty section: {line.strip()[:120]!r}")
    return problems


def test_reader_text_problems_finds_ids_and_booleans():
    text = (
        "Evidence: briefing_only\nLeft out of the briefing: True\nA plan (2020-2022) of 1,000 "
        "words\nnewinfra-2020-2022: 1 targets"
    )
    found = reader_text_problems("p.html", text, ids=("newinfra-2020-2022",))
    assert len(found) == 4 and "briefing_only" in found[0] and "True" in found[1]
    assert "1 targets" in found[2] and "newinfra-2020-2022" in found[3]
    assert reader_text_problems("p.html", "2013\tEnglish\tfalse\t2013-02-07")
    clean = "see sources/plan-zh.html and 5G-A, 10,000 words; 1 target, 21 targets, 1 of 3 tasks"
    clean += "\nthe true value may be larger\nstated in both documents"
    assert not reader_text_problems("p.html", clean, ids=("newinfra-2020-2022",))


def test_reader_text_problems_finds_spaced_vocabulary_and_regular_expressions():
    spaced = spaced_vocabulary()
    assert "primary only" in spaced and "press briefing" not in spaced
    found = reader_text_problems("p.html", "Status: Primary only", spaced=spaced)
    assert len(found) == 1 and "Primary only" in found[0]
    for pattern in (r"\b5G\b", "(?:cloud|edge)", "[^a-z]+", "IDC.*centre", r"10\.0"):
        assert reader_text_problems("p.html", f"Term\t{pattern}"), pattern
    assert not reader_text_problems("p.html", "press briefing only. 5G (the fifth)", spaced=spaced)


@pytest.mark.slow
def test_pages_open_with_a_cited_answer_and_show_no_ids_booleans_or_empty_sections(
    run_folder, tmp_path
):
    import newinfra as ni

    _chromium_or_skip()
    ids = (*ni.plans()["plan_id"], *ni.sources()["source_id"])
    spaced = spaced_vocabulary()
    problems = []
    # run.html is the run's record for whoever reruns it: parameters, files, ids.
    for page in (p for p in pages(run_folder) if p.name != "run.html"):
        result = measure(page, tmp_path / "profile")
        problems += reader_text_problems(page.name, result["text"], ids, spaced)
        if page.name[:2].isdigit():
            answer = re.search(
                r'<section id="answer".*?</section>', page.read_text(encoding="utf-8"), re.S
            )
            if not answer or 'href="sources/' not in answer.group(0):
                problems.append(f"{page.name}: no section#answer citing a source")
    assert not problems, "\n".join(problems[:60])


class HeadingTitles(HTMLParser):
    """Each table heading (``th.col_heading``) of a page: its text and whether a title explains it."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[str, bool]] = []
        self._open: list[str] | None = None
        self._titled = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "th" and "col_heading" in (found.get("class") or "").split():
            self._open, self._titled = [], False
        elif self._open is not None and tag == "span" and found.get("title"):
            self._titled = True

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag):
        if tag == "th" and self._open is not None:
            self.headings.append(("".join(self._open).strip(), self._titled))
            self._open = None


def test_heading_titles_finds_a_heading_without_a_title():
    parser = HeadingTitles()
    parser.feed(
        '<th class="col_heading level0 col0"><span title="Year the figure describes">Year</span>'
        '</th><th class="col_heading level0 col1">Tasks: strive</th><th class="blank">x</th>'
    )
    assert parser.headings == [("Year", True), ("Tasks: strive", False)]


@pytest.mark.slow
def test_every_table_heading_on_a_report_page_has_its_definition_as_a_hover_title(run_folder):
    # Was: 51 headings ("Tasks: strive", "Rate 2011-2013", "Step", "Why"...) had no title.
    untitled, seen = [], 0
    for page in sorted(run_folder.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        parser = HeadingTitles()
        parser.feed(text)
        # An interactive table is drawn from the HTML its script holds as a JSON string.
        for found in re.finditer(r'"table_html": ("(?:[^"\\]|\\.)*")', text):
            parser.feed(json.loads(found.group(1)))
        seen += len(parser.headings)
        untitled += sorted(
            {f"{page.name}: {text}" for text, titled in parser.headings if not titled}
        )
    assert seen > 100, "the report pages hold their tables' headings"
    assert not untitled, "headings without a hover title:\n" + "\n".join(untitled)


@pytest.mark.slow
def test_source_links_resolve_to_anchors(run_folder):
    anchors = {
        path.name: set(re.findall(r' id="([^"]+)"', path.read_text(encoding="utf-8")))
        for path in (run_folder / "sources").glob("*.html")
    }
    checked = 0
    for page in sorted(run_folder.glob("*.html")):
        for href in re.findall(r'href="(sources/[^"]+)"', page.read_text(encoding="utf-8")):
            link = urlparse(html.unescape(href))
            name = Path(unquote(link.path)).name
            assert name in anchors, f"{page.name}: {href} names no source page"
            if link.fragment:
                assert link.fragment in anchors[name], f"{page.name}: {href} has no anchor"
            checked += 1
    assert checked > 0, "no report links to a source"


@pytest.mark.slow
def test_the_landing_page_opens_with_each_places_compare_matrix(run_folder):
    import newinfra as ni

    page = (run_folder / "index.html").read_text(encoding="utf-8")
    matrix = re.search(r'<table id="compare-matrix".*?</table>', page, flags=re.S)
    assert matrix, "index.html has no table#compare-matrix"
    cells = re.findall(r'<div class="target">\s*<a href="(sources/[^"]+)"', matrix.group(0))
    targets = ni.commitments(jurisdiction="shanghai").query("kind == 'target'")
    assert len(cells) == len(targets)
    assert page.index("Headline findings") < page.index('id="compare-matrix"')
    assert (run_folder / "run.html").exists() and 'href="run.html"' in page
    for question in ("How did the scope", "does its press briefing report", "How much did"):
        assert question.lower() in page.lower(), question


@pytest.mark.slow
def test_every_verdict_badge_is_a_link_and_one_target_links_to_one_place(run_folder):
    from newinfra.present.badges import METHODOLOGY_PAGE

    methodology = (run_folder / METHODOLOGY_PAGE).read_text(encoding="utf-8")
    sources = {
        path.name: set(re.findall(r' id="([^"]+)"', path.read_text(encoding="utf-8")))
        for path in (run_folder / "sources").glob("*.html")
    }
    sources[METHODOLOGY_PAGE] = set(re.findall(r' id="([^"]+)"', methodology))
    hrefs: dict[str, set[str]] = {}
    for page in sorted(run_folder.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        # No verdict shown as a plain label: every element of class "verdict" is a link.
        for tag in re.findall(r'<(\w+)[^>]*class="verdict[ "]', text):
            assert tag == "a", f"{page.name}: a verdict badge in <{tag}>"
        for target, href in re.findall(
            r'<a class="verdict [^"]*" data-target="([^"]+)" href="([^"]+)"', text
        ):
            link = urlparse(html.unescape(href))
            name = Path(unquote(link.path)).name
            assert link.fragment in sources[name], f"{page.name}: {href} has no anchor"
            hrefs.setdefault(html.unescape(target), set()).add(name + "#" + link.fragment)
    assert len(hrefs) >= 70, "the landing page's matrix alone has a badge per target"
    split = {target: found for target, found in hrefs.items() if len(found) > 1}
    assert not split, f"a target's badges link to different places: {split}"
    for anchor in ("verdict-not-reported", "verdict-pending", "evidence-key", "bounds", "flows"):
        assert f'id="{anchor}"' in methodology
