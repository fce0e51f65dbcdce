"""How one field is presented: its label, help, choices, conditions and row label."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Hint:
    """Presentation of one field: label, help, choice labels, when it applies, row label."""

    label: str | None = None
    help: str | None = None
    choices: Mapping[str, str] | None = None
    when: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    note: str | None = None  # when the field applies, in words, for pages shown without script
    widget: str | None = None  # "radio" or "select" for a choice
    row: str | None = None  # label of one row of a list
    percent: bool = False  # a decimal that is a rate in percent, whatever its bounds


NO_HINT = Hint()
