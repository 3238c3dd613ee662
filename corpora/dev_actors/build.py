"""Writes the dev_actors items and gold (run: python corpora/dev_actors/build.py).

TUNED ON: written by the issue-14 engineer while building the discovery rules; its figures
say nothing about unseen text. Fictional companies, funds and programmes (invented names),
beside real listed bodies."""

import json
from pathlib import Path

O, P = "organisation", "programme"  # noqa: E741 (short kind names keep the item table readable)
ITEMS = [
    (
        "d01",
        "fr",
        "Levée de fonds pour Quantimed",
        "La start-up nantaise Quantimed lève 8 M€ auprès de Sofimer Ventures et de Bpifrance. "
        "Le tour est mené par Atlantis Capital. Quantimed, spécialiste de l'imagerie quantitative, "
        "avait été lauréate du concours i-Nov.",
        [
            (O, "Quantimed", "Quantimed"),
            (O, "Sofimer Ventures", "Sofimer Ventures"),
            (O, "Bpifrance", "Bpifrance"),
            (O, "Atlantis Capital", "Atlantis Capital"),
            (P, "i-Nov", "i-Nov"),
        ],
    ),
    (
        "d02",
        "fr",
        "Une medtech lyonnaise rachetée",
        "Cordalis Medical, la medtech lyonnaise, a été rachetée par Helvetix. Les fonds Rhône "
        "Santé Invest et Galien Partners sortent du capital. Cordalis avait obtenu un financement "
        "du PSPC.",
        [
            (O, "Cordalis Medical", "Cordalis Medical"),
            (O, "Helvetix", "Helvetix"),
            (O, "Rhône Santé Invest", "Rhône Santé Invest"),
            (O, "Galien Partners", "Galien Partners"),
            (O, "Cordalis", "Cordalis Medical"),
            (P, "PSPC", "PSPC"),
        ],
    ),
    (
        "d03",
        "fr",
        "Biotechs et thérapies géniques",
        "Les biotechs Genovia, Lyrabio et Theranex ont rejoint le programme Biotech Booster de "
        "l'Agence de l'innovation en santé (AIS). Genovia lève 12 M€ ; l'AIS suit le dossier.",
        [
            (O, "Genovia", "Genovia"),
            (O, "Lyrabio", "Lyrabio"),
            (O, "Theranex", "Theranex"),
            (P, "Biotech Booster", "Biotech Booster"),
            (O, "Agence de l'innovation en santé", "AIS"),
            (O, "AIS", "AIS"),
        ],
    ),
    (
        "d04",
        "fr",
        "Un cluster d'oncologie",
        "Le Toulouse Oncopole Network (TON) réunit l'Inserm, le CNRS et la société Pierre Fabre. "
        "Le TON ouvrira un appel à projets « Onco-Data 2027 ». Inserm Transfert accompagne les "
        "équipes.",
        [
            (O, "Toulouse Oncopole Network", "TON"),
            (O, "TON", "TON"),
            (O, "Inserm", "Inserm"),
            (O, "CNRS", "CNRS"),
            (O, "Pierre Fabre", "Pierre Fabre"),
            (P, "appel à projets « Onco-Data 2027 »", "Onco-Data 2027"),
            (O, "Inserm Transfert", "Inserm Transfert"),
        ],
    ),
    (
        "d05",
        "fr",
        "Financements régionaux",
        "L'agence régionale de santé (ARS) de Bretagne et la Région Bretagne soutiennent le "
        "dispositif Breizh Santé Innov. La start-up brestoise Oceadiag, filiale de Marinex "
        "Group, y participe.",
        [
            (O, "agence régionale de santé (ARS) de Bretagne", "ARS Bretagne"),
            (O, "Région Bretagne", "Région Bretagne"),
            (P, "Breizh Santé Innov", "Breizh Santé Innov"),
            (O, "Oceadiag", "Oceadiag"),
            (O, "Marinex Group", "Marinex Group"),
        ],
    ),
    (
        "d06",
        "fr",
        "Label French Tech",
        "Douze lauréats du French Tech Health20 ont été annoncés par la Mission French Tech. "
        "Parmi eux, Neurolys et Respiria, déjà soutenues par le FUI et l'EIC Accelerator.",
        [
            (P, "French Tech Health20", "French Tech Health20"),
            (O, "Mission French Tech", "Mission French Tech"),
            (O, "Neurolys", "Neurolys"),
            (O, "Respiria", "Respiria"),
            (P, "FUI", "FUI"),
            (P, "EIC Accelerator", "EIC Accelerator"),
        ],
    ),
    (
        "d07",
        "fr",
        "Diagnostic rapide",
        "Vitadiag Diagnostics a bouclé une série B de 20 M€. Le tour a été co-mené par Eurazeo "
        "et Kurma Partners, aux côtés de Seventure. Le Centre hospitalier universitaire de Nantes "
        "conduit l'essai.",
        [
            (O, "Vitadiag Diagnostics", "Vitadiag Diagnostics"),
            (O, "Eurazeo", "Eurazeo"),
            (O, "Kurma Partners", "Kurma Partners"),
            (O, "Seventure", "Seventure"),
            (O, "Centre hospitalier universitaire de Nantes", "CHU de Nantes"),
        ],
    ),
    (
        "d08",
        "en",
        "French biotech closes Series A",
        "Paris-based Arvelle Therapeutics has raised €30m in a Series A led by Medicis Ventures, "
        "with participation from Bpifrance and Inserm. Arvelle, a spinout of Institut Curie, "
        "plans trials in 2027.",
        [
            (O, "Arvelle Therapeutics", "Arvelle Therapeutics"),
            (O, "Medicis Ventures", "Medicis Ventures"),
            (O, "Bpifrance", "Bpifrance"),
            (O, "Inserm", "Inserm"),
            (O, "Arvelle", "Arvelle Therapeutics"),
            (O, "Institut Curie", "Institut Curie"),
        ],
    ),
    (
        "d09",
        "en",
        "Medtech acquisition",
        "The Swiss group Helvetix acquired the Lyon startup Cordalis Medical. Investors including "
        "Galien Partners and Rhone Ventures exit. The deal follows an EIC Pathfinder grant.",
        [
            (O, "Helvetix", "Helvetix"),
            (O, "Cordalis Medical", "Cordalis Medical"),
            (O, "Galien Partners", "Galien Partners"),
            (O, "Rhone Ventures", "Rhone Ventures"),
            (P, "EIC Pathfinder", "EIC Pathfinder"),
        ],
    ),
    (
        "d10",
        "fr",
        "Robotique chirurgicale",
        "Robolis, spécialiste des robots endoscopiques, a levé 15 M€. Son fondateur, Marc "
        "Delorme, veut concurrencer Intuitive Surgical. Oséo avait soutenu la société ; Oseo "
        "est devenu Bpifrance.",
        [
            (O, "Robolis", "Robolis"),
            (O, "Intuitive Surgical", "Intuitive Surgical"),
            (O, "Oséo", "Oseo"),
            (O, "Oseo", "Oseo"),
            (O, "Bpifrance", "Bpifrance"),
        ],
    ),
    (
        "d11",
        "fr",
        "Organes sur puce",
        "Le PEPR Organoïdes et organes sur puce finance Cellix Bio et le CEA-Leti. Le plan "
        "Biomédicaments Avenir complète l'effort.",
        [
            (P, "PEPR Organoïdes et organes sur puce", "PEPR Organoïdes et organes sur puce"),
            (O, "Cellix Bio", "Cellix Bio"),
            (O, "CEA-Leti", "CEA-Leti"),
            (P, "Biomédicaments Avenir", "Biomédicaments Avenir"),
        ],
    ),
    (
        "d12",
        "en",
        "Investors back digital health",
        "Nabrio, a Paris-based digital health company, raised €9m from Partech and Elaia "
        "Partners. MSD, known as Merck & Co in the US, is a partner.",
        [
            (O, "Nabrio", "Nabrio"),
            (O, "Partech", "Partech"),
            (O, "Elaia Partners", "Elaia Partners"),
            (O, "MSD", "MSD"),
            (O, "Merck & Co", "MSD"),
        ],
    ),
    # d13-d20: written by the issue-14b engineer from the shapes found missing on real news
    # (tuned on, like the rest)
    (
        "d13",
        "fr",
        "Maladies rares : un plan et un crédit d'impôt",
        "Le gouvernement présente le Plan Orphéa 2026-2030 dans le cadre du Plan national "
        "maladies rares. La biotech Genelys, qui bénéficie du crédit d'impôt recherche (CIR), "
        "obtient aussi le statut de Jeune Entreprise Innovante.",
        [
            (P, "Plan Orphéa 2026-2030", "Plan Orphéa 2026-2030"),
            (P, "Plan national maladies rares", "Plan national maladies rares"),
            (O, "Genelys", "Genelys"),
            (P, "crédit d'impôt recherche", "Crédit d'impôt recherche"),
            (P, "CIR", "Crédit d'impôt recherche"),
            (P, "Jeune Entreprise Innovante", "Jeune entreprise innovante"),
        ],
    ),
    (
        "d14",
        "en",
        "UK grant for a Lyon medtech",
        "Lyon-based Orthelia won a grant from Innovate UK's Smart Bridge programme. The round "
        "was led by Harlow Perkins with participation from Wendell Capital and Nordvale "
        "Ventures's growth fund.",
        [
            (O, "Orthelia", "Orthelia"),
            (O, "Innovate UK", "Innovate UK"),
            (P, "Smart Bridge", "Smart Bridge"),
            (O, "Harlow Perkins", "Harlow Perkins"),
            (O, "Wendell Capital", "Wendell Capital"),
            (O, "Nordvale Ventures", "Nordvale Ventures"),
        ],
    ),
    (
        "d15",
        "fr",
        "Les licornes de la santé",
        "Alan, Kardiomed et Doctolib se distinguent dans le classement. On retrouve aussi des "
        "start-up comme Pelvio (rééducation connectée), Ostrana (suivi des fractures) ou encore "
        "Kelmis, qui développe un test salivaire.",
        [
            (O, "Alan", "Alan"),
            (O, "Kardiomed", "Kardiomed"),
            (O, "Doctolib", "Doctolib"),
            (O, "Pelvio", "Pelvio"),
            (O, "Ostrana", "Ostrana"),
            (O, "Kelmis", "Kelmis"),
        ],
    ),
    (
        "d16",
        "fr",
        "Une série B étendue",
        "Velorix étend sa série B à 40 M€ auprès du singapourien Straitcap et de Quillon "
        "Management. La levée de fonds de Bravexa, plus modeste, a été soutenue par BpiFrance "
        "et la SATT Lumen Ouest.",
        [
            (O, "Velorix", "Velorix"),
            (O, "Straitcap", "Straitcap"),
            (O, "Quillon Management", "Quillon Management"),
            (O, "Bravexa", "Bravexa"),
            (O, "BpiFrance", "Bpifrance"),
            (O, "SATT Lumen Ouest", "SATT Lumen Ouest"),
        ],
    ),
]

root = Path(__file__).parent
with (
    (root / "sample" / "items_dev.jsonl").open("w", encoding="utf-8") as items,
    (root / "gold" / "annotations_dev.jsonl").open("w", encoding="utf-8") as gold,
):
    for item_id, lang, title, text, mentions in ITEMS:
        full = f"{title}\n\n{text}"
        for _kind, surface, _ in mentions:
            assert surface in full, (item_id, surface)
        items.write(
            json.dumps(
                {
                    "id": item_id,
                    "lang": lang,
                    "title": title,
                    "text": text,
                    "published": "2026-11-16",
                    "outlet": "dev",
                },
                ensure_ascii=False,
            )
            + "\n"
        )
        gold.write(
            json.dumps(
                {
                    "id": item_id,
                    "themes": [],
                    "mentions": [{"kind": k, "text": t, "canonical": c} for k, t, c in mentions],
                },
                ensure_ascii=False,
            )
            + "\n"
        )
