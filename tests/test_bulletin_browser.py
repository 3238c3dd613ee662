"""The HTML bulletin in headless Chromium: it renders offline, sections and charts are laid
out, crawled script does not run, the page is not blank."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from scanner.bulletin import build_bulletin, write_bulletin
from scanner.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from test_bulletin import EVIL, WEEK, fill, make_config  # noqa: E402

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def html_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    monkeypatch.setitem(sys.modules, "scanner.clusters", None)
    cfg = make_config(tmp_path)
    with Store.open(cfg.store.path) as store:
        for s in cfg.sources:
            store.articles.upsert_source(s)
        fill(store)
        files = write_bulletin(cfg, build_bulletin(cfg, store, WEEK), tmp_path / "out")
    return files["html"]


def test_bulletin_renders_in_chromium(html_file: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(html_file.as_uri())
        page.wait_for_load_state("load")

        for sel in (
            "header.masthead",
            "#essentiel",
            "#activite",
            "#evolutions",
            "#emergents",
            "#financements",
            "#organisations",
            "#graphiques",
        ):
            assert page.locator(sel).count() == 1, sel
        themes = page.locator("#themes section.theme")
        assert themes.count() == 3
        assert page.locator("#theme-sante_numerique article.item").count() == 2
        assert "Aucun article retenu" in page.locator("#theme-prevention").inner_text()
        for chart in ("#chart-history svg", "#chart-money svg"):
            box = page.locator(chart).bounding_box()
            assert box and box["width"] > 300 and box["height"] > 50, chart
        evil_title = page.locator("#item-evil h3 a").inner_text()
        assert evil_title == " ".join(EVIL.split())  # the <script> title is shown as text
        assert dialogs == []
        assert all(u.startswith("file://") for u in requests)  # self-contained: no fetch

        shot = tmp_path / "bulletin.png"
        page.screenshot(path=str(shot), full_page=True)
        pixels = _pixels(page, shot)
        browser.close()
    assert shot.stat().st_size > 20_000
    assert pixels > 50  # distinct colours: not a blank page


def _pixels(page: Any, shot: Path) -> int:
    """How many distinct colours the screenshot has (decoded by the browser itself)."""
    import base64

    data = base64.b64encode(shot.read_bytes()).decode()
    return page.evaluate(
        """async (data) => {
          const img = new Image();
          img.src = 'data:image/png;base64,' + data;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = Math.min(img.width, 1100); c.height = Math.min(img.height, 3000);
          const ctx = c.getContext('2d');
          ctx.drawImage(img, 0, 0);
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          const seen = new Set();
          for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i+1] << 8) | d[i+2]);
          return seen.size;
        }""",
        data,
    )
