"""How long a creditor has to act: the limitation period of a claim and its last day."""

from __future__ import annotations

import datetime
from typing import Literal, NamedTuple

from docgen.formatting import nombre_en_lettres
from docgen.law.courts import Matter


class Limitation(NamedTuple):
    """A period within which the creditor must act, and the article that sets it."""

    years: int
    kind: Literal["prescription", "forclusion"]
    article: str

    @property
    def in_words(self) -> str:
        return f"{nombre_en_lettres(self.years)} ans"

    def last_day(self, due: datetime.date) -> datetime.date:
        """The last day to act on a debt fallen due on ``due``."""
        return add_years(due, self.years)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def limitation(matter: Matter, *, consumer_debt: bool, commercial: bool) -> Limitation:
    """The limitation (or foreclosure) period of a claim, and the article setting it.

    ``consumer_debt``: a professional's claim against a consumer; ``commercial``: a commerçant
    or a commercial company is party to it.
    """
    if matter == "bail_habitation":
        return Limitation(3, "prescription", "art. 7-1 de la loi n° 89-462 du 6 juillet 1989")
    if matter == "credit_consommation":
        return Limitation(2, "forclusion", "art. R. 312-35 du code de la consommation")
    if consumer_debt:
        return Limitation(2, "prescription", "art. L. 218-2 du code de la consommation")
    if commercial:
        return Limitation(5, "prescription", "art. L. 110-4 du code de commerce")
    return Limitation(5, "prescription", "art. 2224 du code civil")
