"""Build the first version of templates_docx/mise_en_demeure.docx (lawyers then edit it)."""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from tools.docxbuild import (
    RETAINED,
    RIGHT_BLOCK,
    SUPPLIED_RATES,
    new_document,
    page_footer,
    para,
    tag,
    target,
)


def supplied_rates(doc, before: float | None = None) -> None:
    """The rates the case facts gave for periods the server lacks, each with its source."""
    tag(doc, "{%p if taux_fournis_utilises %}")
    para(doc, f"{RETAINED} : {SUPPLIED_RATES}.", align=WD_ALIGN_PARAGRAPH.JUSTIFY, before=before)
    tag(doc, "{%p endif %}")


def parties_block(doc) -> None:
    """The sender on the left, the recipient on the right, then the place and date."""
    para(doc, "{{ creancier.designation }}", bold=True, after=0)
    tag(doc, "{%p if creancier.nom_commercial %}")
    para(doc, "Nom commercial : {{ creancier.nom_commercial }}", after=0)
    tag(doc, "{%p endif %}")
    para(doc, "{{ creancier.adresse.ligne1 }}", after=0)
    tag(doc, "{%p if creancier.adresse.ligne2 %}")
    para(doc, "{{ creancier.adresse.ligne2 }}", after=0)
    tag(doc, "{%p endif %}")
    para(doc, "{{ creancier.adresse.code_postal }} {{ creancier.adresse.ville }}", after=0)
    tag(doc, "{%p if creancier.immatriculation %}")
    para(doc, "{{ creancier.immatriculation }}", after=0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if creancier.email or creancier.telephone %}")
    para(
        doc,
        "{% if creancier.telephone %}Tél. {{ creancier.telephone }}{% endif %}"
        "{% if creancier.email and creancier.telephone %} — {% endif %}"
        "{% if creancier.email %}{{ creancier.email }}{% endif %}",
        after=0,
    )
    tag(doc, "{%p endif %}")
    para(doc, after=12)

    # Recipient block, on the right
    para(doc, "{{ debiteur.designation }}", bold=True, indent=RIGHT_BLOCK, after=0)
    tag(doc, "{%p if debiteur.nature == 'personne_morale' %}")
    para(
        doc,
        "À l'attention de {{ debiteur.representant }}{% if debiteur.representant_qualite %}"
        ", {{ debiteur.representant_qualite }}{% endif %}",
        indent=RIGHT_BLOCK,
        after=0,
    )
    tag(doc, "{%p endif %}")
    para(doc, "{{ debiteur.adresse.ligne1 }}", indent=RIGHT_BLOCK, after=0)
    tag(doc, "{%p if debiteur.adresse.ligne2 %}")
    para(doc, "{{ debiteur.adresse.ligne2 }}", indent=RIGHT_BLOCK, after=0)
    tag(doc, "{%p endif %}")
    para(
        doc,
        "{{ debiteur.adresse.code_postal }} {{ debiteur.adresse.ville }}",
        indent=RIGHT_BLOCK,
        after=18,
    )
    para(doc, "{{ lieu }}, le {{ date_lettre|date_longue }}", indent=RIGHT_BLOCK, after=18)


def salutation(doc) -> None:
    """« Monsieur, », « Madame, » or « Madame, Monsieur, »."""
    para(
        doc,
        "{% if debiteur.nature == 'personne_physique' %}{{ 'Monsieur' if "
        "debiteur.civilite == 'M.' else 'Madame' }}{% else %}Madame, Monsieur{% endif %},",
        after=8,
    )


def invoices_table(doc) -> None:
    """One row per invoice: number, date, due date, amount, already paid, remaining due."""
    table = doc.add_table(rows=3, cols=6)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    heads = ["Facture n°", "Date", "Échéance", "Montant TTC", "Déjà réglé", "Reste dû"]
    for cell, text in zip(table.rows[0].cells, heads, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    row = table.rows[1].cells
    row[0].paragraphs[0].add_run("{%tr for l in creance.lignes %}")
    row = table.rows[2].cells
    values = [
        "{{ l.numero }}",
        "{{ l.date|date_courte }}",
        "{{ l.echeance|date_courte }}",
        "{{ l.montant_ttc|montant }}",
        "{{ l.montant_regle|montant }}",
        "{{ l.principal|montant }}",
    ]
    for index, (cell, text) in enumerate(zip(row, values, strict=True)):
        cell.paragraphs[0].add_run(text)
        if index >= 3:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    end = table.add_row().cells
    end[0].paragraphs[0].add_run("{%tr endfor %}")
    total = table.add_row().cells
    merged = total[0].merge(total[4])
    merged.paragraphs[0].add_run("Total du principal restant dû").bold = True
    total[5].paragraphs[0].add_run("{{ creance.principal|montant }}").bold = True
    total[5].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para(doc, after=4)


def penalty_periods(doc) -> None:
    """The late penalties of each invoice, period by period, and the rates the case gave."""
    para(
        doc,
        "Pénalités de retard arrêtées au {{ creance.arretees_au|date_longue }}"
        "{% if creance.a_parfaire %}, à parfaire{% endif %} :",
        after=2,
        keep=True,
    )
    tag(doc, "{%p for l in creance.lignes %}")
    tag(doc, "{%p for p in l.penalites.periodes %}")
    para(
        doc,
        "Facture {{ l.numero }} : {{ p.principal|montant }} du {{ p.debut|date_courte }} "
        "au {{ p.fin|date_courte }}, soit {{ p.jours }} jours au taux de "
        "{{ p.taux|pourcentage }} ({{ p.semestre }}) : {{ p.montant|montant }}",
        indent=Cm(1),
        after=0,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    supplied_rates(doc, before=4)


def breakdown(doc) -> None:
    """The total claimed, line by line: principal, penalties and indemnities, total."""
    para(doc, "principal restant dû : {{ creance.principal|montant }} ;", indent=Cm(1), after=0)
    tag(doc, "{%p if entre_professionnels %}")
    para(
        doc,
        "pénalités de retard arrêtées au {{ creance.arretees_au|date_courte }}"
        "{% if creance.a_parfaire %}, à parfaire{% endif %} : {{ creance.penalites|montant }} ;",
        indent=Cm(1),
        after=0,
    )
    para(
        doc,
        "indemnités forfaitaires pour frais de recouvrement (40 € × "
        "{{ creance.nombre_factures }}) : {{ creance.indemnites|montant }} ;",
        indent=Cm(1),
        after=0,
    )
    tag(doc, "{%p endif %}")
    para(doc, "total : {{ creance.total|montant }}.", indent=Cm(1), bold=True, after=8)


def closing(doc) -> None:
    """The closing formula and the signature block."""
    para(
        doc,
        "{% if nous %}Nous vous prions{% else %}Je vous prie{% endif %} d'agréer, "
        "{% if debiteur.nature == 'personne_physique' %}"
        "{{ 'Monsieur' if debiteur.civilite == 'M.' else 'Madame' }}{% else %}Madame, "
        "Monsieur{% endif %}, l'expression de {% if nous %}nos{% else %}mes{% endif %} "
        "salutations distinguées.",
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        after=24,
        keep=True,
    )
    para(doc, "{{ signataire_nom }}", bold=True, indent=RIGHT_BLOCK, after=0, keep=True)
    tag(doc, "{%p if creancier.nature == 'personne_morale' %}")
    para(
        doc,
        "{% if creancier.representant_qualite %}{{ creancier.representant_qualite }} de "
        "{% endif %}{{ creancier.designation }}",
        indent=RIGHT_BLOCK,
        after=0,
        keep=True,
    )
    tag(doc, "{%p endif %}")
    para(doc, "Signature", italic=True, indent=RIGHT_BLOCK, after=0)


def build(path: Path) -> None:
    doc = new_document("{{ document.titre }}", "{{ document.auteur }}", "{{ document.sujet }}")
    page_footer(doc, "Mise en demeure de payer — {{ debiteur.designation }}")

    parties_block(doc)

    para(doc, "{{ mode_envoi_libelle }}", italic=True, after=6)
    p = para(doc, after=0)
    p.add_run("Objet : ").bold = True
    p.add_run("MISE EN DEMEURE DE PAYER").bold = True
    para(
        doc,
        "Factures n° {% for l in creance.lignes %}{{ l.numero }}{% if not loop.last %}, "
        "{% endif %}{% endfor %} — Somme due : {{ creance.total|montant }}",
        after=14,
    )

    salutation(doc)
    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    para(
        doc,
        "{% if nous %}Nous avons réalisé{% else %}J'ai réalisé{% endif %} pour votre compte "
        "{{ prestation }}. Ces prestations ont donné lieu à l'émission des factures "
        "ci-dessous, dont le règlement reste dû à ce jour{% if relances %} malgré "
        "{% if nous %}nos{% else %}mes{% endif %} relances amiables ({{ relances }})"
        "{% endif %}.",
        align=body,
    )

    invoices_table(doc)

    tag(doc, "{%p if entre_professionnels %}")
    para(
        doc,
        "Conformément à l'article L. 441-10 du code de commerce, ces sommes sont de plein "
        "droit majorées, dès le lendemain de leur date d'échéance et sans qu'un rappel soit "
        "nécessaire, de pénalités de retard calculées au {% if taux_penalites_contractuel %}"
        "taux contractuel de {{ taux_penalites_contractuel|pourcentage }} l'an{% else %}taux "
        "de refinancement de la Banque centrale européenne majoré de dix points{% endif %}, "
        "ainsi que d'une indemnité forfaitaire pour frais de recouvrement de 40 € par facture "
        "(article D. 441-5 du code de commerce).",
        align=body,
    )
    penalty_periods(doc)
    para(doc, after=4)
    tag(doc, "{%p endif %}")

    para(
        doc,
        "En conséquence, {% if nous %}nous vous mettons{% else %}je vous mets{% endif %} en "
        "demeure, au sens de l'article 1344 du Code civil, de {% if nous %}nous{% else %}me"
        "{% endif %} régler, dans un délai de {{ delai_jours|nombre_en_lettres }} "
        "({{ delai_jours }}) jours à compter de la date de la présente lettre, soit au plus "
        "tard le {{ date_limite|date_longue }}, la somme totale de "
        "{{ creance.total|montant }} ({{ creance.total|montant_en_lettres }}), qui se "
        "décompose ainsi :",
        align=body,
        keep=True,
    )
    breakdown(doc)

    tag(doc, "{%p if entre_professionnels %}")
    para(
        doc,
        "Les pénalités de retard {% if creance.a_parfaire %}postérieures au "
        "{{ creance.arretees_au|date_longue }}, à parfaire, s'ajoutent aux sommes ci-dessus et "
        "{% endif %}continuent de courir jusqu'au complet paiement.",
        align=body,
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "Conformément aux articles 1231-6 et 1344-1 du Code civil, la présente mise en "
        "demeure fait courir, sur la somme de {{ creance.principal|montant }} due en "
        "principal, les intérêts au taux de l'intérêt légal {{ interets.libelle }}"
        "{% if interets.taux %} (soit {{ interets.taux|pourcentage }} l'an pour le "
        "{{ interets.semestre }}){% endif %}, jusqu'à complet paiement.",
        align=body,
    )
    supplied_rates(doc)
    tag(doc, "{%p endif %}")
    para(
        doc,
        "À défaut de paiement dans ce délai, {% if nous %}nous saisirons{% else %}je "
        "saisirai{% endif %} sans autre avis la juridiction "
        "compétente {% if suite_envisagee == 'injonction_de_payer' %}d'une requête en "
        "injonction de payer (articles 1405 et suivants du code de procédure civile){% else %}"
        "d'une demande en paiement{% endif %} afin d'obtenir un titre exécutoire, et les "
        "sommes dues seront alors recouvrées par voie d'exécution forcée.",
        align=body,
    )
    tag(doc, "{%p if proposer_conciliation %}")
    para(
        doc,
        "Conformément à l'article 750-1 du code de procédure civile, {% if nous %}nous vous "
        "proposons{% else %}je vous propose{% endif %}, "
        "avant toute saisine du tribunal judiciaire, de recourir à une tentative de "
        "conciliation menée par un conciliateur de justice ou à une médiation.",
        align=body,
    )
    tag(doc, "{%p endif %}")
    closing(doc)
    doc.save(path)


if __name__ == "__main__":
    build(target("mise_en_demeure"))
