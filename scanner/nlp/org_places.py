"""Places that news prose writes like organisations.

The French NER model, above all on English text, tags a city, a region, a country or a pair
of them as ORG: "Oxford and Cambridge", "Silicon Valley", "Lyon et Grenoble", "Portugal",
"Creuse". An unlisted organisation mention whose every part (split on "and", "et", "&", ",",
or a hyphen between two places: "Paris-Stockholm") is a known place names where something is,
not a body (`place_name`). The list holds places of the domain's news: countries, French
regions and departments, the cities of health clusters and universities, tech areas. A
listed body named after a place ("Lyon Biopôle", "Oxford Nanopore") never matches: the whole
mention must be places.
"""

from __future__ import annotations

import re

from scanner.records import Mention
from scanner.text.folding import fold

PLACES = frozenset(
    fold(p)
    for p in (
        # countries and blocs, English and French
        "France", "Germany", "Allemagne", "Italy", "Italie", "Spain", "Espagne", "Portugal",
        "Belgium", "Belgique", "Netherlands", "Pays-Bas", "Switzerland", "Suisse", "Austria",
        "Autriche", "Denmark", "Danemark", "Sweden", "Suède", "Norway", "Norvège", "Finland",
        "Finlande", "Ireland", "Irlande", "Poland", "Pologne", "Greece", "Grèce", "Israel",
        "Israël", "Canada", "Mexico", "Mexique", "Brazil", "Brésil", "Japan", "Japon", "China",
        "Chine", "India", "Inde", "Korea", "Corée", "Singapore", "Singapour", "Australia",
        "Australie", "Luxembourg", "Monaco", "Scotland", "Écosse", "Wales", "England",
        "Angleterre", "Britain", "Great Britain", "Europe", "Asia", "Asie", "Africa", "Afrique",
        "Nordics", "Scandinavia", "Scandinavie", "Maroc", "Morocco", "Tunisie", "Tunisia",
        "Sénégal", "Senegal", "Québec", "Quebec", "Turkey", "Turquie", "Taiwan", "Czechia",
        # demonyms standing alone ("investors from the Nordic and Baltic regions")
        "Nordic", "Baltic", "European", "Européen",
        # French regions and departments that news names
        "Occitanie", "Bretagne", "Brittany", "Normandie", "Normandy", "Grand Est", "Hauts-de-France",
        "Île-de-France", "Ile-de-France", "Auvergne-Rhône-Alpes", "Nouvelle-Aquitaine",
        "Bourgogne-Franche-Comté", "Centre-Val de Loire", "Pays de la Loire", "Corse",
        "Provence-Alpes-Côte d'Azur", "PACA", "Provence", "Alsace", "Lorraine", "Auvergne",
        "Savoie", "Haute-Savoie", "Creuse", "Gironde", "Vendée", "Finistère", "Isère", "Loire",
        "Rhône", "Nord", "Var", "Hérault", "Gard", "Landes", "Dordogne", "Corrèze",
        "Haute-Garonne", "Bouches-du-Rhône", "Alpes-Maritimes", "Seine-Saint-Denis",
        "Val-de-Marne", "Hauts-de-Seine", "Essonne", "Yvelines", "Moselle", "Meurthe-et-Moselle",
        "Bas-Rhin", "Haut-Rhin", "Calvados", "Manche", "Morbihan", "Côtes-d'Armor",
        "Ille-et-Vilaine", "Loire-Atlantique", "Maine-et-Loire", "Sarthe", "Vienne", "Limousin",
        "Martinique", "Guadeloupe", "Guyane", "La Réunion", "Mayotte",
        # French cities of the domain
        "Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes", "Rennes",
        "Strasbourg", "Montpellier", "Nice", "Grenoble", "Rouen", "Caen", "Brest", "Angers",
        "Tours", "Dijon", "Besançon", "Nancy", "Metz", "Reims", "Amiens", "Limoges",
        "Clermont-Ferrand", "Poitiers", "Orléans", "Le Mans", "Saint-Étienne", "Toulon",
        "Perpignan", "Nîmes", "Pau", "Bayonne", "La Rochelle", "Annecy", "Évry", "Saclay",
        "Sophia Antipolis", "Villejuif", "Marne-la-Vallée", "Cergy", "Créteil", "Mulhouse",
        # cities and areas of foreign health and tech news
        "London", "Londres", "Oxford", "Cambridge", "Manchester", "Edinburgh", "Édimbourg",
        "Glasgow", "Leeds", "Birmingham", "Bristol", "Sheffield", "Dundee", "Belfast", "Dublin",
        "Berlin", "Munich", "Hamburg", "Frankfurt", "Heidelberg", "Amsterdam", "Rotterdam",
        "Utrecht", "Leiden", "Brussels", "Bruxelles", "Liège", "Leuven", "Louvain", "Ghent",
        "Gand", "Antwerp", "Anvers", "Geneva", "Genève", "Lausanne", "Zurich", "Basel", "Bâle",
        "Milan", "Rome", "Madrid", "Barcelona", "Barcelone", "Lisbon", "Lisbonne", "Porto",
        "Copenhagen", "Copenhague", "Stockholm", "Oslo", "Helsinki", "Vienna", "Vienne",
        "Warsaw", "Prague", "Tel Aviv", "Jerusalem", "Boston", "New York", "San Francisco",
        "San Diego", "Seattle", "Chicago", "Philadelphia", "Montreal", "Montréal", "Toronto",
        "Tokyo", "Shanghai", "Beijing", "Pékin", "Shenzhen", "Hong Kong", "Seoul", "Séoul",
        "Sydney", "Melbourne", "Bangalore", "Dubai", "Silicon Valley", "Bay Area",
        "Greater London", "Kendall Square", "Golden Triangle", "Massachusetts", "California",
        "Californie", "Texas", "Florida", "Floride", "Bavaria", "Bavière", "Catalonia",
        "Catalogne", "Lombardy", "Flanders", "Flandre", "Wallonia", "Wallonie",
    )
)  # fmt: skip
# Parts of a mention naming several places: "Oxford and Cambridge", "Lyon et Grenoble",
# "Paris-Stockholm" (a hyphen splits only when each side is a place: "Saint-Étienne" is one)
_PARTS = re.compile(r"\s*(?:,|\band\b|\bet\b|&|\bor\b|\bou\b)\s*")
_KIND_AFTER = re.compile(r"\s+(?:VCs?|investors?|firms?)$")
_ARTICLE = re.compile(r"^(?:the|la|le|les|l['’])\s+", re.IGNORECASE)


def _is_place(part: str) -> bool:
    key = fold(_ARTICLE.sub("", part.strip()))
    if key in PLACES:
        return True
    sides = key.split("-")
    return len(sides) == 2 and all(s in PLACES for s in sides)


def place_name(m: Mention) -> bool:
    """The mention's text is places only: "Silicon Valley", "Oxford and Cambridge",
    "Paris-Stockholm", "Creuse" — where a body is, never the body ("Oxford Nanopore",
    "Cambridge Innovation Capital" keep their other words)."""
    # "Silicon Valley VC firm Sequoia": a place and the kind of its investors name nobody
    parts = [p for p in _PARTS.split(_KIND_AFTER.sub("", m.text)) if p.strip()]
    return bool(parts) and all(_is_place(p) for p in parts)
