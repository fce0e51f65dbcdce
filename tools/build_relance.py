"""Build the first version of templates_docx/relance.docx (lawyers then edit it)."""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from tools.build_mise_en_demeure import (
    closing,
    invoices_table,
    parties_block,
    penalty_periods,
    salutation,
)
from tools.docxbuild import new_document, page_footer, para, tag, target

BODY = WD_ALIGN_PARAGRAPH.JUSTIFY


def build(path: Path) -> None:
    doc = new_document("{{ document.titre }}", "{{ document.auteur }}", "{{ document.sujet }}")
    page_footer(doc, "Relance — {{ debiteur.designation }}")
    parties_block(doc)

    para(
        doc,
        "{{ mode_envoi_libelle }}{% if mode_envoi == 'courriel' %} ({{ debiteur.email }})"
        "{% endif %}",
        italic=True,
        after=6,
    )
    p = para(doc, after=0)
    p.add_run("Objet : ").bold = True
    p.add_run(
        "RELANCE — {% if creance.nombre_factures > 1 %}FACTURES IMPAYÉES{% else %}FACTURE "
        "IMPAYÉE{% endif %}"
    ).bold = True
    para(
        doc,
        "{% if creance.nombre_factures > 1 %}Factures n°{% else %}Facture n°{% endif %} "
        "{% for l in creance.lignes %}{{ l.numero }}{% if not loop.last %}, {% endif %}"
        "{% endfor %} — Reste dû : {{ creance.total|montant }}",
        after=14,
    )
    salutation(doc)
    para(
        doc,
        "{% if nous %}Nous avons réalisé{% else %}J'ai réalisé{% endif %} pour votre compte "
        "{{ prestation }}. Sauf erreur ou omission de {% if nous %}notre{% else %}ma{% endif %} "
        "part, {% if creance.nombre_factures > 1 %}les factures ci-dessous restent impayées à "
        "ce jour, bien que leur échéance soit passée{% else %}la facture ci-dessous reste "
        "impayée à ce jour, bien que son échéance soit passée{% endif %}"
        "{% if rappel_precedent %}, et {% if nous %}notre{% else %}mon{% endif %} précédent "
        "rappel du {{ rappel_precedent|date_longue }} est resté sans réponse{% endif %}.",
        align=BODY,
    )
    invoices_table(doc)

    tag(doc, "{%p if entre_professionnels %}")
    para(
        doc,
        "{% if nous %}Nous vous rappelons{% else %}Je vous rappelle{% endif %} que, "
        "conformément à l'article L. 441-10 du code de commerce, toute somme non payée à son "
        "échéance est de plein droit majorée, dès le lendemain de cette date et sans qu'un "
        "rappel soit nécessaire, de pénalités de retard calculées au "
        "{% if taux_penalites_contractuel %}taux contractuel de "
        "{{ taux_penalites_contractuel|pourcentage }} l'an{% else %}taux de refinancement de la "
        "Banque centrale européenne majoré de dix points{% endif %}, ainsi que d'une indemnité "
        "forfaitaire pour frais de recouvrement de 40 € par facture (article D. 441-5 du code "
        "de commerce){% if not penalites_reclamees %}, dont {% if nous %}nous nous réservons"
        "{% else %}je me réserve{% endif %} l'application{% endif %}.",
        align=BODY,
    )
    tag(doc, "{%p if penalites_reclamees %}")
    penalty_periods(doc)
    tag(doc, "{%p endif %}")
    para(doc, after=4)
    tag(doc, "{%p endif %}")

    para(
        doc,
        "{% if nous %}Nous vous remercions{% else %}Je vous remercie{% endif %} de bien vouloir "
        "{% if nous %}nous{% else %}me{% endif %} régler la somme de "
        "{{ creance.total|montant }} ({{ creance.total|montant_en_lettres }}) d'ici le "
        "{{ date_souhaitee|date_longue }}{% if penalites_reclamees %}, qui se décompose ainsi :"
        "{% else %}.{% endif %}",
        align=BODY,
        keep=True,
    )
    tag(doc, "{%p if penalites_reclamees %}")
    for line in (
        "principal restant dû : {{ creance.principal|montant }} ;",
        "pénalités de retard arrêtées au {{ creance.arretees_au|date_courte }}"
        "{% if creance.a_parfaire %}, à parfaire{% endif %} : {{ creance.penalites|montant }} ;",
        "indemnités forfaitaires pour frais de recouvrement (40 € × "
        "{{ creance.nombre_factures }}) : {{ creance.indemnites|montant }} ;",
    ):
        para(doc, line, indent=Cm(1), after=0, keep=True)
    para(doc, "total : {{ creance.total|montant }}.", indent=Cm(1), bold=True, after=8)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if moyens_paiement %}")
    para(doc, "Moyens de paiement : {{ moyens_paiement }}.", align=BODY)
    tag(doc, "{%p endif %}")
    para(
        doc,
        "Si votre règlement a été effectué entre-temps, {% if nous %}nous vous prions{% else %}"
        "je vous prie{% endif %} de ne pas tenir compte de ce rappel. Si vous contestez tout ou "
        "partie de ces sommes, ou si vous rencontrez une difficulté pour les régler, "
        "{% if nous %}nous vous invitons{% else %}je vous invite{% endif %} à "
        "{% if nous %}nous{% else %}me{% endif %} contacter"
        "{% if creancier.telephone or creancier.email %} ({% if creancier.telephone %}"
        "{{ creancier.telephone }}{% endif %}{% if creancier.telephone and creancier.email %}, "
        "{% endif %}{% if creancier.email %}{{ creancier.email }}{% endif %}){% endif %} afin de "
        "trouver ensemble une solution amiable.",
        align=BODY,
    )
    para(
        doc,
        "À défaut de règlement ou de réponse d'ici cette date, {% if nous %}nous vous "
        "adresserons{% else %}je vous adresserai{% endif %} une mise en demeure de payer"
        "{% if not entre_professionnels %}, qui fera courir sur les sommes dues les intérêts au "
        "taux de l'intérêt légal (articles 1231-6 et 1344-1 du code civil){% endif %}.",
        align=BODY,
    )
    closing(doc)
    doc.save(path)


if __name__ == "__main__":
    build(target("relance"))
