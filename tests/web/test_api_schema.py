"""Every response of the API is typed: the OpenAPI document names every field a client receives, so that a
new endpoint returning an untyped dict (or a field typed `dict[str, Any]`) fails here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from multitrack.api import api

# Where a response may hold keys the schema does not name, and why. Keyed by operationId and the place in
# its 2xx schema (as `untyped` names it); an entry that no longer matches anything fails too.
OPEN_ON_PURPOSE = {
    ("multitrack_api_hub_pull_bundles", "[]<BundleOut>"): "a bundle is handed over as signed: any key "
    "its signer added is covered by the signature",
    ("multitrack_api_hub_pull_bundles", "[]<BundleOut>.cards[]<BundleCardOut>"): "the same, in a card",
    ("multitrack_api_hub_pull_bundles", "[]<BundleOut>.encodings|0<EncodingsOut>"): "the same, in encodings",
}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The document as served (/api/openapi.json): JSON, so status codes are strings."""
    return json.loads(json.dumps(api.get_openapi_schema()))


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation["operationId"], operation


def untyped(node: Any, components: dict[str, Any], where: str = "", seen: frozenset[str] = frozenset()) -> (
    Iterator[tuple[str, str]]
):  # fmt: skip
    """(place, what is wrong) for each part of a JSON schema whose shape is not told: anything (`{}`), an
    object without properties, an object open to more keys, a map whose values are not typed or that does
    not say what its keys are."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        yield from untyped(components[name], components, f"{where}<{name}>", seen | {name})
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for i, option in enumerate(node.get(key, [])):
            yield from untyped(option, components, f"{where}|{i}", seen)
    kind = node.get("type")
    if kind is None and not any(k in node for k in ("anyOf", "oneOf", "allOf", "enum", "const")):
        yield where, "any value"
    if kind == "array":
        for i, item in enumerate(node.get("prefixItems", [])):
            yield from untyped(item, components, f"{where}[{i}]", seen)
        if "prefixItems" not in node:
            yield from untyped(node.get("items", {}), components, f"{where}[]", seen)
    if kind == "object":
        properties, more = node.get("properties", {}), node.get("additionalProperties")
        for name, field in properties.items():
            yield from untyped(field, components, f"{where}.{name}", seen)
        if isinstance(more, dict) and more:
            if not node.get("description"):
                yield where, "a map whose description does not say what its keys are"
            yield from untyped(more, components, f"{where}.*", seen)
        elif more is True or (not properties and more is None) or more == {}:
            yield where, "an object open to keys its schema does not name"


def test_every_success_response_has_a_schema_naming_every_field(schema: dict[str, Any]):
    components = schema["components"]["schemas"]
    found, exempt = [], set()
    for name, operation_id, operation in operations(schema):
        for status, response in operation["responses"].items():
            if not status.startswith("2"):
                continue
            body = response.get("content", {}).get("application/json")
            if body is None:
                found.append(f"{name} {status}: no response schema (declare response=…)")
                continue
            for where, problem in untyped(body["schema"], components):
                if (operation_id, where) in OPEN_ON_PURPOSE:
                    exempt.add((operation_id, where))
                else:
                    found.append(f"{name} {status} {where or 'body'}: {problem}")
    assert not found, "untyped responses:\n" + "\n".join(found)
    assert exempt == set(OPEN_ON_PURPOSE), f"exemptions that match nothing: {set(OPEN_ON_PURPOSE) - exempt}"


def test_every_error_response_is_the_shared_error_schema(schema: dict[str, Any]):
    wrong = [
        f"{name} {status}"
        for name, _operation_id, operation in operations(schema)
        for status, response in operation["responses"].items()
        if not status.startswith("2")
        and response.get("content", {}).get("application/json", {}).get("schema")
        != {"$ref": "#/components/schemas/ErrorOut"}
    ]
    assert not wrong, f"error responses not declared as ErrorOut: {wrong}"


def test_the_check_finds_an_untyped_response():
    open_one = {"type": "object", "additionalProperties": True, "properties": {"a": {"type": "string"}}}
    components = {"Open": open_one}
    assert list(untyped({"type": "object"}, {})) == [("", "an object open to keys its schema does not name")]
    assert [w for w, _ in untyped({"type": "array", "items": {"type": "object"}}, {})] == ["[]"]
    assert [w for w, _ in untyped({"$ref": "#/components/schemas/Open"}, components)] == ["<Open>"]
    assert list(untyped({"type": "object", "additionalProperties": {"type": "integer"}}, {})) == [
        ("", "a map whose description does not say what its keys are")
    ]
    assert list(untyped({"type": "object", "properties": {"x": {}}}, {})) == [(".x", "any value")]
