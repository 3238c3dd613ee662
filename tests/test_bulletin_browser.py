"""The HTML bulletin in headless Chromium (Debian's, driven by Playwright): it renders offline,
sections come in the issue's order, charts are drawn, crawled script does not run, the
screenshot is not blank, and it prints."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from bulletin_data import EVIL, THEMES, WEEK, fill, make_config

from scanner.bulletin import build_bulletin, write_bulletin
from scanner.store import Store

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ORDER = [
    "header.masthead",
    "#essentiel",
    "#activite",
    "#evolutions",
    *(f"#theme-{k}" for k in THEMES),
    "#emergents",
    "#financements",
    "#organisations",
    "#graphiques",
]


@pytest.fixture
def html_file(tmp_path: Path) -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    cfg = make_config(tmp_path)
    with Store.from_config(cfg.store) as store:
        for s in cfg.sources:
            store.articles.upsert_source(s)
        fill(store)
        build_bulletin(cfg, store, "2026-W45")
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

        # every part present once, laid out top to bottom in the order
        tops = []
        for sel in ORDER:
            assert page.locator(sel).count() == 1, sel
            box = page.locator(sel).bounding_box()
            assert box and box["width"] > 600 and box["height"] > 20, (sel, box)
            tops.append(box["y"])
        assert tops == sorted(tops)
        assert page.locator("#theme-sante_numerique article.item").count() == 2
        assert "Aucun article retenu" in page.locator("#theme-prevention").inner_text()
        assert "couvert par 3 sources" in page.locator("#theme-dispositifs_medicaux").inner_text()
        # charts drawn: wide enough to read, one bar per theme and week (history) and per
        # theme with money (two), the bars of this week's counts really visible
        charts = (("#chart-history svg", 12 * len(THEMES), 120), ("#chart-money svg", 2, 50))
        for chart, bars, height in charts:
            box = page.locator(chart).bounding_box()
            assert box and box["width"] > 600 and box["height"] > height, (chart, box)
            assert page.locator(f"{chart} rect.bar").count() == bars, chart
        heights = page.eval_on_selector_all(
            "#chart-history rect.bar", "els => els.map(e => e.getBoundingClientRect().height)"
        )
        assert sum(1 for h in heights if h > 5) >= 5  # W42..W46 bars of the test data
        # the <script> title is shown as text and nothing ran or was fetched
        assert page.locator("#item-evil h3 a").inner_text() == " ".join(EVIL.split())
        assert page.locator("#item-evil img").count() == 0
        assert dialogs == []
        assert all(u.startswith("file://") for u in requests), requests

        shot = tmp_path / "bulletin.png"
        page.screenshot(path=str(shot), full_page=True)
        colours = _colours(page, shot)
        # printable: the print layout hides the menu and gives several A4 pages
        page.emulate_media(media="print")
        assert not page.locator("nav.toc").is_visible()
        pdf = page.pdf(format="A4")
        browser.close()
    assert shot.stat().st_size > 20_000
    assert colours > 50  # distinct colours: text, charts, badges; not a blank page
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") > 1


def _colours(page: Any, shot: Path) -> int:
    """How many distinct colours the screenshot has (decoded by the browser itself)."""
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
