"""French formatting of dates, amounts and rates, exposed to templates as Jinja filters."""

from __future__ import annotations

import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from docgen.law.money import to_cents

LOCALE = "fr_FR"
NBSP = "\u00a0"


def num2words(number: int, lang: str) -> str:
    """num2words, imported on first use: the web server formats amounts but never in words."""
    from num2words import num2words as words

    return words(number, lang=lang)


def _as_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("montant en float refusé : utilisez Decimal")
    return Decimal(value)


def date_longue(value: datetime.date) -> str:
    """Format a date as ``21 novembre 2026`` (``1er`` for the first day of a month)."""
    text = format_date(value, format="d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if value.day == 1 else text


def date_courte(value: datetime.date) -> str:
    """Format a date as ``21/11/2026``."""
    return format_date(value, format="dd/MM/y", locale=LOCALE)


def montant(value: Decimal | int | str) -> str:
    """Format an amount as ``1 234,56 €`` (narrow no-break thousands, no-break before €)."""
    return format_currency(to_cents(_as_decimal(value)), "EUR", locale=LOCALE)


def _euros_in_words(euros: int) -> str:
    if euros == 0:
        return ""
    words = num2words(euros, lang="fr")
    if euros % 1_000_000 == 0:
        return f"{words} d'euros"  # « deux millions d'euros »
    return f"{words} {'euro' if euros == 1 else 'euros'}"


def montant_en_lettres(value: Decimal | int | str) -> str:
    """Write an amount in French words: ``mille deux cent trente-quatre euros et dix centimes``."""
    amount = to_cents(_as_decimal(value))
    if amount < 0:
        return "moins " + montant_en_lettres(-amount)
    euros = int(amount)
    cents = int((amount - euros) * 100)
    euro_words = _euros_in_words(euros)
    if cents == 0:
        return euro_words or "zéro euro"
    cent_words = f"{num2words(cents, lang='fr')} {'centime' if cents == 1 else 'centimes'}"
    return f"{euro_words} et {cent_words}" if euro_words else cent_words


def pourcentage(value: Decimal | int | str, decimals: int = 2) -> str:
    """Format a rate given in percent as ``12,15 %``."""
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(_as_decimal(value), format=pattern, locale=LOCALE) + NBSP + "%"


def nombre_en_lettres(value: int) -> str:
    """Write a whole number in French words (``quinze``)."""
    return num2words(int(value), lang="fr")


FILTERS = {
    "date_longue": date_longue,
    "date_courte": date_courte,
    "montant": montant,
    "montant_en_lettres": montant_en_lettres,
    "pourcentage": pourcentage,
    "nombre_en_lettres": nombre_en_lettres,
}
