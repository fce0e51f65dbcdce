"""List numbering: the label (``1.``, ``a)``, ``•``) of each numbered or bulleted paragraph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

from docgen.word.wordml import VAL, parse_ppr, parse_rpr, w

_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]

# Private-use code points of the Symbol and Wingdings fonts, as the Unicode bullets they show.
_BULLETS = {
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf0d8": "➢",
    "\uf076": "❖",
    "\uf0fc": "✓",
    "\uf06e": "■",
    "\uf0a8": "◆",
    "o": "◦",
    "": "•",
}


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    letter = chr(ord("a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Format a list counter in one of Word's number formats."""
    formats = {
        "decimal": str,
        "lowerLetter": _letters,
        "upperLetter": lambda k: _letters(k).upper(),
        "lowerRoman": _roman,
        "upperRoman": lambda k: _roman(k).upper(),
        "decimalZero": lambda k: f"{k:02d}",
        "ordinal": lambda k: "1er" if k == 1 else f"{k}e",
        "none": lambda k: "",
    }
    return formats.get(fmt, str)(n)


@dataclass
class Level:
    """One level of an abstract numbering definition."""

    start: int
    fmt: str
    text: str
    ppr: dict[str, Any]
    rpr: dict[str, Any]
    suffix: str


class Numbering:
    """The numbering part, with the running counters of each list."""

    def __init__(self, numbering_el: etree._Element | None, theme_fonts: dict[str, str]) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        if numbering_el is None:
            return
        for abstract in numbering_el.iterfind(w("abstractNum")):
            self._abstract[abstract.get(w("abstractNumId"))] = {
                int(lvl.get(w("ilvl"))): self._level(lvl, theme_fonts)
                for lvl in abstract.iterfind(w("lvl"))
            }
        for num in numbering_el.iterfind(w("num")):
            overrides = {}
            for override in num.iterfind(w("lvlOverride")):
                start = override.find(w("startOverride"))
                if start is not None:
                    overrides[int(override.get(w("ilvl")))] = int(start.get(VAL))
            abstract_id = num.find(w("abstractNumId"))
            if abstract_id is not None:
                self._nums[num.get(w("numId"))] = (abstract_id.get(VAL), overrides)

    @staticmethod
    def _level(lvl: etree._Element, theme_fonts: dict[str, str]) -> Level:
        def val(tag: str, default: str) -> str:
            el = lvl.find(w(tag))
            return el.get(VAL, default) if el is not None else default

        return Level(
            start=int(val("start", "1")),
            fmt=val("numFmt", "decimal"),
            text=val("lvlText", ""),
            ppr=parse_ppr(lvl.find(w("pPr"))),
            rpr=parse_rpr(lvl.find(w("rPr")), theme_fonts),
            suffix=val("suff", "tab"),
        )

    def level(self, num_id: str, ilvl: int) -> Level | None:
        """The level definition a paragraph refers to, if any."""
        if num_id not in self._nums:
            return None
        return self._abstract.get(self._nums[num_id][0], {}).get(ilvl)

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of a list level and return the label to show."""
        level = self.level(num_id, ilvl)
        if level is None:
            return None
        abstract_id, overrides = self._nums[num_id]
        counters = self._counters.setdefault(num_id, {})
        levels = self._abstract[abstract_id]
        counters[ilvl] = counters.get(ilvl, overrides.get(ilvl, level.start) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return _BULLETS.get(level.text, level.text)
        label = level.text
        for k in range(ilvl + 1):
            lvl = levels.get(k)
            if lvl is None:
                continue
            value = counters.get(k, overrides.get(k, lvl.start))
            label = label.replace(f"%{k + 1}", format_number(value, lvl.fmt))
        return label
