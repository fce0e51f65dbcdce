"""Exceptions raised by the generator, each carrying the context a user needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal


def _rebuild(cls: type[DocgenError], args: tuple, state: dict) -> DocgenError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class DocgenError(Exception):
    """Base class of every error the generator reports to its callers."""

    def __reduce__(self) -> tuple:
        # Keep the context attributes when an error crosses a process boundary.
        return (_rebuild, (type(self), self.args, self.__dict__))


class UnknownDocumentTypeError(DocgenError):
    """A document type identifier that the catalogue does not know."""

    def __init__(self, doc_type: str, known: list[str]) -> None:
        self.doc_type = doc_type
        self.known = known
        super().__init__(
            f"Type de document inconnu : « {doc_type} ». Types disponibles : {', '.join(known)}."
        )


@dataclass(frozen=True)
class FieldError:
    """One invalid case fact: its path (``factures[2].montant_ttc``) and a French message."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(racine)'} : {self.message}"


class CaseValidationError(DocgenError):
    """The case facts do not satisfy the type's definition; one entry per field."""

    def __init__(self, doc_type: str, errors: list[FieldError]) -> None:
        self.doc_type = doc_type
        self.errors = errors
        lines = "\n".join(f"  - {e}" for e in errors)
        super().__init__(f"Faits du dossier invalides ({doc_type}) :\n{lines}")


class MissingRateError(DocgenError):
    """A computation needs a rate for a period that neither the server nor the case gives.

    ``series`` and ``half`` (``2026-S2``) name the rate; ``last_day`` is the last day the
    computation could stop at instead (the day before the half-year starts).
    """

    def __init__(
        self,
        what: str,
        period: str,
        hint: str = "",
        *,
        series: str = "",
        half: str = "",
        last_day: date | None = None,
    ) -> None:
        self.what = what
        self.period = period
        self.series = series
        self.half = half
        self.last_day = last_day
        message = f"Taux manquant : {what} pour la période {period}, pas encore enregistré."
        if hint:
            message += f" {hint}"
        if series:
            message += " Indiquez-le avec sa source (« taux_fournis »)"
            if last_day is not None:
                message += (
                    f", ou arrêtez le calcul au {last_day:%d/%m/%Y} "
                    "(« arreter_au_dernier_taux_connu »)"
                )
            message += "."
        super().__init__(message)


class LegalRuleError(DocgenError):
    """A computation was asked for something the law does not allow."""


class TemplateError(DocgenError):
    """A template cannot be rendered: syntax error, undefined variable or forbidden access."""

    def __init__(
        self, message: str, *, template: str = "", location: str = "", excerpt: str = ""
    ) -> None:
        self.message = message
        self.template = template
        self.location = location
        self.excerpt = excerpt
        parts = [f"Erreur dans le modèle {template}".rstrip() + " :", message]
        if location:
            parts.append(f"(emplacement : {location})")
        if excerpt:
            parts.append(f"[extrait : « {excerpt} »]")
        super().__init__(" ".join(parts))


class PdfError(DocgenError):
    """The PDF could not be produced from the rendered document."""


class TypeNotAvailableError(DocgenError):
    """A document type of the catalogue whose template and facts are not written yet."""

    def __init__(self, doc_type: str) -> None:
        self.doc_type = doc_type
        super().__init__(
            f"Le type de document « {doc_type} » n'est pas encore disponible "
            "dans cette version du générateur."
        )


class ResourceLimitError(DocgenError):
    """A render took more time or memory than a bounded render allows."""


class UnsafeTemplateError(DocgenError):
    """An uploaded or supplied .docx that must not be opened or rendered, with the reasons."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("Modèle refusé : " + " ; ".join(reasons))


class MalformedJSONError(DocgenError):
    """JSON text that cannot be read; the message (French) says where or why."""


class OversizedValueError(DocgenError):
    """One value of a JSON text read piece by piece is larger than the reader may hold."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        grouped = format_decimal(limit, locale="fr_FR")
        super().__init__(f"Élément trop volumineux : {grouped} caractères au plus par valeur.")
