"""Build the first version of templates_docx/cgv.docx (lawyers then edit it)."""

from __future__ import annotations

from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tools.docxbuild import (
    CENTER,
    ITEM,
    JUSTIFY,
    RIGHT,
    SUPPLIED_RATES,
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
from tools.docxbuild import cell_text as cell

CONSO = "du code de la consommation"
SELLER_CONTACT = "{{ vendeur_texte.adresse }} ou par courriel à l'adresse {{ vendeur.email }}"

# Encadré of art. D.211-2 C. conso. (décret n° 2022-946), reproduced word for word.
ENCADRE = [
    "Le consommateur dispose d'un délai de deux ans à compter de la délivrance du bien pour "
    "obtenir la mise en œuvre de la garantie légale de conformité en cas d'apparition d'un défaut "
    "de conformité. Durant ce délai, le consommateur n'est tenu d'établir que l'existence du "
    "défaut de conformité et non la date d'apparition de celui-ci.",
    "Lorsque le contrat de vente du bien prévoit la fourniture d'un contenu numérique ou d'un "
    "service numérique de manière continue pendant une durée supérieure à deux ans, la garantie "
    "légale est applicable à ce contenu numérique ou ce service numérique tout au long de la "
    "période de fourniture prévue. Durant ce délai, le consommateur n'est tenu d'établir que "
    "l'existence du défaut de conformité affectant le contenu numérique ou le service numérique "
    "et non la date d'apparition de celui-ci.",
    "La garantie légale de conformité emporte obligation pour le professionnel, le cas échéant, "
    "de fournir toutes les mises à jour nécessaires au maintien de la conformité du bien.",
    "La garantie légale de conformité donne au consommateur droit à la réparation ou au "
    "remplacement du bien dans un délai de trente jours suivant sa demande, sans frais et sans "
    "inconvénient majeur pour lui.",
    "Si le bien est réparé dans le cadre de la garantie légale de conformité, le consommateur "
    "bénéficie d'une extension de six mois de la garantie initiale.",
    "Si le consommateur demande la réparation du bien, mais que le vendeur impose le "
    "remplacement, la garantie légale de conformité est renouvelée pour une période de deux ans "
    "à compter de la date de remplacement du bien.",
    "Le consommateur peut obtenir une réduction du prix d'achat en conservant le bien ou mettre "
    "fin au contrat en se faisant rembourser intégralement contre restitution du bien, si :",
    "1° Le professionnel refuse de réparer ou de remplacer le bien ;",
    "2° La réparation ou le remplacement du bien intervient après un délai de trente jours ;",
    "3° La réparation ou le remplacement du bien occasionne un inconvénient majeur pour le "
    "consommateur, notamment lorsque le consommateur supporte définitivement les frais de "
    "reprise ou d'enlèvement du bien non conforme, ou s'il supporte les frais d'installation du "
    "bien réparé ou de remplacement ;",
    "4° La non-conformité du bien persiste en dépit de la tentative de mise en conformité du "
    "vendeur restée infructueuse.",
    "Le consommateur a également droit à une réduction du prix du bien ou à la résolution du "
    "contrat lorsque le défaut de conformité est si grave qu'il justifie que la réduction du prix "
    "ou la résolution du contrat soit immédiate. Le consommateur n'est alors pas tenu de demander "
    "la réparation ou le remplacement du bien au préalable.",
    "Le consommateur n'a pas droit à la résolution de la vente si le défaut de conformité est "
    "mineur.",
    "Toute période d'immobilisation du bien en vue de sa réparation ou de son remplacement "
    "suspend la garantie qui restait à courir jusqu'à la délivrance du bien remis en état.",
    "Les droits mentionnés ci-dessus résultent de l'application des articles L. 217-1 à "
    "L. 217-32 du code de la consommation.",
    "Le vendeur qui fait obstacle de mauvaise foi à la mise en œuvre de la garantie légale de "
    "conformité encourt une amende civile d'un montant maximal de 300 000 euros, qui peut être "
    "porté jusqu'à 10 % du chiffre d'affaires moyen annuel (article L. 241-5 du code de la "
    "consommation).",
    "Le consommateur bénéficie également de la garantie légale des vices cachés en application "
    "des articles 1641 à 1649 du code civil, pendant une durée de deux ans à compter de la "
    "découverte du défaut. Cette garantie donne droit à une réduction de prix si le bien est "
    "conservé ou à un remboursement intégral contre restitution du bien.",
]

DOTS = " " + "." * 60


def body(doc, text, **kw):
    """A justified paragraph."""
    return para(doc, text, align=JUSTIFY, **kw)


def when(doc, condition, *texts):
    """Justified paragraphs kept only when ``condition`` holds."""
    tag(doc, f"{{%p if {condition} %}}")
    for text in texts:
        body(doc, text)
    tag(doc, "{%p endif %}")


def article(doc, key, title):
    heading(doc, f"Article {{{{ num.{key} }}}} – {title}")


def header(doc):
    para(doc, "CONDITIONS GÉNÉRALES DE VENTE", bold=True, align=CENTER, size=16, after=4)
    para(
        doc,
        "{{ vendeur.nom_commercial if vendeur.nom_commercial else vendeur_texte.nom }}",
        bold=True,
        align=CENTER,
        size=12,
        after=2,
    )
    para(doc, "Version du {{ date_version|date_longue }}", italic=True, align=CENTER, after=16)
    seller(doc)


def seller(doc):
    para(doc, "Les présentes conditions générales de vente sont établies par :", after=4)
    line = {"indent": ITEM, "after": 0}
    tag(doc, "{%p if vendeur.nature == 'personne_morale' %}")
    rich(
        doc,
        ("{{ vendeur.denomination }}", "b"),
        ", {{ vendeur.forme_juridique }}{% if vendeur_texte.capital %} au capital de "
        "{{ vendeur_texte.capital|montant }}{% endif %}{% if vendeur.nom_commercial %}, nom "
        "commercial « {{ vendeur.nom_commercial }} »{% endif %}",
        **line,
    )
    tag(doc, "{%p else %}")
    rich(
        doc,
        ("{{ vendeur_texte.nom }}", "b"),
        " (entrepreneur individuel){% if vendeur.nom_commercial %}, exerçant sous le nom "
        "commercial « {{ vendeur.nom_commercial }} »{% endif %}",
        **line,
    )
    tag(doc, "{%p endif %}")
    para(doc, "{{ vendeur_texte.libelle_adresse }} : {{ vendeur_texte.adresse }}", **line)
    tag(doc, "{%p if vendeur.immatriculation %}")
    para(doc, "{{ vendeur.immatriculation }}", **line)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if vendeur_texte.mention_tva %}")
    para(doc, "{{ vendeur_texte.mention_tva }}", **line)
    tag(doc, "{%p endif %}")
    para(doc, "Téléphone : {{ vendeur.telephone }} — Courriel : {{ vendeur.email }}", **line)
    tag(doc, "{%p if site_internet %}")
    para(doc, "Site internet : {{ site_internet }}", **line)
    tag(doc, "{%p endif %}")
    rich(doc, "ci-après le « ", ("Vendeur", "b"), " ».", before=4)


def objet(doc):
    article(doc, "objet", "Objet et champ d'application")
    body(
        doc,
        "Les présentes conditions générales de vente (ci-après les « CGV ») s'appliquent aux "
        "contrats conclus entre le Vendeur et {{ clientele_texte }} ayant pour objet "
        "{{ description_offre }}.",
    )
    definitions(doc)
    body(
        doc,
        "Les CGV applicables sont celles en vigueur à la date de la commande. Elles sont portées "
        "à la connaissance du Client{% if site_internet %}, notamment sur le site "
        "{{ site_internet }},{% endif %} avant toute commande ; le Client déclare en avoir pris "
        "connaissance et les accepter avant de passer commande.",
    )
    when(
        doc,
        "professionnels",
        "Les CGV sont communiquées à tout acheteur professionnel qui en fait la demande, sur un "
        "support durable (article L. 441-1 du code de commerce).",
    )


def definitions(doc):
    consumer = (
        "Est un « consommateur » toute personne physique qui agit à des fins qui n'entrent pas "
        "dans le cadre de son activité commerciale, industrielle, artisanale, libérale ou "
        "agricole (article liminaire du code de la consommation)."
    )
    when(
        doc,
        "consommateurs and not mixte",
        consumer + " Le consommateur est ci-après le « Client ».",
    )
    when(
        doc,
        "mixte",
        consumer,
        "Est un « client professionnel » toute personne physique ou morale qui agit à des fins "
        "qui entrent dans le cadre de son activité professionnelle. Le terme « Client » désigne "
        "indistinctement le consommateur et le client professionnel ; les stipulations propres à "
        "l'une de ces catégories le précisent.",
    )
    when(
        doc,
        "not consommateurs",
        "Les CGV s'appliquent exclusivement aux clients professionnels, personnes physiques ou "
        "morales agissant à des fins qui entrent dans le cadre de leur activité professionnelle "
        "(ci-après le « Client »).",
    )


def commande(doc):
    article(doc, "commande", "Commande")
    tag(doc, "{%p if commande %}")
    body(doc, "{{ commande }}")
    tag(doc, "{%p elif conclusion_en_ligne %}")
    body(
        doc,
        "Le Client passe commande sur le site {{ site_internet }}. Avant de valider sa commande, "
        "il vérifie le récapitulatif de son contenu, de son prix total et des frais, et peut "
        "corriger d'éventuelles erreurs. Il valide sa commande au moyen du bouton « commande "
        f"avec obligation de paiement » (article L. 221-14 {CONSO}). Le Vendeur accuse "
        "réception de la commande par courriel, sans délai.",
    )
    tag(doc, "{%p else %}")
    body(
        doc,
        "Toute commande fait l'objet d'un devis ou d'un bon de commande écrit, précisant "
        "{% if not services %}les biens commandés{% elif not biens %}les prestations "
        "commandées{% else %}les biens et prestations commandés{% endif %}, leur prix et le "
        "délai de {% if not services %}livraison{% elif not biens %}réalisation{% else %}"
        "livraison ou de réalisation{% endif %}. Le "
        "contrat est conclu par l'acceptation de ce document par le Client, datée et signée.",
    )
    tag(doc, "{%p endif %}")
    when(
        doc,
        "consommateurs",
        "Le Vendeur ne peut refuser à un consommateur la vente d'un produit ou la prestation "
        f"d'un service que pour un motif légitime (article L. 121-11 {CONSO}).",
    )
    when(
        doc,
        "consommateurs and not retractation",
        "Les contrats étant conclus dans l'établissement du Vendeur, en présence physique "
        "simultanée des parties, le consommateur ne bénéficie pas du droit de rétractation, "
        "réservé aux contrats conclus à distance ou hors établissement (article L. 221-18 "
        f"{CONSO}).",
    )


def prix(doc):
    article(doc, "prix", "Prix")
    when(
        doc,
        "consommateurs",
        "Les prix sont exprimés en euros, toutes taxes comprises (TTC){% if vendeur.tva_franchise "
        "%}. TVA non applicable, art. 293 B du CGI : le Vendeur, placé sous le régime de la "
        "franchise en base de TVA, ne facture pas de TVA{% else %}, TVA incluse au taux en "
        "vigueur{% endif %}.",
    )
    when(
        doc,
        "professionnels",
        "{% if vendeur.tva_franchise %}{% if not consommateurs %}Les prix sont exprimés en "
        "euros. TVA non applicable, art. 293 B du CGI.{% endif %}{% else %}{% if mixte %}Pour "
        "les clients professionnels, les prix sont également indiqués en euros hors taxes (HT)"
        "{% else %}Les prix sont exprimés en euros hors taxes (HT){% endif %} ; la TVA au taux "
        "en vigueur à la date de facturation s'y ajoute.{% endif %}",
    )
    body(
        doc,
        "Le prix dû est celui indiqué {% if conclusion_en_ligne %}sur le site au moment de la "
        "commande{% else %}sur le devis ou le bon de commande accepté{% endif %}. "
        "{% if frais_texte %}S'y ajoutent les frais suivants : {{ frais_texte }}.{% else %}Aucun "
        "frais de livraison, de déplacement ou autre ne s'ajoute au prix indiqué.{% endif %}"
        "{% if consommateurs %} Le prix total, frais compris, est indiqué au consommateur avant "
        "qu'il ne s'engage.{% endif %}",
    )


def paiement(doc):
    article(doc, "paiement", "Paiement")
    when(
        doc,
        "consommateurs",
        "{% if mixte %}Le consommateur{% else %}Le Client{% endif %} paie le prix "
        "{{ paiement_texte }}.{% if hors_etablissement %} Toutefois, pour les contrats conclus "
        "hors établissement, le Vendeur ne peut recevoir aucun paiement ni aucune contrepartie "
        "de la part du consommateur avant l'expiration d'un délai de sept jours à compter de la "
        f"conclusion du contrat (article L. 221-10 {CONSO}).{{% endif %}}",
    )
    when(
        doc,
        "professionnels",
        "{% if mixte %}Les clients professionnels paient{% else %}Le Client paie{% endif %} "
        "dans les délais et conditions prévus à l'article {{ num.professionnels }}.",
    )
    body(doc, "Moyens de paiement acceptés : {{ moyens_paiement_texte }}.")


def professionnels(doc):
    article(
        doc,
        "professionnels",
        "{% if mixte %}Dispositions propres aux clients professionnels{% else %}Tarifs, délais "
        "de paiement et pénalités de retard{% endif %}",
    )
    r = "reglement_professionnels"
    when(
        doc,
        "mixte",
        "Le présent article s'applique exclusivement aux clients professionnels. Il ne "
        "s'applique pas aux consommateurs, auxquels ne peuvent être réclamées ni les pénalités "
        "de retard ni l'indemnité forfaitaire pour frais de recouvrement prévues ci-dessous.",
    )
    tarifs(doc)
    delais(doc, r)
    penalites(doc, r)


def tarifs(doc):
    body(
        doc,
        "Conformément à l'article L. 441-1 du code de commerce, les conditions de vente aux "
        "professionnels comprennent le barème des prix unitaires et les réductions de prix :",
        keep=True,
    )
    item(doc, "barème des prix unitaires : {{ conditions_professionnels.bareme_prix }} ;")
    item(
        doc,
        "réductions de prix : {% if reductions_texte %}{{ reductions_texte }}{% else %}les "
        "remises, rabais et ristournes éventuellement consentis figurent sur le devis et sur la "
        "facture{% endif %}.",
        after=6,
    )


def delais(doc, r):
    when(
        doc,
        f"{r}.delai_texte",
        f"Les factures sont payables {{{{ {r}.delai_texte }}}}. Ce délai respecte l'article "
        "L. 441-10 du code de commerce, qui le limite à soixante jours à compter de la date "
        "d'émission de la facture ou, par dérogation expressément stipulée, à quarante-cinq "
        "jours fin de mois.",
    )
    when(
        doc,
        f"not {r}.delai_texte",
        "À défaut de délai convenu, les sommes dues sont payables au plus tard le trentième "
        "jour suivant la date de réception des marchandises ou d'exécution de la prestation "
        "demandée (article L. 441-10 du code de commerce).",
    )


def penalites(doc, r):
    body(
        doc,
        "Tout retard de paiement rend exigibles de plein droit, dès le jour suivant la date "
        "d'échéance figurant sur la facture et sans qu'un rappel soit nécessaire, des pénalités "
        f"de retard calculées sur les sommes restant dues {{% if {r}.taux_stipule %}}au taux "
        f"annuel de {{{{ {r}.taux_stipule }}}}. Ce taux ne peut en aucun cas être inférieur à "
        "trois fois le taux de l'intérêt légal en vigueur ; s'il lui devenait inférieur, ce "
        "minimum s'appliquerait (article L. 441-10 du code de commerce).{% else %}au taux "
        "appliqué par la Banque centrale européenne à son opération de refinancement la plus "
        "récente, majoré de dix points de pourcentage, le taux applicable pendant le premier "
        "semestre de l'année étant celui en vigueur au 1er janvier et, pendant le second "
        "semestre, celui en vigueur au 1er juillet (article L. 441-10 du code de commerce)"
        f"{{% if {r}.taux_indicatif %}}, soit, à titre indicatif, "
        f"{{{{ {r}.taux_indicatif.taux }}}} l'an pour le "
        f"{{{{ {r}.taux_indicatif.semestre }}}}{{% endif %}}.{{% endif %}}",
    )
    when(  # a rate the case facts gave, with its source, under the figure it gives
        doc,
        f"taux_fournis_utilises and {r}.taux_indicatif and not {r}.taux_stipule",
        f"Base de ce taux indicatif : {SUPPLIED_RATES}.",
    )
    body(
        doc,
        "Tout professionnel en situation de retard de paiement est en outre de plein droit "
        "débiteur d'une indemnité forfaitaire pour frais de recouvrement de 40 € par facture "
        "(articles L. 441-10 et D. 441-5 du code de commerce). Lorsque les frais de "
        "recouvrement exposés sont supérieurs à ce montant, le Vendeur peut demander une "
        "indemnisation complémentaire, sur justification.",
    )
    body(doc, f"{{{{ {r}.escompte_texte }}}}")


def livraison(doc):
    article(doc, "livraison", "{{ titre_livraison }}")
    when(doc, "livraison", "{{ livraison }}")
    tag(doc, "{%p if delai_livraison_jours %}")
    body(
        doc,
        "Le Vendeur {{ livrer_texte }} dans un délai de {{ delai_livraison_jours|nombre_en_lettres "
        "}} ({{ delai_livraison_jours }}) jours à compter de la conclusion du contrat, sauf date "
        "ou délai différent convenu lors de la commande{% if consommateurs %} (article L. 216-1 "
        "du code de la consommation){% endif %}.",
    )
    tag(doc, "{%p elif consommateurs %}")
    body(
        doc,
        "Le Vendeur {{ livrer_texte }} à la date ou dans le délai indiqué au Client lors de la "
        "commande. À défaut d'indication ou d'accord quant à la date de livraison ou "
        "d'exécution, il {{ livrer_texte }} sans retard injustifié et au plus tard trente jours "
        f"après la conclusion du contrat (article L. 216-1 {CONSO}).",
    )
    tag(doc, "{%p else %}")
    body(
        doc,
        "Le Vendeur {{ livrer_texte }} à la date ou dans le délai indiqué sur le devis ou la "
        "confirmation de commande.",
    )
    tag(doc, "{%p endif %}")
    when(
        doc,
        "consommateurs",
        "En cas de manquement du Vendeur à son obligation de livraison ou d'exécution à la date "
        "ou à l'expiration du délai convenu, le consommateur peut lui enjoindre, par lettre "
        "recommandée avec demande d'avis de réception ou par un écrit sur un autre support "
        "durable, de s'exécuter dans un délai supplémentaire raisonnable et, si le Vendeur ne "
        "s'est pas exécuté dans ce délai, résoudre le contrat (article L. 216-6 du code de la "
        "consommation).",
    )


def retractation(doc):
    article(doc, "retractation", "Droit de rétractation{% if mixte %} des consommateurs{% endif %}")
    body(
        doc,
        "Le consommateur dispose d'un délai de quatorze jours pour exercer son droit de "
        "rétractation d'un contrat conclu {{ contrats_retractation }}, sans avoir à motiver sa "
        "décision ni à supporter d'autres coûts que ceux prévus aux articles L. 221-23 à "
        "L. 221-25 du code de la consommation (article L. 221-18 du même code).",
    )
    when(
        doc,
        "services",
        "Pour les contrats de prestation de services, ce délai court à compter du jour de la "
        "conclusion du contrat.",
    )
    when(
        doc,
        "biens",
        "Pour les contrats de vente de biens, ce délai court à compter de la réception du bien "
        "par le consommateur ou par un tiers, autre que le transporteur, désigné par lui. "
        "Lorsque la commande porte sur plusieurs biens livrés séparément, il court à compter de "
        "la réception du dernier bien.{% if hors_etablissement %} Pour les contrats de vente de "
        "biens conclus hors établissement, le consommateur peut exercer son droit de "
        "rétractation dès la conclusion du contrat.{% endif %}",
    )
    body(
        doc,
        "Le jour de la conclusion du contrat ou de la réception du bien n'est pas compté. "
        "Lorsque le délai expire un samedi, un dimanche ou un jour férié ou chômé, il est "
        f"prorogé jusqu'au premier jour ouvrable suivant (article L. 221-19 {CONSO}).",
    )
    retractation_exercice(doc)
    restitution(doc)
    services_pendant_delai(doc)
    exceptions(doc)


def retractation_exercice(doc):
    body(
        doc,
        "Pour exercer ce droit, le consommateur informe le Vendeur de sa décision de se "
        "rétracter avant l'expiration du délai, en lui adressant le modèle de formulaire de "
        "rétractation figurant en annexe ou toute autre déclaration, dénuée d'ambiguïté, "
        f"exprimant sa volonté de se rétracter, par courrier à l'adresse {SELLER_CONTACT} "
        f"(article L. 221-21 {CONSO}).",
    )
    when(
        doc,
        "conclusion_en_ligne",
        "Pour les contrats conclus sur le site {{ site_internet }}, le consommateur peut "
        "également se rétracter au moyen de la fonction de rétractation intitulée « renoncer au "
        "contrat ici », accessible gratuitement {{ fonction_retractation }}, pendant toute la "
        "durée du délai de rétractation. Il confirme sa décision au moyen de la fonction "
        "« confirmer la rétractation ». Le Vendeur lui adresse alors sans délai, sur un support "
        "durable, un accusé de réception indiquant le contenu de la rétractation ainsi que la "
        "date et l'heure de sa réception.",
    )


def restitution(doc):
    when(
        doc,
        "biens",
        "Le consommateur renvoie ou restitue les biens au Vendeur sans retard excessif et au "
        "plus tard dans les quatorze jours suivant la communication de sa décision de se "
        "rétracter. {% if frais_retour == 'consommateur' %}Les frais directs de renvoi des biens "
        "sont à la charge du consommateur.{% else %}Les frais de renvoi des biens sont pris en "
        "charge par le Vendeur.{% endif %} La responsabilité du consommateur n'est engagée "
        "qu'à raison de la dépréciation des biens résultant de manipulations autres que celles "
        "nécessaires pour établir leur nature, leurs caractéristiques et leur bon "
        f"fonctionnement (article L. 221-23 {CONSO}).",
    )
    body(
        doc,
        "Le Vendeur rembourse au consommateur la totalité des sommes versées{% if biens %}, y "
        "compris les frais de livraison standard (les frais supplémentaires découlant du choix "
        "par le consommateur d'un mode de livraison plus coûteux restant à sa charge){% endif %}, "
        "sans retard injustifié et au plus tard dans les quatorze jours à compter de la date à "
        "laquelle il est informé de la décision de rétractation.{% if biens %} Pour les biens, "
        "il peut différer le remboursement jusqu'à leur récupération ou jusqu'à ce que le "
        "consommateur ait fourni une preuve de leur expédition, la date retenue étant celle du "
        "premier de ces faits.{% endif %} Le remboursement est effectué par le même moyen de "
        "paiement que celui utilisé pour la transaction initiale, sauf accord exprès du "
        "consommateur pour un autre moyen n'occasionnant pas de frais pour lui (article "
        f"L. 221-24 {CONSO}).",
    )


def services_pendant_delai(doc):
    tag(doc, "{%p if execution_pendant_delai %}")
    body(
        doc,
        "Si le consommateur souhaite que l'exécution d'une prestation de services commence "
        "avant la fin du délai de rétractation, le Vendeur recueille sa demande expresse, sur "
        "papier ou sur support durable. Le consommateur qui exerce ensuite son droit de "
        "rétractation verse au Vendeur un montant correspondant au service fourni jusqu'à la "
        "communication de sa décision de se rétracter, proportionné au prix total de la "
        f"prestation convenu dans le contrat (article L. 221-25 {CONSO}).",
    )
    body(
        doc,
        "Le droit de rétractation ne peut plus être exercé lorsque la prestation a été "
        "pleinement exécutée avant la fin du délai de rétractation et que son exécution a "
        "commencé après accord préalable exprès du consommateur et avec la reconnaissance par "
        f"lui de la perte de son droit de rétractation (article L. 221-28, 1°, {CONSO}). Le "
        "Vendeur recueille cette reconnaissance en même temps que la demande expresse.",
    )
    tag(doc, "{%p elif services %}")
    body(
        doc,
        "L'exécution des prestations de services ne commence qu'à l'expiration du délai "
        "de rétractation.",
    )
    tag(doc, "{%p endif %}")


def exceptions(doc):
    tag(doc, "{%p if exceptions %}")
    body(
        doc,
        f"Conformément à l'article L. 221-28 {CONSO}, le droit de rétractation ne peut être "
        "exercé pour les contrats :",
        keep=True,
    )
    tag(doc, "{%p for e in exceptions %}")
    item(doc, "{{ e.texte }} ({{ e.numero }}){{ e.fin }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def encadre(doc):
    """The D.211-2 encadré: a one-cell table with a visible border on all four sides."""
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", "12"), ("space", "0"), ("color", "000000")):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    box._tbl.tblPr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "142")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    box._tbl.tblPr.append(margins)
    cell = box.rows[0].cells[0]
    for index, text in enumerate(ENCADRE):
        p = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        run = p.add_run(text)
        run.font.size = Pt(10)
        p.alignment = JUSTIFY
        p.paragraph_format.space_after = Pt(3)
        if text[:2] in ("1°", "2°", "3°", "4°"):
            p.paragraph_format.left_indent = Cm(0.6)
    para(doc, after=4)


def garanties(doc):
    article(doc, "garanties", "Garanties légales")
    tag(doc, "{%p if consommateurs %}")
    garanties_consommateurs(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if garantie_commerciale %}")
    body(doc, "{{ garantie_commerciale }}")
    body(
        doc,
        "Cette garantie commerciale s'ajoute aux garanties légales, qu'elle ne limite ni n'exclut.",
    )
    tag(doc, "{%p endif %}")
    when(
        doc,
        "professionnels",
        "{% if mixte %}Les clients professionnels bénéficient{% else %}Le Client bénéficie"
        "{% endif %} de la garantie des vices cachés dans les conditions des articles 1641 et "
        "suivants du Code civil.",
    )


def garanties_consommateurs(doc):
    body(
        doc,
        "{% if mixte %}À l'égard des consommateurs, le{% else %}Le{% endif %} Vendeur est tenu "
        "de la garantie légale de conformité dans les conditions des articles L. 217-3 et "
        "suivants du code de la consommation et de la garantie des vices cachés dans les "
        "conditions des articles 1641 et suivants du Code civil. Il répond des défauts de "
        "conformité existant lors de la délivrance du bien et qui apparaissent dans un délai de "
        f"deux ans à compter de celle-ci (article L. 217-3 {CONSO}). L'action résultant des "
        "vices rédhibitoires doit être intentée dans un délai de deux ans à compter de la "
        "découverte du vice (article 1648 du Code civil).",
    )
    body(
        doc,
        "Ces garanties légales s'appliquent indépendamment de toute garantie commerciale. Le "
        f"consommateur les met en œuvre en s'adressant au Vendeur, par courrier à l'adresse "
        f"{SELLER_CONTACT}.",
    )
    body(
        doc,
        f"Conformément à l'article D. 211-2 {CONSO}, les droits du consommateur au titre de "
        "ces garanties sont rappelés dans l'encadré ci-dessous :",
        keep=True,
    )
    encadre(doc)


def donnees(doc):
    article(doc, "donnees", "Données personnelles")
    body(
        doc,
        "Le Vendeur, {{ vendeur_texte.nom }}, {{ vendeur_texte.adresse }}, est responsable du "
        "traitement des données personnelles de ses clients, au sens du règlement (UE) 2016/679 "
        "du 27 avril 2016 relatif à la protection des données (« RGPD »). Il peut être contacté "
        "à l'adresse {{ contact_donnees }}.{% if donnees_personnelles.delegue %} Son délégué à "
        "la protection des données, {{ donnees_personnelles.delegue.nom }}, peut être contacté "
        "à l'adresse {{ donnees_personnelles.delegue.courriel }}.{% endif %}",
    )
    body(
        doc,
        "Les données sont traitées pour les finalités, sur les bases légales et pendant les "
        "durées de conservation suivantes :",
        keep=True,
    )
    traitements(doc)
    droits(doc)


def traitements(doc):
    grid = table(doc, 3, 3)
    for c, text in zip(
        grid.rows[0].cells, ("Finalité", "Base légale", "Durée de conservation"), strict=True
    ):
        cell(c, text, bold=True, size=10)
    cell(grid.rows[1].cells[0], "{%tr for t in traitements %}")
    for c, text in zip(
        grid.rows[2].cells,
        ("{{ t.finalite }}", "{{ t.base_legale }}", "{{ t.duree }}"),
        strict=True,
    ):
        cell(c, text, size=10)
    cell(grid.add_row().cells[0], "{%tr endfor %}")
    para(doc, after=2)
    body(
        doc,
        "Destinataires des données : le Vendeur et, pour ce qui les concerne, "
        "{{ destinataires_texte }}.",
    )
    body(
        doc,
        "{% if donnees_personnelles.transferts_hors_ue %}{{ donnees_personnelles.transferts_hors_ue"
        " }}{% else %}Les données ne font l'objet d'aucun transfert hors de l'Union européenne."
        "{% endif %} Les données signalées comme obligatoires lors de la commande sont "
        "nécessaires à la conclusion et à l'exécution du contrat ; à défaut, la commande ne peut "
        "être traitée.",
    )


def droits(doc):
    body(
        doc,
        "Toute personne concernée dispose d'un droit d'accès, de rectification et d'effacement "
        "de ses données, d'un droit à la limitation du traitement, d'un droit à la portabilité "
        "et d'un droit d'opposition{% if consentement %}, ainsi que du droit de retirer son "
        "consentement à tout moment, sans porter atteinte à la licéité du traitement fondé sur "
        "le consentement effectué avant ce retrait{% endif %} (articles {% if consentement %}7, "
        "{% endif %}15 à 21 du RGPD). Ces "
        "droits s'exercent auprès du Vendeur à l'adresse {{ contact_donnees }}. La personne "
        "concernée peut "
        "également introduire une réclamation auprès de la Commission nationale de "
        "l'informatique et des libertés (CNIL), notamment sur le site www.cnil.fr.",
    )


def mediation(doc):
    article(doc, "mediation", "Réclamations et médiation de la consommation")
    body(
        doc,
        f"Le Client peut adresser toute réclamation au Vendeur par écrit, à l'adresse "
        f"{SELLER_CONTACT}.",
    )
    body(
        doc,
        "{% if mixte %}Les dispositions qui suivent concernent les seuls consommateurs. "
        "{% endif %}Le consommateur a le droit de recourir gratuitement à un médiateur de la "
        "consommation en vue de la résolution amiable du litige qui l'oppose au Vendeur "
        f"(article L. 612-1 {CONSO}). Le médiateur de la consommation dont relève le Vendeur "
        "est le suivant (articles L. 616-1 et R. 616-1 du même code) :",
        keep=True,
    )
    line = {"indent": ITEM, "after": 0, "keep": True}
    para(doc, "{{ mediateur.nom }}", bold=True, **line)
    para(doc, "Site internet : {{ mediateur.site_internet }}", **line)
    para(doc, "Adresse postale : {{ mediateur.adresse.en_ligne }}", **line)
    tag(doc, "{%p if mediateur.courriel %}")
    para(doc, "Courriel : {{ mediateur.courriel }}", **line)
    tag(doc, "{%p endif %}")
    para(doc, after=2)
    body(
        doc,
        "Le consommateur ne peut saisir le médiateur qu'après avoir tenté de résoudre le litige "
        "directement auprès du Vendeur par une réclamation écrite, et au plus tard un an après "
        "cette réclamation. Le médiateur ne peut être saisi d'un litige déjà examiné ou en "
        "cours d'examen par un autre médiateur ou par un tribunal (article L. 612-2 du code de "
        "la consommation).",
    )
    body(
        doc,
        "Le recours à la médiation est facultatif : aucune stipulation des présentes n'oblige "
        "le consommateur à recourir à la médiation avant de saisir le juge (article L. 612-4 "
        f"{CONSO}).",
    )


def droit(doc):
    article(doc, "droit", "Droit applicable et litiges")
    body(
        doc,
        "Les présentes CGV et les contrats qu'elles régissent sont soumis au droit français"
        "{% if consommateurs %}, sans préjudice des dispositions impératives plus protectrices "
        "de la loi du pays de résidence habituelle du consommateur{% endif %}. Elles sont "
        "rédigées en langue française.",
    )
    body(
        doc,
        "À défaut de résolution amiable, le litige est porté devant la juridiction compétente "
        "dans les conditions du droit commun.",
    )
    para(
        doc,
        "Conditions générales de vente établies à {{ lieu_version }}, le "
        "{{ date_version|date_longue }}.",
        italic=True,
        align=RIGHT,
        before=14,
    )


def annexe(doc):
    tag(doc, "{%p if retractation %}")
    title = heading(doc, "Annexe – Modèle de formulaire de rétractation")
    title.paragraph_format.page_break_before = True
    para(doc, f"(annexe à l'article R. 221-1 {CONSO})", italic=True, after=12)
    para(
        doc,
        "(Veuillez compléter et renvoyer le présent formulaire uniquement si vous souhaitez "
        "vous rétracter du contrat.)",
        italic=True,
        after=10,
    )
    body(
        doc,
        "À l'attention de {{ vendeur_texte.nom }}, {{ vendeur_texte.adresse }}, adresse "
        "électronique : {{ vendeur.email }} :",
        after=10,
    )
    body(
        doc,
        "Je/nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du "
        "contrat portant sur la vente du bien (*)/pour la prestation de services (*) ci-dessous :",
    )
    for label in (
        "",
        "",
        "Commandé le (*)/reçu le (*) :",
        "Nom du (des) consommateur(s) :",
        "Adresse du (des) consommateur(s) :",
    ):
        para(doc, label + DOTS, after=10)
    para(
        doc,
        "Signature du (des) consommateur(s) (uniquement en cas de notification du présent "
        "formulaire sur papier) :",
        after=30,
    )
    para(doc, "Date :" + DOTS, after=14)
    para(doc, "(*) Rayez la mention inutile.", italic=True)
    tag(doc, "{%p endif %}")


def build(path: Path) -> None:
    doc = new_document("{{ document.titre }}", "{{ document.auteur }}", "{{ document.sujet }}")
    page_footer(doc, "Conditions générales de vente — {{ vendeur_texte.nom }}")
    header(doc)
    for section in (objet, commande, prix, paiement):
        section(doc)
    tag(doc, "{%p if professionnels %}")
    professionnels(doc)
    tag(doc, "{%p endif %}")
    livraison(doc)
    for key, section in (("retractation", retractation), ("biens", garanties)):
        tag(doc, f"{{%p if {key} %}}")
        section(doc)
        tag(doc, "{%p endif %}")
    donnees(doc)
    tag(doc, "{%p if consommateurs %}")
    mediation(doc)
    tag(doc, "{%p endif %}")
    droit(doc)
    annexe(doc)
    doc.save(path)


if __name__ == "__main__":
    build(target("cgv"))
