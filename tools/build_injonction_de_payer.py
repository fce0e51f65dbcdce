"""Build the first version of templates_docx/injonction_de_payer.docx (lawyers then edit it)."""

from __future__ import annotations

from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tools.docxbuild import (
    CENTER,
    ITEM,
    JUSTIFY,
    RETAINED,
    RIGHT,
    RIGHT_BLOCK,
    SUPPLIED_RATES,
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

TABLE_SIZE = 9
GREY = "E7E6E6"
B2B = "entre_professionnels"
TO_COMPLETE = "{% if creance.a_parfaire %}, à parfaire{% endif %}"

REGISTRATION = (
    "{% if P.rcs_ville %}immatriculé{{ E }} au registre du commerce et des sociétés sous le "
    "numéro {{ P.siren }} RCS {{ P.rcs_ville }}{% elif P.activite == 'artisanale' %}"
    "immatriculé{{ E }} au registre national des entreprises sous le numéro SIREN {{ P.siren }}"
    "{% else %}identifié{{ E }} sous le numéro SIREN {{ P.siren }}{% endif %}"
)
COMPANY = (
    "{{ P.denomination }}, {{ P.forme_juridique }}{% if P.capital %} au capital de "
    "{{ P.capital|montant }}{% endif %}, " + REGISTRATION + ", dont le siège social est situé "
    "{{ P.adresse.en_ligne }}"
)
PERSON = (
    "{{ P.civilite }} {{ P.prenom }} {{ P.nom }}{% if P.entrepreneur_individuel %}, "
    "entrepreneur individuel (EI){% if P.nom_commercial %} exerçant sous le nom commercial "
    "« {{ P.nom_commercial }} »{% endif %}{% endif %}{% if P.profession %}, "
    "{{ P.profession }}{% endif %}{% if P.date_naissance %}, né{{ E }} le "
    "{{ P.date_naissance|date_longue }}{% if P.lieu_naissance %} à {{ P.lieu_naissance }}"
    "{% endif %}{% endif %}{% if P.nationalite %}, de nationalité {{ P.nationalite }}{% endif %}"
    "{% if P.siren %}, " + REGISTRATION + "{% endif %}"
)


COMPANY_WORD = "{% if P.nature == 'personne_morale' %}la société {% endif %}"
CONTACT = (
    "{% if P.telephone %}Tél. {{ P.telephone }}{% endif %}{% if P.telephone and P.email %} — "
    "{% endif %}{% if P.email %}Courriel : {{ P.email }}{% endif %}"
)


def of(role, text):
    """A text written for party ``P`` (feminine ending ``E``), made for ``role``."""
    return text.replace("P.", f"{role}.").replace("{{ E }}", f"{{{{ accord.{role} }}}}")


def shade(cell, fill=GREY):
    """Give a table cell a background colour."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def grid(doc, widths, heads):
    """A table with fixed column widths (cm) and a repeated, shaded header row."""
    t = table(doc, 1, len(widths))
    t.autofit = False
    for column, width in zip(t.columns, widths, strict=True):
        column.width = Cm(width)
    for cell, text in zip(t.rows[0].cells, heads, strict=True):
        cell_text(cell, text, bold=True, align=CENTER, size=TABLE_SIZE)
        shade(cell)
    header = t.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))
    return t


ALIGN = {"L": None, "C": CENTER, "R": RIGHT}


def add_row(t, values, aligns, *, bold=False, merge_to=None, fill=None):
    """A row of texts aligned per ``aligns`` ("LCR…"); cells 0 to merge_to are merged."""
    cells = t.add_row().cells
    for cell, width in zip(cells, (col.width for col in t.columns), strict=True):
        cell.width = width
    if merge_to:
        cells = [cells[0].merge(cells[merge_to]), *cells[merge_to + 1 :]]
    for cell, text, align in zip(cells, values, aligns, strict=True):
        cell_text(cell, text, bold=bold, align=ALIGN[align], size=TABLE_SIZE)
        if fill:
            shade(cell, fill)
    return cells


def gap(doc, points=6):
    """An empty paragraph ``points`` high (its mark's font size), e.g. below a table."""
    p = para(doc, after=0)
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(points * 2))
    rpr.append(size)
    p._p.get_or_add_pPr().append(rpr)
    return p


def subheading(t, text):
    """A row spanning the whole table, in italics: the title of the lines below."""
    cells = t.add_row().cells
    merged = cells[0].merge(cells[-1])
    cell_text(merged, text, size=TABLE_SIZE).runs[0].italic = True


def tag_row(t, text):
    """A row holding only a docxtpl row tag (``{%tr for … %}``)."""
    cell_text(t.add_row().cells[0], text, size=TABLE_SIZE)


def title(doc):
    para(doc, "REQUÊTE EN INJONCTION DE PAYER", bold=True, align=CENTER, size=15, after=2)
    para(
        doc,
        "(articles 1405 et suivants du code de procédure civile)",
        italic=True,
        align=CENTER,
        after=14,
    )
    para(doc, "À {{ tribunal.destinataire }}", bold=True, align=CENTER, size=12, after=6)
    para(
        doc,
        "Requête établie selon les mentions du formulaire Cerfa n° {{ tribunal.cerfa }}",
        italic=True,
        align=CENTER,
        size=10,
        after=16,
    )


def party(doc, role, label, alias):
    """The POUR / CONTRE block of one party (art. 54 and 57 CPC)."""
    rich(doc, (label, "bu"), after=4, keep=True)
    tag(doc, of(role, "{%p if P.nature == 'personne_morale' %}"))
    ending = (
        ", représentée par {{ P.representant }}{% if P.representant_qualite %}, en sa qualité de "
        "{{ P.representant_qualite }}{% endif %}"
        if role == "creancier"
        else ", prise en la personne de son représentant légal, {{ P.representant }}"
        "{% if P.representant_qualite %}, {{ P.representant_qualite }}{% endif %}"
    )
    para(doc, of(role, COMPANY + ending + ","), align=JUSTIFY, indent=ITEM, after=2)
    tag(doc, "{%p else %}")
    home = "domicilié{{ E }}" if role == "creancier" else "demeurant"
    person = PERSON + f", {home} {{{{ P.adresse.en_ligne }}}},"
    para(doc, of(role, person), align=JUSTIFY, indent=ITEM)
    tag(doc, "{%p endif %}")
    contact(doc, role)
    rich(doc, "ci-après « ", (alias, "b"), " »", align=None, indent=ITEM, after=8)


def contact(doc, role):
    tag(doc, of(role, "{%p if P.telephone or P.email %}"))
    para(doc, of(role, CONTACT), indent=ITEM, after=2)
    tag(doc, "{%p endif %}")


def agent(doc):
    """The lawyer, or the agent holding a special power, who files the request."""
    tag(doc, "{%p if mandataire %}")
    tag(doc, "{%p if mandataire.qualite == 'avocat' %}")
    rich(doc, ("Ayant pour avocat :", "b"), " ", after=2, indent=ITEM, keep=True)
    lawyer = (
        "{{ signataire.nom }}, {{ signataire.qualite }}{% if P.cabinet %}, {{ P.cabinet }}"
        "{% endif %}, {{ P.adresse.en_ligne }}, chez qui domicile est élu,"
    )
    para(doc, of("mandataire", lawyer), align=JUSTIFY, indent=ITEM, after=2)
    tag(doc, "{%p else %}")
    rich(doc, ("Représenté{{ accord.creancier }} par :", "b"), after=2, indent=ITEM, keep=True)
    holder = (
        "{{ P.civilite }} {{ P.prenom }} {{ P.nom }}, {{ P.fonction }}{% if P.cabinet %}, "
        "{{ P.cabinet }}{% endif %}, {{ P.adresse.en_ligne }}, chez qui domicile est élu, "
        "muni{{ 'e' if P.civilite == 'Mme' else '' }} d'un pouvoir spécial du "
        "{{ P.date_pouvoir|date_longue }} joint à la présente requête (pièce n° "
        "{{ piece.pouvoir }}),"
    )
    para(doc, of("mandataire", holder), align=JUSTIFY, indent=ITEM, after=2)
    tag(doc, "{%p endif %}")
    contact(doc, "mandataire")
    gap(doc)
    tag(doc, "{%p endif %}")


def plaise(doc):
    para(
        doc,
        "PLAISE À MONSIEUR OU MADAME LE {% if tribunal.type == 'jcp' %}JUGE DES CONTENTIEUX DE "
        "LA PROTECTION{% else %}PRÉSIDENT{% endif %}",
        bold=True,
        align=CENTER,
        before=10,
        after=10,
    )
    para(doc, "Le créancier a l'honneur de vous exposer ce qui suit :", align=JUSTIFY)


def facts_opening(doc):
    """What the claim arises from, in the words of its matter."""
    tag(doc, "{%p if matiere == 'bail_habitation' %}")
    para(
        doc,
        "En vertu {{ fondement_texte_de }} (pièce n° {{ piece.fondement }}), le créancier a "
        "donné en location au débiteur un logement à usage d'habitation, moyennant un loyer et "
        "des charges payables aux échéances convenues. Les {{ libelle.pluriel }} suivants sont "
        "restés impayés en tout ou partie :",
        align=JUSTIFY,
        keep=True,
    )
    tag(doc, "{%p elif matiere == 'credit_consommation' %}")
    para(
        doc,
        "En vertu {{ fondement_texte_de }} (pièce n° {{ piece.fondement }}), le débiteur s'est "
        "engagé à rembourser le crédit consenti par le créancier selon l'échéancier convenu. "
        "Les {{ libelle.pluriel }} suivantes sont restées impayées en tout ou partie :",
        align=JUSTIFY,
        keep=True,
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "En exécution {{ fondement_texte_de }} (pièce n° {{ piece.fondement }})"
        "{% if piece.cgv %}, aux conditions générales de vente du créancier dans leur version du "
        "{{ fondement.date_conditions_generales|date_longue }} (pièce n° {{ piece.cgv }})"
        "{% endif %}, le créancier a réalisé pour le compte du débiteur {{ prestation }}. Il a "
        "émis à ce titre les factures suivantes, restées impayées en tout ou partie :",
        align=JUSTIFY,
        keep=True,
    )
    tag(doc, "{%p endif %}")


def invoices_table(doc):
    """Number, date, due date, amount, paid, remaining and exhibit of each unpaid item."""
    heads = [
        "{{ libelle.singulier|capitalize }} n°",
        "Date",
        "Échéance",
        "{% if matiere == 'vente_ou_prestation' %}Montant TTC{% else %}Montant{% endif %}",
        "Déjà réglé",
        "Reste dû",
        "Pièce",
    ]
    t = grid(doc, [2.9, 2.1, 2.1, 2.5, 2.3, 2.5, 1.4], heads)
    tag_row(t, "{%tr for l in creance.lignes %}")
    values = [
        "{{ l.numero }}",
        "{{ l.date|date_courte }}",
        "{{ l.echeance|date_courte }}",
        "{{ l.montant_ttc|montant }}",
        "{{ l.montant_regle|montant }}",
        "{{ l.principal|montant }}",
        "n° {{ l.piece }}",
    ]
    add_row(t, values, "LCCRRRC")
    tag_row(t, "{%tr endfor %}")
    total = ["Total du principal restant dû", "{{ creance.principal|montant }}", ""]
    add_row(t, total, "LRC", bold=True, merge_to=4)
    gap(doc)


def reminders(doc):
    tag(doc, "{%p if relances_libelles %}")
    para(
        doc,
        "Le créancier a relancé le débiteur à l'amiable {% for r in relances_libelles %}"
        "{{ r.moyen }} le {{ r.date|date_longue }}{% if r.piece %} (pièce n° {{ r.piece }})"
        "{% endif %}{% if loop.revindex == 2 %} et {% elif not loop.last %}, {% endif %}"
        "{% endfor %}, sans obtenir de règlement.",
        align=JUSTIFY,
    )
    tag(doc, "{%p endif %}")
    notice = (
        "{% if N.mode == 'commissaire_de_justice' %}Par acte de commissaire de justice signifié "
        "le {{ (N.date_reception or N.date)|date_longue }}{% else %}Par "
        "{{ mise_en_demeure_mode }} du {{ N.date|date_longue }}{% if N.date_reception %}, "
        "{% if N.non_reclame %}présentée le {{ N.date_reception|date_longue }} et non réclamée"
        "{% else %}reçue le {{ N.date_reception|date_longue }}{% endif %}{% endif %}{% endif %} "
        "(pièce"
        "{% if piece.accuse_reception %}s n° {{ piece.mise_en_demeure }} et "
        "{{ piece.accuse_reception }}{% else %} n° {{ piece.mise_en_demeure }}{% endif %}), le "
        "débiteur a été mis en demeure de payer ces sommes. Cette mise en demeure est restée "
        "sans effet."
    )
    para(doc, notice.replace("N.", "mise_en_demeure."), align=JUSTIFY)


def facts_section(doc):
    heading(doc, "I. Les faits")
    facts_opening(doc)
    invoices_table(doc)
    reminders(doc)


def claim_basis(doc):
    """Art. 1405 CPC: contractual cause, determined amount, exigible, not time-barred."""
    para(
        doc,
        "La créance a une cause contractuelle : elle résulte {{ fondement_texte_de }} et des "
        "{{ libelle.pluriel }} dont le détail figure ci-dessus. Elle s'élève à "
        "un montant déterminé, conformément à l'article 1405 du code de procédure civile. Elle "
        "est exigible, le terme de paiement de chaque {{ libelle.singulier }} étant expiré. Elle "
        "n'est pas {% if prescription.nature == 'forclusion' %}forclose : le délai de forclusion"
        "{% else %}prescrite : le délai de prescription{% endif %} de {{ prescription.duree }} "
        "({{ prescription.article }}) n'est pas expiré, la plus ancienne échéance étant du "
        "{{ creance.premiere_echeance|date_longue }}.",
        align=JUSTIFY,
    )
    para(
        doc,
        "Arrêtée au {{ creance.arretes_au|date_longue }}{% if creance.a_parfaire %} pour ses "
        "accessoires, à parfaire{% else %}, date de la présente requête{% endif %}, elle se "
        "décompose comme suit :",
        align=JUSTIFY,
        keep=True,
    )


def penalty_rows(t):
    tag_row(t, "{%tr if " + B2B + " %}")
    subheading(t, "Pénalités de retard (article L. 441-10 du code de commerce)")
    tag_row(t, "{%tr for l in creance.lignes %}")
    tag_row(t, "{%tr for p in l.penalites %}")
    add_row(
        t,
        [
            "{{ libelle.singulier|capitalize }} n° {{ l.numero }}",
            "{{ p.principal|montant }}",
            "{{ p.debut|date_courte }}",
            "{{ p.fin|date_courte }}",
            "{{ p.jours }}",
            "{{ p.taux|pourcentage }}",
            "{{ p.montant|montant }}",
        ],
        "LRCCCRR",
    )
    tag_row(t, "{%tr endfor %}")
    tag_row(t, "{%tr endfor %}")
    add_row(
        t,
        [
            "Total des pénalités de retard",
            "{{ creance.penalites|montant }}",
        ],
        "LR",
        bold=True,
        merge_to=5,
    )
    indemnity_row(t)


def indemnity_row(t):
    add_row(
        t,
        [
            "Indemnités forfaitaires pour frais de recouvrement : 40 € × {{ creance.nombre }} "
            "{% if creance.nombre > 1 %}"
            "{{ libelle.pluriel }}{% else %}{{ libelle.singulier }}{% endif %}",
            "{{ creance.indemnites|montant }}",
        ],
        "LR",
        bold=True,
        merge_to=5,
    )


def interest_rows(t):
    tag_row(t, "{%tr else %}")
    tag_row(t, "{%tr for p in creance.interets.periodes %}")
    add_row(
        t,
        [
            "Intérêts au taux légal",
            "{{ p.principal|montant }}",
            "{{ p.debut|date_courte }}",
            "{{ p.fin|date_courte }}",
            "{{ p.jours }}",
            "{{ p.taux|pourcentage }}",
            "{{ p.montant|montant }}",
        ],
        "LRCCCRR",
    )
    tag_row(t, "{%tr endfor %}")
    add_row(
        t,
        [
            "Total des intérêts au taux légal (articles 1231-6 et 1344-1 du code civil)",
            "{{ creance.interets.total|montant }}",
        ],
        "LR",
        bold=True,
        merge_to=5,
    )
    tag_row(t, "{%tr endif %}")


def breakdown_table(doc):
    """Principal, then penalties and 40 € indemnities or legal interest, then the total."""
    heads = ["Désignation", "Base", "Du", "Au", "Jours", "Taux", "Montant"]
    t = grid(doc, [5.0, 2.3, 1.9, 1.9, 1.2, 1.5, 2.3], heads)
    add_row(
        t,
        ["Principal restant dû (tableau ci-dessus)", "{{ creance.principal|montant }}"],
        "LR",
        bold=True,
        merge_to=5,
    )
    penalty_rows(t)
    interest_rows(t)
    add_row(
        t,
        ["TOTAL DE LA CRÉANCE", "{{ creance.total|montant }}"],
        "LR",
        bold=True,
        merge_to=5,
        fill=GREY,
    )
    gap(doc)


def supplied_rates(doc):
    """Under the breakdown, the rates the creditor gave in the case facts, with their source."""
    tag(doc, "{%p if taux_fournis_utilises %}")
    para(doc, f"{RETAINED} sur indication du créancier : {SUPPLIED_RATES}.", align=JUSTIFY)
    tag(doc, "{%p endif %}")


def accessories_basis(doc):
    tag(doc, "{%p if " + B2B + " %}")
    para(
        doc,
        "Le créancier et le débiteur agissant tous deux à titre professionnel, les sommes "
        "impayées à leur échéance sont de plein droit majorées, dès le lendemain de la date "
        "d'échéance de chaque facture et sans qu'un rappel soit nécessaire, de pénalités de "
        "retard calculées au {% if taux_penalites_contractuel %}taux contractuel de "
        "{{ taux_penalites_contractuel|pourcentage }} l'an{% else %}taux appliqué par la Banque "
        "centrale européenne à son opération de refinancement la plus récente, majoré de dix "
        "points, le taux en vigueur au 1er janvier s'appliquant au premier semestre et celui en "
        "vigueur au 1er juillet au second{% endif %} (article L. 441-10 du code de commerce), et "
        "d'une indemnité forfaitaire pour frais de recouvrement de 40 € par facture (articles "
        "L. 441-10 et D. 441-5 du code de commerce).",
        align=JUSTIFY,
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "Conformément aux articles 1231-6 et 1344-1 du code civil, la mise en demeure "
        "{% if mise_en_demeure.date_reception %}{% if mise_en_demeure.non_reclame %}présentée"
        "{% else %}reçue{% endif %} le {{ mise_en_demeure.date_reception|date_longue }}"
        "{% else %}du {{ mise_en_demeure.date|date_longue }}{% endif %} a fait "
        "courir sur la somme due en principal, à compter du "
        "{{ creance.interets.depart|date_longue }}, les intérêts au taux de l'intérêt légal "
        "{{ creance.interets.libelle }}.",
        align=JUSTIFY,
    )
    tag(doc, "{%p endif %}")


def claim_section(doc):
    heading(doc, "II. La créance")
    claim_basis(doc)
    breakdown_table(doc)
    supplied_rates(doc)
    accessories_basis(doc)
    heading(doc, "III. La compétence")
    para(doc, "{{ tribunal.motif }}", align=JUSTIFY)


def request(doc):
    para(doc, "À CES CAUSES", bold=True, align=CENTER, before=14, after=8, keep=True)
    para(
        doc,
        "Vu les articles 1405 et suivants du code de procédure civile et les pièces jointes,",
        align=JUSTIFY,
        keep=True,
    )
    para(
        doc,
        "Le créancier demande à {{ tribunal.destinataire }} de bien vouloir rendre une "
        "ordonnance enjoignant à " + of("debiteur", COMPANY_WORD) + "{{ debiteur.designation }} "
        "de payer à "
        + of("creancier", COMPANY_WORD)
        + "{{ creancier.designation }} la somme de {{ creance.total|montant }} "
        "({{ creance.total|montant_en_lettres }}), se décomposant ainsi :",
        align=JUSTIFY,
        keep=True,
    )
    request_items(doc)


def request_items(doc):
    """The sums the order should enjoin, then the running accessories and the costs."""
    item(doc, "{{ creance.principal|montant }} en principal ;")
    tag(doc, "{%p if " + B2B + " %}")
    item(
        doc,
        "{{ creance.penalites|montant }} au titre des pénalités de retard arrêtées au "
        "{{ creance.arretes_au|date_longue }}" + TO_COMPLETE + " ;",
    )
    item(
        doc,
        "{{ creance.indemnites|montant }} au titre des indemnités forfaitaires pour frais de "
        "recouvrement ;",
    )
    tag(doc, "{%p else %}")
    item(
        doc,
        "{{ creance.interets.total|montant }} au titre des intérêts au taux légal arrêtés au "
        "{{ creance.arretes_au|date_longue }}" + TO_COMPLETE + " ;",
    )
    tag(doc, "{%p endif %}")
    para(
        doc,
        "avec, sur la somme de {{ creance.principal|montant }}, {% if " + B2B + " %}les "
        "pénalités de retard au {% if taux_penalites_contractuel %}taux contractuel de "
        "{{ taux_penalites_contractuel|pourcentage }} l'an{% else %}taux prévu par l'article "
        "L. 441-10 du code de commerce{% endif %}{% else %}les intérêts au taux légal{% endif %} "
        "à compter du {{ creance.lendemain|date_longue }} jusqu'à complet paiement, et de mettre "
        "les dépens à la charge du débiteur.",
        align=JUSTIFY,
        before=4,
        keep=True,
    )


def signature(doc):
    para(doc, "SOUS TOUTES RÉSERVES", bold=True, before=10, after=10, keep=True)
    para(doc, "Fait à {{ lieu }}, le {{ date_requete|date_longue }}", indent=RIGHT_BLOCK, keep=True)
    tag(doc, "{%p if mandataire %}")
    para(doc, "Pour {{ creancier.designation }},", indent=RIGHT_BLOCK, after=0, keep=True)
    tag(doc, "{%p endif %}")
    para(doc, "{{ signataire.nom }}", bold=True, indent=RIGHT_BLOCK, after=0, keep=True)
    tag(doc, "{%p if signataire.qualite %}")
    para(doc, "{{ signataire.qualite }}", indent=RIGHT_BLOCK, after=0, keep=True)
    tag(doc, "{%p endif %}")
    para(doc, "Signature", italic=True, indent=RIGHT_BLOCK, after=36, keep=True)
    para(
        doc,
        "Pièces jointes : {{ pieces|length }} pièces, selon le bordereau ci-après.",
        italic=True,
        size=10,
    )


def bordereau(doc):
    """On a new page, the numbered list of exhibits (art. 1407 CPC)."""
    title = para(doc, "BORDEREAU DES PIÈCES", bold=True, align=CENTER, size=13, after=4)
    title.paragraph_format.page_break_before = True
    para(
        doc,
        "communiquées à l'appui de la requête en injonction de payer présentée par "
        "{{ creancier.designation }} contre {{ debiteur.designation }} devant le "
        "{{ tribunal.juge }}",
        italic=True,
        align=CENTER,
        after=12,
    )
    t = grid(doc, [2.0, 14.0], ["Pièce n°", "Désignation"])
    tag_row(t, "{%tr for piece_jointe in pieces %}")
    add_row(t, ["{{ piece_jointe.numero }}", "{{ piece_jointe.libelle }}"], "CL")
    tag_row(t, "{%tr endfor %}")


def build(path: Path) -> None:
    doc = new_document("{{ document.titre }}", "{{ document.auteur }}", "{{ document.sujet }}")
    page_footer(
        doc,
        "Requête en injonction de payer — {{ creancier.nom_complet }} c/ "
        "{{ debiteur.nom_complet }}",
    )
    for level in (1, 2):
        doc.styles[f"Heading {level}"].paragraph_format.space_before = Pt(10)
    title(doc)
    party(doc, "creancier", "POUR :", "le créancier")
    agent(doc)
    party(doc, "debiteur", "CONTRE :", "le débiteur")
    plaise(doc)
    facts_section(doc)
    claim_section(doc)
    request(doc)
    signature(doc)
    bordereau(doc)
    doc.save(path)


if __name__ == "__main__":
    build(target("injonction_de_payer"))
