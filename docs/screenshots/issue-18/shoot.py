"""Screenshots of the bulletin (top, money, since-last-bulletin) and the curation queue.
usage: python docs/screenshots/issue-18/shoot.py WATCH_DIR PREFIX
(WATCH_DIR: a folder where `scanner demo` ran; the pictures are written beside this script)"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
watch, prefix = Path(sys.argv[1]).resolve(), sys.argv[2]
os.chdir(watch)
from scanner.config import load_config
from scanner.store import Store
from scanner.web import create_app
from scanner.web.security import add_user

sys.path.insert(0, str(ROOT / "tests"))
from playwright.sync_api import sync_playwright
from web_fixtures import CHROMIUM, CHROMIUM_ARGS, Server

out = HERE
cfg = load_config("config.toml")
store = Store.open(cfg.store.path)
add_user(store, "shooter", "correct horse battery")
html = sorted(Path(cfg.output.dir).resolve().glob("bulletin-*.html"))[-1]
with sync_playwright() as p, Server(create_app(cfg, store)) as server:
    b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = b.new_page(viewport={"width": 1100, "height": 1000})
    page.goto(html.as_uri())
    page.screenshot(path=str(out / f"{prefix}-bulletin-top.png"))
    page.locator("#financements").screenshot(path=str(out / f"{prefix}-bulletin-money.png"))
    page.locator("#evolutions").screenshot(path=str(out / f"{prefix}-bulletin-since-last.png"))
    first = page.locator("article.item").first
    first.screenshot(path=str(out / f"{prefix}-bulletin-item.png"))
    phone = b.new_page(viewport={"width": 390, "height": 844})
    phone.goto(html.as_uri() + "#activite")
    phone.screenshot(path=str(out / f"{prefix}-bulletin-phone-activity.png"))
    page.goto(server.url + "/login")
    page.fill("input[name=username]", "shooter")
    page.fill("input[name=password]", "correct horse battery")
    page.click("button:has-text('Se connecter')")
    page.goto(server.url + "/curation")
    page.screenshot(path=str(out / f"{prefix}-curation-queue.png"), full_page=False)
    b.close()
store.close()
print("ok")
