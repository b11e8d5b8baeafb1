"""`corpusmill report`: the page is self-contained, every chart has data, and a real browser
draws it (headless Chromium; skipped only where no Chromium is installed, and CI installs it)."""

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from conftest import corpusmill_bin

CHARTS = {"funnel", "sites", "languages", "characters", "scripts", "furniture", "dup-count",
          "cluster-size", "main-share"}


class Charts(HTMLParser):
    """Collects each chart's name and drawn points, and anything that would load from outside."""

    def __init__(self):
        super().__init__()
        self.points = {}
        self.outside = []
        self.table_cells = []
        self._in_confusion = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-chart" in a and tag == "svg":
            self.points[a["data-chart"]] = int(a["data-points"])
        if a.get("data-chart") == "confusion":
            self._in_confusion = True
        if tag in ("script", "link", "img", "iframe") or any(
                (v or "").startswith(("http:", "https:", "//")) for k, v in attrs if k in ("src", "href")):
            self.outside.append((tag, a))

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_confusion = False

    def handle_data(self, data):
        if self._in_confusion and data.strip().replace(",", "").isdigit():
            self.table_cells.append(int(data.strip().replace(",", "")))


@pytest.fixture(scope="module")
def report(dataset, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    subprocess.run([corpusmill_bin(), "report", str(dataset), "--out", str(out)], check=True)
    return out


def test_report_is_self_contained_and_every_chart_has_data(report):
    parser = Charts()
    parser.feed(report.read_text(encoding="utf-8"))
    assert not parser.outside, parser.outside
    assert CHARTS <= set(parser.points), sorted(parser.points)
    empty = [name for name, n in parser.points.items() if n == 0]
    assert not empty, f"charts without data: {empty}"
    assert any(name.startswith("chars-") for name in parser.points)
    assert sum(parser.table_cells) > 0, "the sentence/document language table is empty"
    assert report.stat().st_size < 5_000_000
    # The lines furniture removal took most often, struck through, per kind.
    html = report.read_text(encoding="utf-8")
    assert 'data-chart="furniture-read_also"' in html and "<s>" in html


def browser():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.mark.skipif(browser() is None, reason="no Chromium installed (CI installs it)")
def test_report_renders_in_a_real_browser(report, tmp_path):
    shot = tmp_path / "report.png"
    subprocess.run(
        [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--screenshot={shot}", "--window-size=900,2400", report.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    image = Image.open(shot).convert("RGB")
    width, height = image.size
    assert (width, height) == (900, 2400)
    pixels = list(image.getdata())
    ink = sum(1 for p in pixels if p != (255, 255, 255)) / len(pixels)
    colours = len(set(pixels))
    # Text and bars in several colours cover a good part of the page; a blank or unstyled
    # page would not.
    assert ink > 0.02, f"only {ink:.1%} of the page is drawn"
    assert colours > 20, f"only {colours} colours"
    # The chart blue (#0072b2) is on the page: the SVG bars were drawn.
    assert (0, 114, 178) in set(pixels)
