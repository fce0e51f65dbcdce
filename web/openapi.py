"""The OpenAPI 3.1 description of the API, built from the case-facts models themselves."""

from __future__ import annotations

import functools
from typing import Any

from pydantic.json_schema import models_json_schema

from docgen import FORMATS, document_types
from docgen.dossier.documents import DOSSIER_TYPES
from docgen.dossier.facts import Dossier as DossierFacts
from docgen.dossier.nextsteps import STAGES
from docgen.dossier.timeline import Evenement

PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def _problem(description: str) -> dict[str, Any]:
    content = {"application/problem+json": {"schema": _ref("Problem")}}
    return {"description": description, "content": content}


def _json(schema: dict[str, Any], description: str = "Réponse.") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "401": _problem("Jeton d'accès absent, invalide ou révoqué."),
    "400": _problem("JSON mal formé ou trop imbriqué, format inconnu."),
    "404": _problem("Type de document ou tâche inconnus."),
    "413": _problem("Corps de requête trop volumineux, ou trop d'éléments."),
    "415": _problem("Corps JSON attendu."),
    "422": _problem(
        "Données invalides : une entrée par champ dans `errors` ; ou taux manquant : le calcul "
        "a besoin d'un taux que ni le serveur ni les faits ne donnent (`taux_manquant`). Deux "
        "voies dans les faits : `taux_fournis` (le taux et sa source) ou "
        "`arreter_au_dernier_taux_connu` (calcul arrêté au dernier jour couvert, « à parfaire »)."
    ),
}

OWN_SCHEMAS: dict[str, Any] = {
    "FieldError": {
        "type": "object",
        "required": ["path", "message"],
        "properties": {
            "path": {"type": "string", "examples": ["factures[2].montant_ttc"]},
            "message": {"type": "string", "description": "Message en français."},
        },
    },
    "Problem": {
        "type": "object",
        "description": "Erreur au format RFC 9457 (application/problem+json).",
        "required": ["type", "title", "status"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": _ref("FieldError")},
            "taux_manquant": _ref("MissingRate"),
        },
    },
    "MissingRate": {
        "type": "object",
        "description": "Le taux qui manque au calcul, et les façons de poursuivre.",
        "properties": {
            "serie": {"enum": ["interet_legal_particulier", "interet_legal_autres", "bce"]},
            "semestre": {"type": "string", "examples": ["2026-S2"]},
            "libelle": {"type": "string"},
            "dernier_jour_couvert": {"type": ["string", "null"], "format": "date"},
            "solutions": {"type": "array", "items": {"type": "string"}},
        },
    },
    "RateUsed": {
        "type": "object",
        "description": "Un taux lu par le calcul d'un document, avec sa source et son origine.",
        "properties": {
            "serie": {"enum": ["interet_legal_particulier", "interet_legal_autres", "bce"]},
            "semestre": {"type": "string", "examples": ["2026-S1"]},
            "taux": {"type": "string", "examples": ["2.15"]},
            "source": {"type": "string"},
            "origine": {"enum": ["référence", "exploitant", "faits du dossier"]},
        },
    },
    "DocumentType": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "label": {"type": "string"},
            "purpose": {"type": "string"},
            "available": {"type": "boolean"},
            "schema": {"type": "string", "format": "uri-reference"},
        },
    },
    "Job": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "url": {"type": "string", "format": "uri-reference"},
            "status": {"enum": ["queued", "running", "done", "failed", "expired"]},
            "total": {"type": "integer"},
            "done": {"type": "integer"},
            "failed": {"type": "integer"},
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "index": {"type": "integer"},
                        "reference": {"type": ["string", "null"]},
                        "errors": {"type": "array", "items": _ref("FieldError")},
                        "taux_manquant": _ref("MissingRate"),
                    },
                },
            },
            "detail": {"type": ["string", "null"]},
            "created": {"type": "string", "format": "date-time"},
            "finished": {"type": ["string", "null"], "format": "date-time"},
            "expires": {"type": ["string", "null"], "format": "date-time"},
            "archive": {"type": ["string", "null"], "format": "uri-reference"},
        },
    },
}


def _batch_schemas(models: dict[str, str]) -> dict[str, Any]:
    variants = [
        {
            "type": "object",
            "required": ["type", "case"],
            "additionalProperties": False,
            "properties": {
                "type": {"const": type_id},
                "case": _ref(model),
                "reference": {"type": "string", "maxLength": 200},
            },
        }
        for type_id, model in models.items()
    ]
    request = {
        "type": "object",
        "required": ["items"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "minItems": 1, "items": _ref("BatchItem")},
            "formats": {
                "type": "array",
                "items": {"enum": list(FORMATS)},
                "default": list(FORMATS),
            },
        },
    }
    return {"BatchItem": {"oneOf": variants}, "BatchRequest": request}


def _case_models() -> tuple[dict[str, str], dict[str, Any]]:
    """Each available type's facts model name, and every schema they need (a dossier's too)."""
    types = [t for t in document_types() if t.available]
    extra = [(DossierFacts, "validation"), (Evenement, "validation")]
    refs, defs = models_json_schema(
        [(t.facts, "validation") for t in types] + extra, ref_template=REF
    )
    models = {t.id: refs[(t.facts, "validation")]["$ref"].rsplit("/", 1)[1] for t in types}
    schemas = defs.get("$defs", {})
    for t in types:
        schemas[models[t.id]]["title"] = t.label
    return models, schemas


def _operation(
    op_id: str,
    ok: dict[str, Any],
    *,
    status: str = "200",
    body: str | None = None,
    params: tuple[dict[str, Any], ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    """One operation: its success response, the problem+json errors, body and parameters."""
    operation: dict[str, Any] = {"operationId": op_id, "responses": {status: ok, **ERRORS}}
    if params:
        operation["parameters"] = list(params)
    if body:
        content = {"application/json": {"schema": _ref(body)}}
        operation["requestBody"] = {"required": True, "content": content}
    operation.update(extra)
    return operation


def _binary(description: str, *formats: str) -> dict[str, Any]:
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"description": description, "content": {MIMETYPES[f]: binary for f in formats}}


def _path_param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _document_paths(models: dict[str, str]) -> dict[str, Any]:
    fmt = {"name": "format", "in": "query", "schema": {"enum": list(MIMETYPES)}}
    labels = {t.id: t.label for t in document_types()}
    document = _binary("Le document.", "pdf", "docx", "zip")
    document["headers"] = {
        "Litige-Taux-Utilises": {
            "description": "Les taux lus par le calcul (liste JSON de RateUsed, en ASCII).",
            "schema": {"type": "string"},
        }
    }
    return {
        f"/documents/{type_id}": {
            "post": _operation(
                f"generate_{type_id}",
                document,
                body=model,
                params=(fmt,),
                summary=f"{labels[type_id]} : DOCX, PDF ou les deux dans un ZIP",
                description="Format choisi par `?format=` ou l'en-tête Accept (PDF par défaut).",
            )
        }
        for type_id, model in models.items()
    }


def _batch_paths() -> dict[str, Any]:
    job = _path_param("job_id", {"type": "string"})
    archive = _binary("ZIP, un dossier par élément, manifest.json en dernier.", "zip")
    accepted = _json(_ref("Job"), "Tâche acceptée.")
    download = _operation("get_job_archive", archive, params=(job,))
    download["responses"] |= {
        "409": _problem("Tâche pas encore terminée, ou échouée."),
        "410": _problem("Archive supprimée après la durée de conservation."),
    }
    return {
        "/batch": {"post": _operation("generate_batch", archive, body="BatchRequest")},
        "/jobs": {"post": _operation("create_job", accepted, status="202", body="BatchRequest")},
        "/jobs/{job_id}": {"get": _operation("get_job", _json(_ref("Job")), params=(job,))},
        "/jobs/{job_id}/archive": {"get": download},
    }


DOSSIER_SCHEMAS: dict[str, Any] = {
    "DossierRecord": {
        "type": "object",
        "description": "Un dossier : faits, chronologie, ce qui vient ensuite, documents.",
        "properties": {
            "id": {"type": "string"},
            "intitule": {"type": "string"},
            "debiteur": {"type": "string"},
            "etape": {"enum": list(STAGES)},
            "etape_libelle": {"type": "string"},
            "prochaine_echeance": {"type": ["string", "null"], "format": "date"},
            "cree_le": {"type": "string", "format": "date-time"},
            "clos_le": {"type": ["string", "null"], "format": "date"},
            "purge_le": {"type": ["string", "null"], "format": "date"},
            "faits": _ref("Dossier"),
            "evenements": {"type": "array", "items": _ref("Evenement")},
            "prochaines_etapes": {"type": "array", "items": _ref("NextStep")},
            "documents": {"type": "array", "items": _ref("DossierDocument")},
        },
    },
    "NextStep": {
        "type": "object",
        "description": "Ce qu'il faut faire ou savoir, avec le texte qui le dit.",
        "properties": {
            "nature": {"enum": ["alerte", "action", "info"]},
            "titre": {"type": "string"},
            "texte": {"type": "string"},
            "article": {"type": "string"},
            "date": {"type": ["string", "null"], "format": "date"},
        },
    },
    "DossierDocument": {
        "type": "object",
        "description": "Un document produit depuis le dossier et sa provenance.",
        "properties": {
            "id": {"type": "integer"},
            "type": {"enum": list(DOSSIER_TYPES)},
            "date": {"type": "string", "format": "date"},
            "produit_le": {"type": "string", "format": "date-time"},
            "modele_sha256": {"type": "string"},
            "fichiers": {"type": "object", "additionalProperties": {"type": "string"}},
            "nom": {"type": "string"},
            "taux": {"type": "array", "items": _ref("RateUsed")},
            "urls": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "DossierList": {
        "type": "object",
        "properties": {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "dossiers": {"type": "array", "items": {"type": "object"}},
        },
    },
}


def _dossier_paths() -> dict[str, Any]:
    ident = _path_param("id", {"type": "string"})
    kind = _path_param("type", {"enum": list(DOSSIER_TYPES)})
    document = _path_param("document_id", {"type": "integer"})
    fmt = _path_param("format", {"enum": list(FORMATS)})
    query = [
        {"name": "stage", "in": "query", "schema": {"enum": list(STAGES)}},
        {"name": "next_step_before", "in": "query", "schema": {"type": "string", "format": "date"}},
        {"name": "q", "in": "query", "schema": {"type": "string"}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    ]
    record = _json(_ref("DossierRecord"))
    additions = {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
        "description": "Ce que l'étape ajoute au dossier (pour un protocole : le cas entier).",
    }
    return {
        "/dossiers": {
            "get": _operation("list_dossiers", _json(_ref("DossierList")), params=tuple(query)),
            "post": _operation("create_dossier", record, status="201", body="Dossier"),
        },
        "/dossiers/{id}": {
            "get": _operation("get_dossier", record, params=(ident,)),
            "delete": _operation(
                "delete_dossier", {"description": "Dossier supprimé."}, status="204",
                params=(ident,),
            ),
        },
        "/dossiers/{id}/events": {
            "post": _operation(
                "add_dossier_event", record, status="201", body="Evenement", params=(ident,)
            )
        },
        "/dossiers/{id}/documents/{type}": {
            "post": _operation(
                "generate_dossier_document",
                _json(_ref("DossierDocument")),
                status="201",
                params=(ident, kind),
                requestBody=additions,
            )
        },
        "/dossiers/{id}/documents/{document_id}/{format}": {
            "get": _operation(
                "get_dossier_document",
                _binary("Le document, tel qu'il a été produit.", "pdf", "docx"),
                params=(ident, document, fmt),
            )
        },
        "/dossiers/{id}/export": {
            "get": _operation(
                "export_dossier",
                _binary("ZIP : dossier.json (faits, chronologie) et les documents.", "zip"),
                params=(ident,),
            )
        },
    }  # fmt: skip


def _paths(models: dict[str, str]) -> dict[str, Any]:
    types = _path_param("type", {"enum": list(models)})
    array = {"type": "array", "items": _ref("DocumentType")}
    schema = _json({"type": "object"}, "JSON Schema du dossier.")
    itself = _json({"type": "object"}, "Ce document.")
    paths = {
        "/document-types": {"get": _operation("list_document_types", _json(array))},
        "/document-types/{type}/schema": {
            "get": _operation("get_case_schema", schema, params=(types,))
        },
        "/openapi.json": {
            "get": {"operationId": "get_openapi", "security": [], "responses": {"200": itself}}
        },
        **_document_paths(models),
        **_batch_paths(),
        **_dossier_paths(),
    }
    return {PREFIX + path: item for path, item in paths.items()}


@functools.cache
def openapi() -> dict[str, Any]:
    """The OpenAPI document of the API (built once per process)."""
    models, schemas = _case_models()
    clash = set(schemas) & (set(OWN_SCHEMAS) | set(DOSSIER_SCHEMAS) | {"BatchItem", "BatchRequest"})
    if clash:
        raise RuntimeError(f"noms de schéma en double : {sorted(clash)}")
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "Litige — API de génération de documents",
            "version": "1.0.0",
            "description": "Documents d'un litige client générés depuis les faits du dossier.",
        },
        "paths": _paths(models),
        "components": {
            "schemas": {**schemas, **OWN_SCHEMAS, **DOSSIER_SCHEMAS, **_batch_schemas(models)},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }
