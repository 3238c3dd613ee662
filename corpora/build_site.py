"""Build the bundled demonstration site from corpora/sample/items_*.jsonl.

    python corpora/build_site.py          # writes corpora/site/ (committed; `make site`)

The site imitates six news outlets and exercises the crawler the way real sites do:

- article pages with realistic boilerplate (navigation, cookie banner and its consent script
  with a cookie expiry date, share buttons, related links, newsletter box, footer);
- an RSS or Atom feed per outlet whose links carry tracking parameters (utm_*, xtor);
- `sitemap.xml`, a sitemap index of one sitemap per outlet (one of them a news sitemap);
- paginated listing pages (`index.html`, `archives-2.html`, ... linked by rel="next");
- `robots.txt` disallowing `/prive/`, where an embargoed page sits that a feed and a listing
  link to: a polite crawler skips it and counts it.

Everything in it is a demonstration sample written by the scanner team. Standard library
only, so it runs before the project is installed; the output depends on the items alone, so a
test can check that the committed site is in step with them.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
BASE = "http://127.0.0.1:8765"
DEMO_NOTE = "Corpus de démonstration rédigé par l'équipe scanner — contenu fictif."
PER_PAGE = 5  # articles per listing page
NEWS_SITEMAP = "depeches-sante"  # the outlet whose sitemap is a news sitemap
EMBARGO = "/prive/embargo-plan-national-biotherapies.html"  # disallowed by robots.txt

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


def nav(outlet: str) -> str:
    name = OUTLETS[outlet][0]
    return f"""  <header class="site-header">
    <a class="logo" href="/{outlet}/">{escape(name)}</a>
    <nav><ul><li><a href="/{outlet}/">Accueil</a></li><li><a href="/{outlet}/rubrique/biotech/">Biotech</a></li>
      <li><a href="/{outlet}/rubrique/medtech/">Medtech</a></li><li><a href="/{outlet}/rubrique/e-sante/">E-santé</a></li>
      <li><a href="/{outlet}/rubrique/politiques/">Politiques</a></li><li><a href="/{outlet}/newsletter/">Newsletter</a></li>
      <li><a href="/">Nos autres titres</a></li></ul></nav>
  </header>"""


def footer(outlet: str) -> str:
    name = OUTLETS[outlet][0]
    return f"""  <footer>
    <p>© {escape(name)} — <a href="/{outlet}/mentions-legales/">Mentions légales</a> —
      <a href="/{outlet}/confidentialite/">Politique de confidentialité</a> —
      <a href="/{outlet}/contact/">Contact</a></p>
    <p class="demo-note">{escape(DEMO_NOTE)}</p>
  </footer>"""


# a consent script that sets a cookie with an expiry date: a date extractor must not take it
# for the publication date
COOKIE_SCRIPT = """  <script>
    function acceptCookies() {
      document.cookie = "consentement=oui; expires=Fri, 31 Dec 2027 23:59:59 GMT; path=/";
    }
  </script>"""


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
  <link rel="alternate" type="application/rss+xml" href="/{item["outlet"]}/{OUTLETS[item["outlet"]][1]}.xml">
{COOKIE_SCRIPT}
</head>
<body>
  <div class="cookie-banner">Ce site utilise des cookies pour mesurer l'audience ; votre choix
    est conservé treize mois. <button onclick="acceptCookies()">Accepter</button>
    <button>Paramétrer</button></div>
{nav(item["outlet"])}
  <main>
    <article>
      <h1>{escape(item["title"])}</h1>
      <p class="byline">Par <span class="author">{escape(item["author"])}</span> —
        publié le <time datetime="{iso}">{iso}</time></p>
{paras}
    </article>
    <aside class="share">Partager : <a href="#">LinkedIn</a> <a href="#">X</a> <a href="#">E-mail</a></aside>
    <aside class="newsletter"><h2>Newsletter</h2><p>Recevez chaque lundi l'essentiel de
      l'actualité.</p><form><input type="email" placeholder="Votre e-mail"><button>S'inscrire</button></form></aside>
    <aside class="related"><h2>À lire aussi</h2>
      <ul>
{rel}
      </ul>
    </aside>
  </main>
{footer(item["outlet"])}
</body>
</html>
"""


def listing_name(n: int) -> str:
    return "index.html" if n == 1 else f"archives-{n}.html"


def listings(outlet: str, items: list[dict], extra: list[tuple[str, str]]) -> dict[str, str]:
    """The outlet's listing pages, newest first, PER_PAGE articles each, linked by rel=next.

    `extra` (path, title) links are added to the first page (the embargoed page, say).
    """
    name, _, lang = OUTLETS[outlet]
    ordered = sorted(items, key=lambda i: (i["published"], i["id"]), reverse=True)
    pages = [ordered[i : i + PER_PAGE] for i in range(0, len(ordered), PER_PAGE)] or [[]]
    out = {}
    for n, chunk in enumerate(pages, start=1):
        rows = [
            f'    <li><a href="{article_path(i)}">{escape(i["title"])}</a> '
            f'<time datetime="{i["published"]}">{i["published"]}</time></li>'
            for i in chunk
        ]
        if n == 1:
            rows += [f'    <li><a href="{path}">{escape(title)}</a></li>' for path, title in extra]
        pager = []
        if n > 1:
            pager.append(f'<a rel="prev" href="/{outlet}/{listing_name(n - 1)}">Précédent</a>')
        if n < len(pages):
            pager.append(f'<a rel="next" href="/{outlet}/{listing_name(n + 1)}">Suivant</a>')
        rows_html = "\n".join(rows)
        out[listing_name(n)] = (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{escape(name)} — page {n}</title></head>\n<body>\n{nav(outlet)}\n"
            f'<main><h1>{escape(name)}</h1>\n  <ul class="articles">\n{rows_html}\n  </ul>\n'
            f'  <p class="pager">{" ".join(pager)}</p></main>\n{footer(outlet)}\n</body></html>\n'
        )
    return out


def rfc822(day: str) -> str:
    d = date.fromisoformat(day)
    return format_datetime(datetime(d.year, d.month, d.day, 8, 0, tzinfo=UTC))


def rss(outlet: str, items: list[dict], extra: list[dict]) -> str:
    name, _, lang = OUTLETS[outlet]
    entries = "\n".join(
        f"""    <item>
      <title>{xml_escape(i["title"])}</title>
      <link>{BASE}{i.get("path") or article_path(i)}?utm_source=rss&amp;utm_medium=feed</link>
      <guid isPermaLink="false">{i["id"]}</guid>
      <pubDate>{rfc822(i["published"])}</pubDate>
      <description>{xml_escape(i["text"].split(chr(10))[0][:300])}</description>
    </item>"""
        for i in sorted(items, key=lambda i: i["published"], reverse=True) + extra
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
    <link href="{BASE}{article_path(i)}?xtor=RSS-{n}&amp;utm_campaign=atom"/>
    <id>urn:demo:{i["id"]}</id>
    <updated>{i["published"]}T08:00:00Z</updated>
    <published>{i["published"]}T08:00:00Z</published>
    <author><name>{xml_escape(i["author"])}</name></author>
    <summary>{xml_escape(i["text"].split(chr(10))[0][:300])}</summary>
  </entry>"""
        for n, i in enumerate(sorted(items, key=lambda i: i["published"], reverse=True), 1)
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


def sitemap(items: list[dict], news: bool = False) -> str:
    if news:
        rows = [
            f"  <url><loc>{BASE}{article_path(i)}</loc><lastmod>{i['published']}</lastmod>"
            f"<news:news><news:publication><news:name>{xml_escape(OUTLETS[i['outlet']][0])}"
            f"</news:name><news:language>{OUTLETS[i['outlet']][2]}</news:language>"
            f"</news:publication><news:publication_date>{i['published']}T08:00:00+01:00"
            f"</news:publication_date><news:title>{xml_escape(i['title'])}</news:title>"
            f"</news:news></url>"
            for i in items
        ]
    else:
        rows = [
            f"  <url><loc>{BASE}{article_path(i)}</loc><lastmod>{i['published']}</lastmod></url>"
            for i in items
        ]
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    body = "\n".join(rows)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>\n{body}\n</urlset>\n'
    )


def sitemap_index(by_outlet: dict[str, list[dict]]) -> str:
    rows = "\n".join(
        f"  <sitemap><loc>{BASE}/{o}/sitemap.xml</loc>"
        f"<lastmod>{max(i['published'] for i in its)}</lastmod></sitemap>"
        for o, its in by_outlet.items()
        if its
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}\n</sitemapindex>\n"
    )


def embargo_page() -> str:
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Sous embargo</title>
<meta name="robots" content="noindex"></head>
<body><main><article><h1>Sous embargo : plan national biothérapies</h1>
<p>Ce communiqué est sous embargo jusqu'à nouvel ordre. Un robot poli qui respecte
robots.txt ne le lit pas : le répertoire /prive/ lui est interdit.</p></article></main>
<p class="demo-note">{escape(DEMO_NOTE)}</p></body></html>
"""


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
    embargo_title = "Sous embargo : plan national biothérapies"
    embargo_item = {
        "id": "embargo",
        "title": embargo_title,
        "published": items[-1]["published"],
        "text": "Communiqué sous embargo.",
        "path": EMBARGO,
    }
    for outlet, its in by_outlet.items():
        if not its:
            continue
        folder = site / outlet
        folder.mkdir(parents=True, exist_ok=True)
        extra = [(EMBARGO, embargo_title)] if outlet == "innov-health-wire" else []
        for name, html in listings(outlet, its, extra).items():
            (folder / name).write_text(html, encoding="utf-8")
        kind = OUTLETS[outlet][1]
        if kind == "rss":
            body = rss(outlet, its, [embargo_item] if outlet == "depeches-sante" else [])
        else:
            body = atom(outlet, its)
        (folder / f"{kind}.xml").write_text(body, encoding="utf-8")
        (folder / "sitemap.xml").write_text(
            sitemap(its, news=outlet == NEWS_SITEMAP), encoding="utf-8"
        )
    (site / "sitemap.xml").write_text(sitemap_index(by_outlet), encoding="utf-8")
    (site / EMBARGO.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
    (site / EMBARGO.lstrip("/")).write_text(embargo_page(), encoding="utf-8")
    (site / "robots.txt").write_text(
        "# Démonstration : le répertoire /prive/ est interdit aux robots.\n"
        "User-agent: *\nDisallow: /admin/\nDisallow: /prive/\n\nSitemap: "
        + BASE
        + "/sitemap.xml\n",
        encoding="utf-8",
    )
    links = "".join(f'<li><a href="/{o}/">{escape(n)}</a></li>' for o, (n, _, _) in OUTLETS.items())
    (site / "index.html").write_text(
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Démonstration'
        f"</title></head><body><h1>Sites de démonstration</h1><ul>{links}</ul>"
        f"<p>{escape(DEMO_NOTE)}</p></body></html>\n",
        encoding="utf-8",
    )
    return len(items)


if __name__ == "__main__":
    print(f"built {build()} article pages in {SITE}")
