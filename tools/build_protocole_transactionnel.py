"""Build the first version of templates_docx/protocole_transactionnel.docx (lawyers edit it)."""

from __future__ import annotations

from pathlib import Path

from docx.shared import Cm, Pt

from tools.docxbuild import (
    CENTER,
    JUSTIFY,
    RIGHT,
    cell_text,
    heading,
    item,
    new_document,
    page_footer,
    para,
    rich,
    table,
    tag,
    target,
)


def article(doc, key, title):
    heading(doc, f"Article {{{{ num.{key} }}}} – {title}")


IDENTITY_COMPANY = (
    "{{ p.denomination }}, {{ p.forme_juridique }}{% if p.capital %} au capital de "
    "{{ p.capital|montant }}{% endif %}, {{ p.immatriculation_texte }}, dont le siège social est "
    "situé {{ p.adresse.en_ligne }}, représentée par {{ p.representant }}{% if "
    "p.representant_qualite %}, en sa qualité de {{ p.representant_qualite }}{% endif %}, "
    "ayant tous pouvoirs à l'effet des présentes,"
)
IDENTITY_PERSON = (
    "{{ p.civilite }} {{ p.prenom }} {{ p.nom }}{% if p.entrepreneur_individuel %}, "
    "entrepreneur individuel (EI){% if p.nom_commercial %} exerçant sous le nom commercial "
    "« {{ p.nom_commercial }} »{% endif %}{% endif %}{% if p.date_naissance %}, "
    "né{{ p.e }} le {{ p.date_naissance|date_longue }}{% if p.lieu_naissance %} à "
    "{{ p.lieu_naissance }}{% endif %}{% endif %}{% if p.nationalite %}, de nationalité "
    "{{ p.nationalite }}{% endif %}{% if p.profession %}, {{ p.profession }}{% endif %}"
    "{% if p.immatriculation_texte %}, {{ p.immatriculation_texte }}{% endif %}, "
    "{% if p.entrepreneur_individuel %}dont l'adresse professionnelle est située{% else %}"
    "demeurant{% endif %} {{ p.adresse.en_ligne }}{% if p.consommateur %}, agissant à des fins "
    "qui n'entrent pas dans le cadre de son activité professionnelle, en qualité de "
    "consommat{{ 'rice' if p.e else 'eur' }}{% endif %},"
)


def parties(doc):
    para(doc, "ENTRE LES SOUSSIGNÉS :", bold=True, before=12, after=8)
    tag(doc, "{%p for p in parties %}")
    tag(doc, "{%p if p.nature == 'personne_morale' %}")
    para(doc, IDENTITY_COMPANY, align=JUSTIFY)
    tag(doc, "{%p else %}")
    para(doc, IDENTITY_PERSON, align=JUSTIFY)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if p.avocat %}")
    para(
        doc,
        "assisté{{ p.e }} de Me {{ p.avocat.nom }}, avocat au barreau de {{ p.avocat.barreau }}"
        "{% if p.avocat.cabinet %} ({{ p.avocat.cabinet }}){% endif %},",
        align=JUSTIFY,
    )
    tag(doc, "{%p endif %}")
    rich(doc, "ci-après « ", ("{{ p.appellation }}", "b"), " »,", after=6)
    para(doc, "{{ p.mention_part }},", bold=True, align=RIGHT, after=8)
    tag(doc, "{%p if not loop.last %}")
    para(doc, "ET", bold=True, after=8)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    rich(
        doc,
        "{{ appellations_texte }} étant ci-après dénommées ensemble les « ",
        ("Parties", "b"),
        " » et individuellement une « ",
        ("Partie", "b"),
        " ».",
        align=None,  # justified, the unbreakable « Parties » would stretch the line
        after=10,
    )


def preamble(doc):
    para(doc, "IL A ÉTÉ PRÉALABLEMENT EXPOSÉ CE QUI SUIT :", bold=True, align=CENTER, before=6)
    heading(doc, "A. Les faits", level=2)
    tag(doc, "{%p for paragraphe in expose %}")
    para(doc, "{{ paragraphe }}", align=JUSTIFY)
    tag(doc, "{%p endfor %}")
    heading(doc, "B. Le litige et les prétentions initiales des Parties", level=2)
    para(
        doc, "Un différend est né entre les Parties, portant sur {{ objet_litige }}.", align=JUSTIFY
    )
    tag(doc, "{%p for p in parties %}")
    rich(
        doc,
        ("Prétentions {{ p.appellation_de }}. ", "b"),
        "{{ p.appellation_majuscule }} soutenait et demandait : {{ p.pretentions }}"
        "{% if p.montant_reclame %}, soit une somme totale de {{ p.montant_reclame|montant }} "
        "({{ p.montant_reclame|montant_en_lettres }}){% endif %}.",
        indent=Cm(0.5),
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if instance %}")
    para(
        doc,
        "Par acte du {{ instance.date_saisine|date_longue }}, {{ demandeur_formes.nom }} a "
        "saisi {{ instance.juridiction }}{% if instance.numero_rg %} (RG n° "
        "{{ instance.numero_rg }}){% endif %} de ses demandes. Cette instance est pendante à la "
        "date des présentes.",
        align=JUSTIFY,
    )
    tag(doc, "{%p endif %}")
    heading(doc, "C. Le rapprochement des Parties", level=2)
    para(
        doc,
        "Soucieuses d'éviter les aléas, la durée et le coût d'une procédure judiciaire, les "
        "Parties se sont rapprochées et, sans reconnaissance de responsabilité de part ni "
        "d'autre, sont convenues de mettre fin à leur différend par la présente transaction, au "
        "moyen des concessions réciproques définies ci-après, conformément aux articles 2044 et "
        "suivants du Code civil.",
        align=JUSTIFY,
    )
    para(
        doc,
        "CECI EXPOSÉ, IL A ÉTÉ CONVENU ET ARRÊTÉ CE QUI SUIT :",
        bold=True,
        align=CENTER,
        before=10,
        after=6,
    )


def first_articles(doc):
    article(doc, "objet", "Objet")
    para(
        doc,
        "Le présent protocole a pour objet de mettre fin, de manière définitive, au différend "
        "décrit au préambule, au moyen de concessions réciproques, conformément aux articles "
        "2044 et suivants du Code civil. Il vaut transaction au sens de ces articles.",
        align=JUSTIFY,
    )
    article(doc, "concessions", "Concessions réciproques")
    para(
        doc,
        "À titre de concessions réciproques, les Parties consentent ce qui suit.",
        align=JUSTIFY,
    )
    tag(doc, "{%p for p in parties %}")
    rich(doc, ("{{ p.appellation_majuscule }} :", "b"), after=2, keep=True)
    tag(doc, "{%p for c in p.concessions %}")
    item(doc, "{{ c }}{% if loop.last %}.{% else %} ;{% endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    para(
        doc,
        "Les Parties reconnaissent que ces concessions sont réelles, réciproques et non "
        "dérisoires, et qu'elles sont la contrepartie les unes des autres.",
        align=JUSTIFY,
        before=4,
    )


def payments(doc):
    article(doc, "reglement", "Sommes convenues et modalités de paiement")
    tag(doc, "{%p for r in reglements %}")
    para(
        doc,
        "{{ r.payeur_formes.majuscule }} versera {{ r.beneficiaire_formes.a }} la somme de "
        "{{ r.montant|montant }} ({{ r.montant|montant_en_lettres }}), {{ r.cause_texte }}.",
        align=JUSTIFY,
    )
    tag(doc, "{%p if r.nombre_echeances > 1 %}")
    para(
        doc,
        "Cette somme sera payée en {{ r.nombre_echeances|nombre_en_lettres }} échéances, au plus "
        "tard aux dates suivantes :",
        align=JUSTIFY,
        keep=True,
    )
    schedule = table(doc, 3, 2)
    cell_text(schedule.rows[0].cells[0], "Date limite de paiement", bold=True)
    cell_text(schedule.rows[0].cells[1], "Montant", bold=True, align=RIGHT)
    cell_text(schedule.rows[1].cells[0], "{%tr for e in r.echeancier %}")
    cell_text(schedule.rows[2].cells[0], "{{ e.date|date_longue }}")
    cell_text(schedule.rows[2].cells[1], "{{ e.montant|montant }}", align=RIGHT)
    schedule.add_row()
    cell_text(schedule.rows[3].cells[0], "{%tr endfor %}")
    schedule.add_row()
    cell_text(schedule.rows[4].cells[0], "Total", bold=True)
    cell_text(schedule.rows[4].cells[1], "{{ r.montant|montant }}", bold=True, align=RIGHT)
    for row in schedule.rows:
        row.cells[0].width, row.cells[1].width = Cm(8), Cm(4)
    tag(doc, "{%p else %}")
    para(
        doc,
        "Cette somme sera payée en une seule fois, au plus tard le "
        "{{ r.derniere_echeance|date_longue }}.",
        align=JUSTIFY,
    )
    tag(doc, "{%p endif %}")
    para(
        doc,
        "Le paiement interviendra {{ r.mode_libelle }}"
        "{% if r.mode_paiement == 'virement' %}, sur le compte ouvert au nom de {{ r.titulaire }}"
        " (IBAN {{ r.iban }}{% if r.bic %}, BIC {{ r.bic }}{% endif %}){% elif r.mode_paiement == "
        "'virement_carpa' %}, Me {{ r.avocat_beneficiaire.nom }}, avocat au barreau de "
        "{{ r.avocat_beneficiaire.barreau }}, le recevant ès qualités pour le compte "
        "{{ r.beneficiaire_formes.de }}{% else %}, établi à l'ordre de {{ r.beneficiaire_nom }} et "
        "remis contre reçu{% endif %}. Chaque paiement n'est libératoire qu'à la date à laquelle "
        "les fonds sont mis à la disposition {{ r.beneficiaire_formes.de }}.",
        align=JUSTIFY,
        before=4,
    )
    tag(doc, "{%p endfor %}")


def default_and_penalty(doc):
    article(doc, "defaut", "Défaut de paiement et déchéance du terme")
    para(
        doc,
        "À défaut de paiement d'une somme à sa date, la totalité des sommes restant dues par la "
        "Partie défaillante deviendra immédiatement exigible, de plein droit, "
        "{{ delai_mise_en_demeure_jours|nombre_en_lettres }} ({{ delai_mise_en_demeure_jours }}) "
        "jours après une mise en demeure adressée par lettre recommandée avec demande d'avis de "
        "réception et restée sans effet. Les sommes impayées porteront intérêt au taux légal à "
        "compter de cette mise en demeure (article 1344-1 du Code civil). La Partie créancière "
        "pourra poursuivre l'exécution forcée du présent protocole, sans préjudice de la clause "
        "pénale stipulée à l'article {{ num.clause_penale }}.",
        align=JUSTIFY,
    )
    article(doc, "clause_penale", "Clause pénale")
    para(
        doc,
        "La Partie qui n'exécuterait pas l'une des obligations mises à sa charge par "
        "{{ articles_clause_penale }} du présent protocole sera redevable, "
        "{{ delai_mise_en_demeure_jours|nombre_en_lettres }} ({{ delai_mise_en_demeure_jours }}) "
        "jours après une mise en demeure restée sans effet, d'une somme forfaitaire de "
        "{{ clause_penale|montant }} ({{ clause_penale|montant_en_lettres }}) à titre de clause "
        "pénale, envers la Partie à l'égard de laquelle l'obligation n'a pas été exécutée, sans "
        "préjudice de l'exécution forcée de cette obligation.",
        align=JUSTIFY,
    )
    para(
        doc,
        "Conformément à l'article 1231-5 du Code civil, le juge peut, même d'office, modérer ou "
        "augmenter cette pénalité si elle est manifestement excessive ou dérisoire.",
        align=JUSTIFY,
    )


def renunciation(doc):
    article(doc, "renonciation", "Renonciation et effet de la transaction")
    para(
        doc,
        "Sous réserve de l'exécution intégrale du présent protocole, les Parties renoncent "
        "réciproquement à toute demande, action ou prétention, présente ou future, portant sur "
        "{{ objet_litige }}.",
        align=JUSTIFY,
    )
    para(
        doc,
        "Conformément aux articles 2048 et 2049 du Code civil, cette renonciation est limitée au "
        "différend décrit au préambule ; elle ne s'étend à aucun autre droit, action ou "
        "prétention que les Parties pourraient avoir {% if nombre_parties == 2 %}l'une envers "
        "l'autre{% else %}les unes envers les autres{% endif %}.",
        align=JUSTIFY,
    )
    para(
        doc,
        "Conformément à l'article 2052 du Code civil, la présente transaction fait obstacle à "
        "l'introduction ou à la poursuite entre les Parties d'une action en justice ayant le "
        "même objet.",
        align=JUSTIFY,
    )
    tag(doc, "{%p if instance %}")
    article(doc, "desistement", "Désistement d'instance et d'action")
    para(
        doc,
        "{{ demandeur_formes.majuscule }} se désistera de l'instance et de l'action engagées "
        "devant {{ instance.juridiction }}{% if instance.numero_rg %} (RG n° "
        "{{ instance.numero_rg }}){% endif %}, dans un délai de "
        "{{ instance.delai_desistement_jours|nombre_en_lettres }} "
        "({{ instance.delai_desistement_jours }}) jours à compter "
        "{% if instance.desistement_apres == 'signature' %}de la signature du présent protocole"
        "{% else %}du paiement intégral des sommes prévues à l'article {{ num.reglement }}"
        "{% endif %}. {% if nombre_parties == 2 %}L'autre Partie s'engage{% else %}Les autres "
        "Parties s'engagent{% endif %} à accepter ce désistement. Chaque Partie conserve la "
        "charge des frais et dépens qu'elle a exposés dans cette instance.",
        align=JUSTIFY,
    )
    tag(doc, "{%p endif %}")


def confidentiality(doc):
    tag(doc, "{%p if confidentialite %}")
    article(doc, "confidentialite", "Confidentialité")
    para(
        doc,
        "Les Parties s'engagent à garder confidentiels l'existence et le contenu du présent "
        "protocole, ainsi que les échanges intervenus pour le conclure, "
        "{% if confidentialite.duree_ans %}pendant une durée de "
        "{{ confidentialite.duree_ans|nombre_en_lettres }} ({{ confidentialite.duree_ans }}) "
        "ans à compter de sa signature{% else %}sans limitation de durée{% endif %}. Cette "
        "obligation ne fait pas obstacle à leur communication :",
        align=JUSTIFY,
        keep=True,
    )
    for text in (
        "lorsqu'une disposition légale ou réglementaire, ou une autorité administrative ou "
        "judiciaire, l'exige ;",
        "au juge, au greffe ou au commissaire de justice, pour l'homologation du protocole, "
        "l'apposition de la formule exécutoire ou son exécution forcée ;",
        "aux conseils des Parties (avocats, experts-comptables, commissaires aux comptes) et à "
        "leurs assureurs, tenus au secret professionnel ou à une obligation de confidentialité ;",
        "pour faire valoir en justice les droits que les Parties tiennent du présent protocole.",
    ):
        item(doc, text)
    tag(doc, "{%p endif %}")


def non_disparagement(doc):
    tag(doc, "{%p if non_denigrement %}")
    article(doc, "non_denigrement", "Non-dénigrement")
    para(
        doc,
        "{{ non_denigrement_texte.sujet }} {{ non_denigrement_texte.verbe }}, pendant une durée "
        "de {{ non_denigrement.duree_mois|nombre_en_lettres }} ({{ non_denigrement.duree_mois }}) "
        "mois à compter de la signature du présent protocole, de tenir ou de diffuser, par "
        "quelque moyen que ce soit, des propos dénigrants à l'égard "
        "{{ non_denigrement_texte.envers }}. Cet engagement porte exclusivement sur "
        "{{ non_denigrement.perimetre }}.",
        align=JUSTIFY,
    )
    para(
        doc,
        "Il ne fait obstacle ni à l'exercice des droits de la défense, ni aux déclarations "
        "exigées par la loi ou par une autorité, ni à l'expression d'une appréciation objective "
        "et mesurée.",
        align=JUSTIFY,
    )
    tag(doc, "{%p endif %}")


def enforceability(doc):
    article(doc, "force_executoire", "Force exécutoire")
    tag(doc, "{%p if force_executoire == 'homologation' %}")
    para(
        doc,
        "Conformément aux articles 1543 et suivants du code de procédure civile, le présent "
        "protocole pourra être soumis, à la requête de la Partie la plus diligente, à "
        "l'homologation du juge du {{ juridiction_competente }}, afin de lui conférer force "
        "exécutoire. Les Parties s'engagent à ne pas s'opposer à cette demande et à y concourir "
        "en tant que de besoin.",
        align=JUSTIFY,
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "Le présent protocole est contresigné par l'avocat de chacune des Parties (article 1374 "
        "du Code civil). Conformément à l'article 1546 du code de procédure civile, la Partie la "
        "plus diligente pourra demander au greffe du {{ juridiction_competente }} d'y apposer la "
        "formule exécutoire ; l'acte ainsi revêtu de la formule exécutoire constitue un titre "
        "exécutoire (article L. 111-3, 7° du code des procédures civiles d'exécution).",
        align=JUSTIFY,
    )
    tag(doc, "{%p endif %}")


def final_articles(doc):
    article(doc, "declarations", "Déclarations des Parties")
    para(doc, "Chacune des Parties déclare :", align=JUSTIFY, keep=True)
    for text in (
        "avoir la capacité et les pouvoirs de disposer des droits objet du présent protocole "
        "(article 2045 du Code civil) ;",
        "avoir disposé d'un délai de réflexion suffisant et avoir pu se faire assister du "
        "conseil de son choix ;",
        "conclure le présent protocole librement et en pleine connaissance de sa portée.",
    ):
        item(doc, text)
    article(doc, "frais", "Frais")
    para(
        doc,
        "Chaque Partie conserve la charge des frais et honoraires qu'elle a exposés au titre du "
        "différend et du présent protocole. Les frais de la demande "
        "{% if force_executoire == 'homologation' %}d'homologation{% else %}d'apposition de la "
        "formule exécutoire{% endif %} sont supportés par la Partie qui la présente.",
        align=JUSTIFY,
    )
    article(doc, "dispositions", "Dispositions générales")
    para(
        doc,
        "Le présent protocole exprime l'intégralité de l'accord des Parties sur son objet. Ses "
        "stipulations forment un tout indivisible. Il ne peut être modifié que par un avenant "
        "écrit signé de toutes les Parties. Il est régi par le droit français.",
        align=JUSTIFY,
    )


def signatures(doc):
    para(
        doc,
        "Fait à {{ lieu_signature }}, le {{ date_signature|date_longue }}, en "
        "{{ nombre_originaux|nombre_en_lettres }} ({{ nombre_originaux }}) exemplaires "
        "originaux, dont un pour chacune des Parties (article 1375 du Code civil).",
        align=JUSTIFY,
        before=12,
        after=10,
        keep=True,
    )
    grid = table(doc, 3, 2, style="Normal Table")
    cell_text(grid.rows[0].cells[0], "{%tr for pair in signatures %}")
    for column in (0, 1):
        cell = grid.rows[1].cells[column]
        guard = "{%p if pair|length > 1 %}" if column else None
        if guard:
            cell_text(cell, guard)
        lines = [
            (f"{{{{ pair[{column}].appellation_majuscule }}}}", True, False),
            (f"{{{{ pair[{column}].signataire }}}}", False, False),
            (f"{{%p if pair[{column}].signe_pour %}}", False, False),
            (f"{{{{ pair[{column}].signe_pour }}}}", False, False),
            ("{%p endif %}", False, False),
            ("« Lu et approuvé, bon pour transaction »", False, True),
            ("(mention manuscrite), date et signature", False, True),
        ]
        for text, bold, italic in lines:
            p = cell.add_paragraph() if cell.paragraphs[0].text else cell.paragraphs[0]
            run = p.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            p.paragraph_format.keep_with_next = True
        if guard:
            cell.add_paragraph().add_run("{%p endif %}")
        # Room for the handwritten mention and signature; also keeps a cell never empty.
        cell.add_paragraph().paragraph_format.space_after = Pt(48)
    cell_text(grid.rows[2].cells[0], "{%tr endfor %}")
    tag(doc, "{%p if force_executoire == 'formule_executoire_greffe' %}")
    para(
        doc, "Contreseing des avocats (article 1374 du Code civil)", bold=True, before=12, keep=True
    )
    tag(doc, "{%p for a in avocats %}")
    para(
        doc,
        "Me {{ a.nom }}{% if a.cabinet %} ({{ a.cabinet }}){% endif %}, avocat au barreau de "
        "{{ a.barreau }}, conseil {{ a.client }} — signature :",
        after=36,
        keep=True,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def build(path: Path) -> None:
    doc = new_document("{{ document.titre }}", "{{ document.auteur }}", "{{ document.sujet }}")
    page_footer(doc, "Protocole d'accord transactionnel — Paraphes : {{ paraphes }}")
    para(doc, "PROTOCOLE D'ACCORD TRANSACTIONNEL", bold=True, align=CENTER, size=16, after=2)
    para(
        doc,
        "(articles 2044 et suivants du Code civil)",
        italic=True,
        align=CENTER,
        after=14,
    )
    parties(doc)
    preamble(doc)
    first_articles(doc)
    payments(doc)
    default_and_penalty(doc)
    renunciation(doc)
    confidentiality(doc)
    non_disparagement(doc)
    enforceability(doc)
    final_articles(doc)
    signatures(doc)
    doc.save(path)


if __name__ == "__main__":
    build(target("protocole_transactionnel"))
