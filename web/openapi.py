"""The OpenAPI 3.1 description of the API, built from the case-facts models themselves."""

from __future__ import annotations

import functools
from typing import Any

from pydantic.json_schema import models_json_schema

from docgen import FORMATS, document_types

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
    "422": _problem("Données invalides : une entrée par champ dans `errors`."),
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
    """Each available type's facts model name, and every schema they need."""
    types = [t for t in document_types() if t.available]
    refs, defs = models_json_schema([(t.facts, "validation") for t in types], ref_template=REF)
    models = {t.id: refs[(t.facts, "validation")]["$ref"].rsplit("/", 1)[1] for t in types}
    schemas = defs.get("$defs", {})
    for t in types:
        schemas[models[t.id]]["title"] = t.label
    return models, schemas


def _document_path(type_id: str, label: str, model: str) -> dict[str, Any]:
    content = {
        mime: {"schema": {"type": "string", "format": "binary"}} for mime in MIMETYPES.values()
    }
    fmt = {"name": "format", "in": "query", "schema": {"enum": list(MIMETYPES)}}
    return {
        "post": {
            "operationId": f"generate_{type_id}",
            "summary": f"{label} : DOCX, PDF ou les deux dans un ZIP",
            "description": "Format choisi par `?format=` ou l'en-tête Accept (PDF par défaut).",
            "parameters": [fmt],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref(model)}},
            },
            "responses": {"200": {"description": "Le document.", "content": content}, **ERRORS},
        }
    }


def _paths(models: dict[str, str]) -> dict[str, Any]:
    zip_body = {"application/zip": {"schema": {"type": "string", "format": "binary"}}}
    batch_body = {
        "required": True,
        "content": {"application/json": {"schema": _ref("BatchRequest")}},
    }
    type_param = {"name": "type", "in": "path", "required": True, "schema": {"enum": list(models)}}
    job_param = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}
    gone = _problem("Archive supprimée après la durée de conservation.")
    paths: dict[str, Any] = {
        "/document-types": {
            "get": {
                "operationId": "list_document_types",
                "responses": {
                    "200": _json({"type": "array", "items": _ref("DocumentType")}),
                    **ERRORS,
                },
            }
        },
        "/document-types/{type}/schema": {
            "get": {
                "operationId": "get_case_schema",
                "parameters": [type_param],
                "responses": {
                    "200": _json({"type": "object"}, "JSON Schema du dossier."),
                    **ERRORS,
                },
            }
        },
        "/openapi.json": {
            "get": {
                "operationId": "get_openapi",
                "security": [],
                "responses": {"200": _json({"type": "object"}, "Ce document.")},
            }
        },
        "/batch": {
            "post": {
                "operationId": "generate_batch",
                "requestBody": batch_body,
                "responses": {
                    "200": {
                        "description": "ZIP, un dossier par élément, manifest.json en dernier.",
                        "content": zip_body,
                    },
                    **ERRORS,
                },
            }
        },
        "/jobs": {
            "post": {
                "operationId": "create_job",
                "requestBody": batch_body,
                "responses": {
                    "202": _json(_ref("Job"), "Tâche acceptée (en-tête Location)."),
                    **ERRORS,
                },
            }
        },
        "/jobs/{job_id}": {
            "get": {
                "operationId": "get_job",
                "parameters": [job_param],
                "responses": {"200": _json(_ref("Job")), **ERRORS},
            }
        },
        "/jobs/{job_id}/archive": {
            "get": {
                "operationId": "get_job_archive",
                "parameters": [job_param],
                "responses": {
                    "200": {"description": "L'archive.", "content": zip_body},
                    "409": _problem("Tâche pas encore terminée."),
                    "410": gone,
                    **ERRORS,
                },
            }
        },
    }
    labels = {t.id: t.label for t in document_types()}
    for type_id, model in models.items():
        paths[f"/documents/{type_id}"] = _document_path(type_id, labels[type_id], model)
    return {PREFIX + path: item for path, item in paths.items()}


@functools.cache
def openapi() -> dict[str, Any]:
    """The OpenAPI document of the API (built once per process)."""
    models, schemas = _case_models()
    clash = set(schemas) & (set(OWN_SCHEMAS) | {"BatchItem", "BatchRequest"})
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
            "schemas": {**schemas, **OWN_SCHEMAS, **_batch_schemas(models)},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }
