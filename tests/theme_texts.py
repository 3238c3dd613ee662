"""Short news texts written for the theme and cluster tests (not from the gold set)."""

from __future__ import annotations

from datetime import date

from scanner.extract.dedup import content_hash
from scanner.records import Article

FR_BLOC = (
    "Chirurgie : le CHU de Tours s'équipe d'un second robot chirurgical",
    "Le bloc opératoire du CHU de Tours accueille un nouveau robot chirurgical pour la "
    "chirurgie mini-invasive en urologie et en gynécologie. Les chirurgiens et les infirmiers "
    "de bloc ont été formés sur simulateur ; la salle d'opération a été réaménagée pour "
    "accueillir la console et le guidage par imagerie.",
)
EN_BLOC = (
    "Surgical robots: a Lyon hospital opens a hybrid operating room",
    "The university hospital opened a hybrid operating room that combines a surgical robot "
    "with interventional imaging. Surgeons can perform minimally invasive procedures guided by "
    "real-time 3D images, and the whole surgical team trained on simulators beforehand.",
)
OFF_TOPIC = (
    "Météo : un week-end ensoleillé avant le retour de la pluie",
    "Le soleil dominera samedi sur la majeure partie du pays, avec des températures de saison. "
    "Dimanche, une perturbation atlantique apportera des averses sur la Bretagne puis sur le "
    "Nord, accompagnées de fortes rafales de vent.",
)
MUSIC_THERAPY = [
    (
        "Musique et anxiété : un hôpital teste des concerts au chevet des patients",
        "Le CHU de Lille propose des séances de musicothérapie aux patients hospitalisés en "
        "cancérologie. Des musiciens jouent au chevet des malades deux fois par semaine, et "
        "l'équipe mesure l'anxiété avant et après chaque séance.",
    ),
    (
        "Musicothérapie : une étude mesure l'effet des concerts sur la douleur",
        "À Bordeaux, une équipe de soignants évalue l'effet de la musicothérapie sur la douleur "
        "après une opération. Les patients écoutent une musique choisie avec un "
        "musicothérapeute ; leur consommation d'antalgiques est suivie.",
    ),
    (
        "Les musicothérapeutes réclament un statut à l'hôpital",
        "La fédération des musicothérapeutes demande la reconnaissance de leur métier dans les "
        "établissements de santé. Les séances de musicothérapie en soins palliatifs et en "
        "pédiatrie se multiplient, sans cadre commun.",
    ),
    (
        "Musicothérapie : le CHU de Nantes généralise les séances au chevet des patients",
        "Après un an d'essai, le CHU de Nantes étend la musicothérapie à tous ses services : "
        "des musicothérapeutes proposent des séances de musique aux patients hospitalisés pour "
        "apaiser l'anxiété et la douleur.",
    ),
]
CANNABIS = [
    (
        "Cannabis médical : l'expérimentation étendue à de nouveaux patients",
        "L'expérimentation du cannabis médical est prolongée et ouverte à des patients souffrant "
        "de douleurs neuropathiques. Les médecins pourront prescrire des fleurs séchées et des "
        "huiles de cannabis thérapeutique dans les centres de référence.",
    ),
    (
        "Cannabis thérapeutique : les pharmaciens se forment à la délivrance",
        "Les pharmaciens d'officine suivent une formation pour délivrer le cannabis "
        "thérapeutique aux patients de l'expérimentation, qui souffrent de sclérose en plaques "
        "ou d'épilepsie résistante.",
    ),
    (
        "Cannabis médical : des producteurs français candidats à la culture",
        "Une dizaine de producteurs français se portent candidats pour cultiver le cannabis "
        "médical destiné aux patients, sous le contrôle de l'ANSM, dès la généralisation du "
        "dispositif.",
    ),
    (
        "Épilepsie : le cannabis médical soulage des enfants, selon les neurologues",
        "Des neurologues pédiatres rapportent une baisse des crises chez des enfants "
        "épileptiques traités par cannabis médical dans le cadre de l'expérimentation.",
    ),
]
NOISE = [
    (
        "Football : le club promu arrache le nul face au leader",
        "Mené au score à la pause, le club promu a égalisé dans le temps additionnel devant "
        "un stade comble, et reste invaincu à domicile cette saison.",
    ),
    (
        "Immobilier : les prix des logements anciens reculent dans les grandes villes",
        "Les notaires observent une baisse des prix des appartements anciens à Paris, Lyon et "
        "Bordeaux, tandis que les taux des crédits immobiliers se stabilisent.",
    ),
    (
        "Festival : la programmation musicale dévoilée pour l'été",
        "Le festival de plein air annonce une quarantaine de concerts et de nouvelles scènes "
        "installées sur les bords du fleuve pour sa prochaine édition estivale.",
    ),
]


def article(
    article_id: str, title: str, text: str, published: date | None = None, lang: str = "fr"
) -> Article:
    """An Article as the crawl would store it."""
    url = f"https://example.org/{article_id}"
    return Article(
        id=article_id,
        url=url,
        canonical_url=url,
        title=title,
        text=text,
        published=published,
        lang=lang,
        content_hash=content_hash(title, text),
        source_id="test",
    )
