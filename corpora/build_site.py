"""Build the bundled demonstration site from corpora/sample/items_*.jsonl.

    python corpora/build_site.py          # writes corpora/site/

The site imitates six news outlets: article pages with realistic boilerplate (navigation,
cookie banner, share buttons, related links, footer), an RSS or Atom feed per outlet, a sitemap
and robots.txt. Everything in it is a demonstration sample written by the scanner team.
Standard library only, so it runs before the project is installed.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from email.utils import format_datetime
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
BASE = "http://127.0.0.1:8765"
DEMO_NOTE = "Corpus de démonstration rédigé par l'équipe scanner — contenu fictif."

OUTLETS = {
    "veille-sante-hebdo": ("Veille Santé Hebdo", "rss", "fr"),
    "medtech-actu": ("MedTech Actu", "atom", "fr"),
    "biofrance-info": ("BioFrance Info", "rss", "fr"),
    "hopital-numerique-mag": ("Hôpital Numérique Mag", "atom", "fr"),
    "depeches-sante": ("Dépêches Santé", "rss", "fr"),
    "innov-health-wire": ("Innov Health Wire", "rss", "en"),
}


def load_items() -> list[dict]:
    items: list[dict] = []
    for path in sorted((HERE / "sample").glob("items_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append(json.loads(line))
    items.sort(key=lambda i: (i["published"], i["id"]))
    return items


def article_path(item: dict) -> str:
    day = date.fromisoformat(item["published"])
    return f"/{item['outlet']}/{day:%Y/%m}/{item['slug']}.html"


def page(item: dict, related: list[dict]) -> str:
    name, _, lang = OUTLETS[item["outlet"]]
    paras = "\n".join(f"      <p>{escape(p)}</p>" for p in item["text"].split("\n\n") if p.strip())
    rel = "\n".join(
        f'        <li><a href="{article_path(r)}">{escape(r["title"])}</a></li>' for r in related
    )
    iso = item["published"]
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <title>{escape(item["title"])} | {escape(name)}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="description" content="{escape(item["text"][:150])}">
  <meta name="author" content="{escape(item["author"])}">
  <meta property="og:site_name" content="{escape(name)}">
  <meta property="og:title" content="{escape(item["title"])}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="{iso}T08:00:00+01:00">
  <link rel="canonical" href="{BASE}{article_path(item)}">
  <link rel="alternate" type="application/rss+xml" href="/{item["outlet"]}/feed">
</head>
<body>
  <div class="cookie-banner">Ce site utilise des cookies pour mesurer l'audience.
    <button>Accepter</button> <button>Paramétrer</button></div>
  <header class="site-header">
    <a class="logo" href="/{item["outlet"]}/">{escape(name)}</a>
    <nav><ul><li><a href="/{item["outlet"]}/">Accueil</a></li><li><a href="#">Biotech</a></li>
      <li><a href="#">Medtech</a></li><li><a href="#">E-santé</a></li>
      <li><a href="#">Politiques</a></li><li><a href="#">Newsletter</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>{escape(item["title"])}</h1>
      <p class="byline">Par <span class="author">{escape(item["author"])}</span> —
        publié le <time datetime="{iso}">{iso}</time></p>
{paras}
    </article>
    <aside class="share">Partager : <a href="#">LinkedIn</a> <a href="#">X</a> <a href="#">E-mail</a></aside>
    <aside class="related"><h2>À lire aussi</h2>
      <ul>
{rel}
      </ul>
    </aside>
  </main>
  <footer>
    <p>© {escape(name)} — Mentions légales — Politique de confidentialité — Contact</p>
    <p class="demo-note">{escape(DEMO_NOTE)}</p>
  </footer>
</body>
</html>
"""


def listing(outlet: str, items: list[dict]) -> str:
    name, _, lang = OUTLETS[outlet]
    rows = "\n".join(
        f'    <li><a href="{article_path(i)}">{escape(i["title"])}</a> '
        f'<time datetime="{i["published"]}">{i["published"]}</time></li>'
        for i in sorted(items, key=lambda i: i["published"], reverse=True)
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(name)}</title></head>\n<body><h1>{escape(name)}</h1>\n"
        f"  <ul class=\"articles\">\n{rows}\n  </ul>\n"
        f'<p class="demo-note">{escape(DEMO_NOTE)}</p></body></html>\n'
    )


def rfc822(day: str) -> str:
    d = date.fromisoformat(day)
    return format_datetime(datetime(d.year, d.month, d.day, 8, 0, tzinfo=timezone.utc))


def rss(outlet: str, items: list[dict]) -> str:
    name, _, lang = OUTLETS[outlet]
    entries = "\n".join(
        f"""    <item>
      <title>{xml_escape(i["title"])}</title>
      <link>{BASE}{article_path(i)}?utm_source=rss&amp;utm_medium=feed</link>
      <guid isPermaLink="false">{i["id"]}</guid>
      <pubDate>{rfc822(i["published"])}</pubDate>
      <description>{xml_escape(i["text"].split(chr(10))[0][:300])}</description>
    </item>"""
        for i in sorted(items, key=lambda i: i["published"], reverse=True)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>{xml_escape(name)}</title>
    <link>{BASE}/{outlet}/</link>
    <description>{xml_escape(DEMO_NOTE)}</description>
    <language>{lang}</language>
{entries}
  </channel>
</rss>
"""


def atom(outlet: str, items: list[dict]) -> str:
    name, _, lang = OUTLETS[outlet]
    latest = max(i["published"] for i in items)
    entries = "\n".join(
        f"""  <entry>
    <title>{xml_escape(i["title"])}</title>
    <link href="{BASE}{article_path(i)}"/>
    <id>urn:demo:{i["id"]}</id>
    <updated>{i["published"]}T08:00:00Z</updated>
    <published>{i["published"]}T08:00:00Z</published>
    <author><name>{xml_escape(i["author"])}</name></author>
    <summary>{xml_escape(i["text"].split(chr(10))[0][:300])}</summary>
  </entry>"""
        for i in sorted(items, key=lambda i: i["published"], reverse=True)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">
  <title>{xml_escape(name)}</title>
  <subtitle>{xml_escape(DEMO_NOTE)}</subtitle>
  <id>{BASE}/{outlet}/</id>
  <link href="{BASE}/{outlet}/"/>
  <updated>{latest}T08:00:00Z</updated>
{entries}
</feed>
"""


def sitemap(items: list[dict]) -> str:
    urls = "\n".join(
        f"  <url><loc>{BASE}{article_path(i)}</loc><lastmod>{i['published']}</lastmod></url>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}\n</urlset>\n"
    )


def build(site: Path = SITE) -> int:
    items = load_items()
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    by_outlet: dict[str, list[dict]] = {o: [] for o in OUTLETS}
    for item in items:
        by_outlet[item["outlet"]].append(item)
    for item in items:
        peers = [i for i in by_outlet[item["outlet"]] if i["id"] != item["id"]][:3]
        path = site / article_path(item).lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(item, peers), encoding="utf-8")
    for outlet, its in by_outlet.items():
        if not its:
            continue
        folder = site / outlet
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(listing(outlet, its), encoding="utf-8")
        kind = OUTLETS[outlet][1]
        body = rss(outlet, its) if kind == "rss" else atom(outlet, its)
        (folder / f"{kind}.xml").write_text(body, encoding="utf-8")
    (site / "sitemap.xml").write_text(sitemap(items), encoding="utf-8")
    (site / "robots.txt").write_text(
        "User-agent: *\nDisallow: /admin/\nSitemap: " + BASE + "/sitemap.xml\n", encoding="utf-8"
    )
    links = "".join(
        f'<li><a href="/{o}/">{escape(n)}</a></li>' for o, (n, _, _) in OUTLETS.items()
    )
    (site / "index.html").write_text(
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Démonstration'
        f"</title></head><body><h1>Sites de démonstration</h1><ul>{links}</ul>"
        f"<p>{escape(DEMO_NOTE)}</p></body></html>\n",
        encoding="utf-8",
    )
    return len(items)


if __name__ == "__main__":
    print(f"built {build()} article pages in {SITE}")
