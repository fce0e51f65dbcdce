"""Calendar: every example dated 1 July 2026, 7 December 2026 and 1 January 2027, each way on."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine

from docgen import CaseValidationError, build_context, generate, load_case
from docgen.catalog import EXAMPLES_DIR
from docgen.errors import MissingRateError
from docgen.law.ratefile import RateOverlay, layer
from docgen.law.rates import (
    ECB,
    LEGAL_CONSUMER,
    LEGAL_OTHER,
    OPERATOR,
    EcbRate,
    HalfYear,
    LegalRates,
    default_rates,
    french_date,
)
from tests.api_support import make_app
from tests.conftest import pdf_text
from tests.legal_text import docx_text, normalize

date = datetime.date
TODAY = date(2026, 12, 7)  # docgen reads no clock; the `flask rates` test freezes it
DAYS = (date(2026, 7, 1), TODAY, date(2027, 1, 1))
LAST_KNOWN = date(2026, 6, 30)  # the seed has no legal rate and no ECB decision after it
TEST = "valeur d'essai"  # every rate below is fictitious
H2_2026, H1_2027 = HalfYear.parse("2026-S2"), HalfYear.parse("2027-S1")

LETTER_DATE = {
    "mise_en_demeure": "date_lettre",
    "injonction_de_payer": "date_requete",
    "cgv": "date_version",
    "protocole_transactionnel": "date_signature",
}
EXAMPLES = [(t, p.stem) for t in LETTER_DATE for p in sorted((EXAMPLES_DIR / t).glob("*.json"))]
NEEDS = {  # the examples whose computation needs a rate after 30 June 2026, and which one
    ("mise_en_demeure", "artisan_sci_copie_courriel"): ECB,
    ("mise_en_demeure", "b2b_penalites_bce"): ECB,
    ("injonction_de_payer", "artisan_consommateur_tj"): LEGAL_OTHER,
    ("injonction_de_payer", "bail_habitation_jcp"): LEGAL_OTHER,
    ("injonction_de_payer", "b2b_tribunal_commerce"): ECB,
    ("injonction_de_payer", "liberal_societe_tj"): ECB,
}
FLOOR = ("cgv", "sas_services_b2b")  # its stipulated rate must be checked against 3 × rate B
CGV_DEFAULT_RATE = {("cgv", "cuisiniste_mixte"), ("cgv", "grossiste_b2b_delai_legal")}
SUPPLIED = {"mise_en_demeure", "injonction_de_payer", "cgv"}  # types with « taux_fournis »
STOPPED = {"mise_en_demeure", "injonction_de_payer"}  # with « arreter_au_dernier_taux_connu »

OPERATOR_TABLE = layer(
    default_rates(),
    RateOverlay(
        legal={
            H2_2026: LegalRates(H2_2026, Decimal("6.50"), Decimal("2.50"), TEST, OPERATOR),
            H1_2027: LegalRates(H1_2027, Decimal("6.40"), Decimal("2.40"), TEST, OPERATOR),
        },
        # no decision up to 1 July 2026 (2,15 % since 11 June 2025), then one to 2,00 %
        ecb=(EcbRate(date(2026, 12, 16), Decimal("2.00"), TEST, OPERATOR),),
        ecb_verified_until=date(2027, 1, 1),
        ecb_source=TEST,
    ),
)
FACTS_RATES = [
    {"serie": series, "semestre": half, "taux": rate, "source": TEST}
    for series, half, rate in (
        (LEGAL_CONSUMER, "2026-S2", "6.50"),
        (LEGAL_OTHER, "2026-S2", "2.50"),
        (ECB, "2026-S2", "2.15"),
        (LEGAL_CONSUMER, "2027-S1", "6.40"),
        (LEGAL_OTHER, "2027-S1", "2.40"),
        (ECB, "2027-S1", "2.00"),
    )
]


def dated(doc_type: str, name: str, day: date, **changes) -> dict:
    """An example with its letter date set to ``day`` and ``changes`` made to its facts."""
    case = load_case((EXAMPLES_DIR / doc_type / f"{name}.json").read_text(encoding="utf-8"))
    if doc_type == "protocole_transactionnel":
        # a schedule may not start before the signature: every due date moves with it
        shift = day - date.fromisoformat(str(case["date_signature"]))
        for payment in case["reglements"]:
            for due in payment.get("echeancier") or ():
                due["date"] = (date.fromisoformat(str(due["date"])) + shift).isoformat()
    case[LETTER_DATE[doc_type]] = day.isoformat()
    return {**case, **changes}


def text_of(docx: bytes) -> str:
    """The normalised text of a DOCX, checked for template leftovers."""
    text = normalize(docx_text(docx))
    assert "{{" not in text and "{%" not in text and " None" not in text
    return text


def cents(principal: str, rate: str, first: date, last: date) -> Decimal:
    """Hand computation of one period: principal × rate / 100 × days / 365, half-up."""
    days = (last - first).days + 1
    exact = Decimal(principal) * Decimal(rate) / 100 * days / 365
    return exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


def periods_of(context: dict, doc_type: str) -> list[tuple[date, date, Decimal, Decimal]]:
    """(first day, last day, rate, amount) of every accrual period of a context."""
    claim = context["creance"]
    if doc_type == "injonction_de_payer" and claim["interets"]:
        found = claim["interets"]["periodes"]
    elif doc_type == "injonction_de_payer":
        found = [p for line in claim["lignes"] for p in line["penalites"]]
    else:
        found = [p for line in claim["lignes"] for p in line["penalites"]["periodes"]]
    return [(p["debut"], p["fin"], p["taux"], p["montant"]) for p in found]


IDS = [f"{t}-{n}" for t, n in EXAMPLES]


def named(value) -> str:
    """A test id from the text parameters only."""
    return value if isinstance(value, str) else ""


def figures(doc_type: str, name: str, day: date) -> list[str]:
    """What a document shows once the rates of ``day`` are known (the same on both routes)."""
    half = HalfYear.of(day).label
    if (doc_type, name) == ("mise_en_demeure", "b2c_consommateur"):  # rate B of the letter
        return [f"(soit {'2,40' if day.year == 2027 else '2,50'} % l'an pour le {half})"]
    if (doc_type, name) in CGV_DEFAULT_RATE:  # ECB rate in force on 1 January or 1 July + 10
        rate = "12,00" if day.year == 2027 else "12,15"
        return [f"soit, à titre indicatif, {rate} % l'an pour le {half}."]
    return []


def test_every_example_is_in_the_calendar():
    assert len(EXAMPLES) == 17 and set(NEEDS) | {FLOOR} <= set(EXAMPLES)


@pytest.mark.parametrize("day", DAYS, ids=str)
@pytest.mark.parametrize(("doc_type", "name"), EXAMPLES, ids=IDS)
def test_without_a_way_on_a_missing_rate_is_named(doc_type, name, day):
    case = dated(doc_type, name, day)
    if (doc_type, name) in NEEDS:
        with pytest.raises(MissingRateError) as info:
            generate(doc_type, case, ["docx"], rates=default_rates())
        error = info.value
        assert (error.series, error.half, error.last_day) == (
            NEEDS[doc_type, name],
            "2026-S2",
            LAST_KNOWN,
        )
        assert "pour la période 2e semestre 2026" in str(error)
    elif (doc_type, name) == FLOOR:
        with pytest.raises(CaseValidationError) as info:
            generate(doc_type, case, ["docx"], rates=default_rates())
        (error,) = info.value.errors
        assert error.path == "conditions_professionnels.taux_penalites"
        assert f"taux de l'intérêt légal du {HalfYear.of(day).label}" in error.message
    else:  # no rate after 30 June 2026 needed: a protocol, a stipulated rate, a figure left out
        text = text_of(generate(doc_type, case, ["docx"], rates=default_rates()).docx)
        assert french_date(day) in text and "à titre indicatif" not in text
        assert "à parfaire" not in text and "Taux retenu" not in text


@pytest.mark.parametrize("day", DAYS, ids=str)
@pytest.mark.parametrize(("doc_type", "name"), EXAMPLES, ids=IDS)
def test_rates_the_operator_added(doc_type, name, day):
    out = generate(doc_type, dated(doc_type, name, day), ["docx"], rates=OPERATOR_TABLE)
    text = text_of(out.docx)
    assert french_date(day) in text and "à parfaire" not in text and "Taux retenu" not in text
    assert all(needle in text for needle in figures(doc_type, name, day))
    used = {(use.series, use.half) for use in out.rates_used}
    if (doc_type, name) in NEEDS:
        assert (NEEDS[doc_type, name], HalfYear.of(day)) in used
    if day >= date(2027, 1, 1) and (doc_type, name) in NEEDS:
        assert {u.origin for u in out.rates_used if u.half == H1_2027} == {OPERATOR}


@pytest.mark.parametrize("day", DAYS, ids=str)
@pytest.mark.parametrize(("doc_type", "name"), [e for e in EXAMPLES if e[0] in SUPPLIED], ids=str)
def test_rates_given_in_the_facts(doc_type, name, day):
    case = dated(doc_type, name, day, taux_fournis=FACTS_RATES)
    _facts, context = build_context(doc_type, case, rates=default_rates())
    text = text_of(generate(doc_type, case, ["docx"], rates=default_rates()).docx)
    given = {(r["serie"], r["semestre"]) for r in context["taux_fournis_utilises"]}
    assert "à parfaire" not in text
    if (doc_type, name) in NEEDS:
        halves = [h.label for h in H2_2026.until(HalfYear.of(day))]
        assert {(NEEDS[doc_type, name], h) for h in halves} <= given
        for half in halves:
            assert f"pour le {half}, " in text and f"(source : {TEST})" in text
        assert ("Taux retenu" if doc_type == "mise_en_demeure" else "sur indication du") in text
    assert all(needle in text for needle in figures(doc_type, name, day))
    if (doc_type, name) in CGV_DEFAULT_RATE:
        assert "Base de ce taux indicatif : taux de refinancement de la BCE pour le " in text


def test_between_professionals_the_letter_uses_no_legal_rate():
    case = dated("mise_en_demeure", "b2b_penalites_bce", TODAY, taux_fournis=FACTS_RATES)
    out = generate("mise_en_demeure", case, ["docx"], rates=default_rates())
    assert {u.series for u in out.rates_used} == {ECB}
    assert "Taux retenu :" in text_of(out.docx)


@pytest.mark.parametrize("day", DAYS, ids=str)
@pytest.mark.parametrize(("doc_type", "name"), [e for e in EXAMPLES if e[0] in STOPPED], ids=str)
def test_stopped_at_the_last_rate_known(doc_type, name, day):
    case = dated(doc_type, name, day, arreter_au_dernier_taux_connu=True)
    _facts, context = build_context(doc_type, case, rates=default_rates())
    text = text_of(generate(doc_type, case, ["docx"], rates=default_rates()).docx)
    stops = (doc_type, name) in NEEDS
    key = "arretees_au" if doc_type == "mise_en_demeure" else "arretes_au"
    assert context["creance"]["a_parfaire"] is stops
    assert context["creance"][key] == (LAST_KNOWN if stops else day)
    assert ("30 juin 2026, à parfaire" in text) is stops
    if stops:
        assert max(last for _first, last, *_rest in periods_of(context, doc_type)) == LAST_KNOWN


def _claim_checked(doc_type, case, rates, expected):
    """Context and DOCX text of a case whose periods are ``expected`` (principal, rate, first,
    last), each amount computed by hand; returns the context, the text and the sum."""
    _facts, context = build_context(doc_type, case, rates=rates)
    hand = [
        (first, last, Decimal(rate), cents(principal, rate, first, last))
        for principal, rate, first, last in expected
    ]
    assert sorted(periods_of(context, doc_type)) == sorted(hand)
    text = text_of(generate(doc_type, case, ["docx"], rates=rates).docx)
    return context, text, sum(amount for *_rest, amount in hand)


B2B_INVOICES = (("2400", date(2026, 2, 15)), ("1000", date(2026, 4, 2)))  # day after each due date


@pytest.mark.parametrize(
    ("day", "penalties", "total"),
    [(TODAY, "319.69", "3 799,69 €"), (date(2027, 1, 1), "347.98", "3 827,98 €")],
    ids=str,
)
def test_operator_penalties_to_the_cent(day, penalties, total):
    """b2b_penalites_bce: ECB 2,15 % in force on 1 July 2026 (+ 10 = 12,15 %), 2,00 % on
    1 January 2027 (12,00 %); 2 400 € and 1 000 € principal, 40 € per invoice."""
    expected = []
    for principal, first in B2B_INVOICES:
        expected.append((principal, "12.15", first, LAST_KNOWN))
        expected.append((principal, "12.15", date(2026, 7, 1), min(day, date(2026, 12, 31))))
        if day.year == 2027:
            expected.append((principal, "12.00", date(2027, 1, 1), day))
    # 07/12/2026: 108,65 + 127,82 + 29,96 + 53,26 ; 01/01/2027: 108,65 + 147,00 + 0,79 +
    # 29,96 + 61,25 + 0,33
    case = dated("mise_en_demeure", "b2b_penalites_bce", day)
    context, text, hand = _claim_checked("mise_en_demeure", case, OPERATOR_TABLE, expected)
    assert hand == context["creance"]["penalites"] == Decimal(penalties)
    assert context["creance"]["indemnites"] == Decimal("80.00")
    assert (
        f"pénalités de retard arrêtées au {day:%d/%m/%Y} : {penalties.replace('.', ',')} €" in text
    )
    assert f"total : {total}." in text


def test_facts_legal_interest_to_the_cent(tmp_path):
    """artisan_consommateur_tj (consumer debtor, creditor acting for his trade: rate B), notice
    received on 19 February 2026: interest from the next day to the request, on 3 360 €."""
    amounts = {}
    for day in DAYS:
        expected = [("3360", "2.62", date(2026, 2, 20), LAST_KNOWN)]
        expected.append(("3360", "2.50", date(2026, 7, 1), min(day, date(2026, 12, 31))))
        if day.year == 2027:
            expected.append(("3360", "2.40", date(2027, 1, 1), day))
        case = dated(
            "injonction_de_payer", "artisan_consommateur_tj", day, taux_fournis=FACTS_RATES
        )
        context, text, hand = _claim_checked("injonction_de_payer", case, default_rates(), expected)
        amounts[day] = context["creance"]["interets"]["total"]
        assert hand == amounts[day] == context["creance"]["total"] - Decimal("3360.00")
        assert f"au titre des intérêts au taux légal arrêtés au {french_date(day)} ;" in text
    # 31,60 + 0,23 ; 31,60 + 36,82 ; 31,60 + 42,35 + 0,22
    assert list(amounts.values()) == [Decimal("31.83"), Decimal("68.42"), Decimal("74.17")]
    pdf = generate("injonction_de_payer", case, ["pdf"], rates=default_rates()).pdf
    text = normalize(pdf_text(pdf, tmp_path))
    assert "Taux retenus sur indication du créancier : taux de l'intérêt légal (autres cas)" in text
    assert "pour le 1er semestre 2027, 2,40 % (source : valeur d'essai)." in text
    assert "74,17 € au titre des intérêts au taux légal arrêtés au 1er janvier 2027 ;" in text


@pytest.mark.parametrize(
    ("doc_type", "name", "expected"),
    [
        ("mise_en_demeure", "b2b_penalites_bce", [(p, "12.15", f) for p, f in B2B_INVOICES]),
        (
            "injonction_de_payer",
            "b2b_tribunal_commerce",
            [("3960", "12.15", date(2026, 1, 5)), ("1188", "12.15", date(2026, 2, 20))],
        ),
    ],
    ids=named,
)
def test_stopped_penalties_to_the_cent(doc_type, name, expected):
    """Stopped on 30 June 2026 whatever the letter date: 108,65 + 29,96 = 138,61 and
    233,32 + 51,80 = 285,12."""
    sums = set()
    for day in DAYS:
        case = dated(doc_type, name, day, arreter_au_dernier_taux_connu=True)
        periods = [(p, r, first, LAST_KNOWN) for p, r, first in expected]
        context, text, hand = _claim_checked(doc_type, case, default_rates(), periods)
        assert hand == context["creance"]["penalites"]
        sums.add(hand)
        assert "arrêtées au 30 juin 2026, à parfaire" in text
    assert sums == {Decimal("138.61") if doc_type == "mise_en_demeure" else Decimal("285.12")}


NEW_YEAR_PDFS = {  # type: example, stopped, what its PDF says
    "mise_en_demeure": (
        "b2b_penalites_bce",
        True,
        "Lyon, le 1er janvier 2027",
        "arrêtées au 30/06/2026, à parfaire : 138,61 €",
        "postérieures au 30 juin 2026, à parfaire",
    ),
    "cgv": (
        "grossiste_b2b_delai_legal",
        False,
        "Version du 1er janvier 2027",
        "12,00 % l'an pour le 1er semestre 2027",
    ),
    "protocole_transactionnel": (
        "trois_parties_carpa",
        False,
        "Fait à Rennes, le 1er janvier 2027",
        "26 janvier 2027",
    ),
}


@pytest.mark.parametrize("doc_type", NEW_YEAR_PDFS)
def test_pdf_on_new_years_day(doc_type, tmp_path):
    name, stopped, *needles = NEW_YEAR_PDFS[doc_type]
    changes = {"arreter_au_dernier_taux_connu": True} if stopped else {}
    case = dated(doc_type, name, date(2027, 1, 1), **changes)
    table = OPERATOR_TABLE if doc_type == "cgv" else default_rates()
    text = normalize(pdf_text(generate(doc_type, case, ["pdf"], rates=table).pdf, tmp_path))
    assert [n for n in needles if n not in text] == []


@time_machine.travel("2026-12-07", tick=False)  # `flask rates` refuses a date after today
def test_rates_set_with_flask_rates_are_those_of_generation(tmp_path):
    app = make_app(tmp_path)
    for command in (
        ["set", "interet-legal", "2026-S2", "6,50", "2,50", "--source", TEST],
        ["verify", "bce", "2026-12-07", "--source", TEST],  # no decision: 2,15 % on 1 July
    ):
        result = app.test_cli_runner().invoke(args=["rates", *command])
        assert result.exit_code == 0 and result.output.startswith("Enregistré"), result.output
    notice = dated("mise_en_demeure", "b2b_penalites_bce", TODAY)
    request = dated("injonction_de_payer", "artisan_consommateur_tj", TODAY)
    with pytest.raises(MissingRateError):  # outside the app: the seed alone
        generate("injonction_de_payer", request, ["docx"])
    with app.app_context():
        out = generate("injonction_de_payer", request, ["docx"])
        _facts, context = build_context("mise_en_demeure", notice)
    # 3 360 × 2,62 % × 131/365 + 3 360 × 2,50 % × 160/365 = 31,60 + 36,82
    text = text_of(out.docx)
    assert "– 68,42 € au titre des intérêts au taux légal arrêtés au 7 décembre 2026 ;" in text
    used = [(u.series, u.rate, u.source, u.origin) for u in out.rates_used if u.half == H2_2026]
    assert used == [(LEGAL_OTHER, Decimal("2.50"), TEST, OPERATOR)]
    assert context["creance"]["penalites"] == Decimal("319.69")  # as with the operator's table
