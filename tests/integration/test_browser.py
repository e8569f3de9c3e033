"""The published reports in a real browser: headless Chromium, served from 127.0.0.1 only."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse
from urllib.request import urlopen

import numpy as np
import pytest
import yaml

try:
    from test_report import make_project, run_in, tags, write_grid
except ImportError:  # tests collected as a package
    from tests.integration.test_report import make_project, run_in, tags, write_grid

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed (apt-get install chromium); browser checks skipped",
    ),
]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]

CONSOLE_FAILURES = re.compile(r"Uncaught|Failed to load resource|net::ERR_", re.IGNORECASE)

PROBE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>probe</title></head>
<body>
<iframe id="report" src="{src}" width="1200" height="900"></iframe>
<script>
// Reports the state of every image in the report page once it has loaded.
document.getElementById("report").addEventListener("load", function () {{
  const doc = this.contentDocument;
  const images = Array.from(doc.images).map(function (img) {{
    return {{
      scheme: img.src.split(":")[0],
      complete: img.complete,
      width: img.naturalWidth,
      height: img.naturalHeight,
    }};
  }});
  const out = document.createElement("pre");
  out.id = "result";
  out.textContent = JSON.stringify({{title: doc.title, images: images}});
  document.body.appendChild(out);
}});
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A tiny published report set, served by http.server on 127.0.0.1."""
    base = tmp_path_factory.mktemp("browser")
    root = make_project(base)
    grid = root / "data" / "report_grid.yaml"
    settings, runs = yaml.safe_load(grid.read_text(encoding="utf-8")).values()
    write_grid(grid, [run for run in runs if run["name"] in ("chart", "plain")], settings)
    out = base / "out"
    assert run_in(root, out, jobs=2) == 0
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"out": out, "url": f"http://127.0.0.1:{server.server_address[1]}/", "base": base}
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # Chromium drops connections it no longer needs; that is not a test failure.
        pass


def chromium(base: Path, *args: str) -> subprocess.CompletedProcess:
    profile = base / "chromium-profile"
    command = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def console_failures(stderr: str) -> list[str]:
    return [
        line for line in stderr.splitlines() if "CONSOLE" in line and CONSOLE_FAILURES.search(line)
    ] + [line for line in stderr.splitlines() if "Uncaught" in line]


def screenshot(site, page: str, name: str) -> np.ndarray:
    import matplotlib.image

    target = site["base"] / f"{name}.png"
    done = chromium(
        site["base"],
        f"--screenshot={target}",
        "--window-size=1200,900",
        "--virtual-time-budget=5000",
        urljoin(site["url"], page),
    )
    assert target.is_file(), done.stderr[-2000:]
    assert console_failures(done.stderr) == []
    return matplotlib.image.imread(target)


def assert_not_blank(pixels: np.ndarray) -> None:
    flat = pixels.reshape(-1, pixels.shape[-1])
    colours = np.unique((flat * 255).astype(np.uint8), axis=0)
    assert len(colours) > 20, "screenshot is (nearly) a single colour"
    assert float(flat[:, :3].std()) > 0.02


def test_index_screenshot(site):
    assert_not_blank(screenshot(site, "index.html", "index"))


def test_report_screenshot(site):
    manifest = json.loads((site["out"] / "manifest.json").read_text(encoding="utf-8"))
    chart = next(r for r in manifest["runs"] if r["name"] == "chart")
    assert_not_blank(screenshot(site, chart["html"], "report"))


def test_index_links_resolve(site):
    done = chromium(
        site["base"], "--dump-dom", "--virtual-time-budget=5000", site["url"] + "index.html"
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_failures(done.stderr) == []
    links = [attrs["href"] for tag, attrs in tags(done.stdout) if tag == "a" and attrs.get("href")]
    reports = [
        link for link in links
        if link.endswith(".html") and "/sources/" not in link and not link.endswith("run.html")
    ]  # fmt: skip
    assert len(reports) == 2
    for link in links:
        url = urljoin(site["url"] + "index.html", link)
        path = site["out"] / urlparse(url).path.lstrip("/")
        assert path.exists(), link
        with urlopen(url, timeout=10) as response:
            assert response.status == 200


def test_report_images_embedded_and_loaded(site):
    manifest = json.loads((site["out"] / "manifest.json").read_text(encoding="utf-8"))
    chart = next(r for r in manifest["runs"] if r["name"] == "chart")
    html = (site["out"] / chart["html"]).read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=\s]{100,}', html)
    probe = site["out"] / "probe.html"
    probe.write_text(PROBE.format(src=chart["html"]), encoding="utf-8")
    done = chromium(
        site["base"], "--dump-dom", "--virtual-time-budget=5000", site["url"] + "probe.html"
    )
    assert console_failures(done.stderr) == []
    match = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert match, done.stdout[-2000:]
    result = json.loads(match.group(1).replace("&quot;", '"'))
    assert result["title"] == "A chart"
    assert result["images"], "the report shows no image"
    for image in result["images"]:
        assert image["scheme"] == "data"
        assert image["complete"] and image["width"] > 0 and image["height"] > 0
