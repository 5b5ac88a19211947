"""A tiny checker for the JSON Schema subset the gold schema uses.

Supported keywords: type, properties, required, additionalProperties (false),
items, minimum, minLength, pattern, and $ref to "#/definitions/NAME". Enough
for gold files; no new dependency.
"""

from __future__ import annotations

import re
from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def _is_type(value: Any, name: str) -> bool:
    # bool is a subclass of int in Python; JSON keeps them apart.
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[name])


def schema_errors(value: Any, schema: dict, root: dict | None = None, path: str = "") -> list[str]:
    """Every violation of `schema` by `value`, as "path: problem" strings (empty when valid)."""
    root = schema if root is None else root
    if "$ref" in schema:
        ref = schema["$ref"]
        prefix = "#/definitions/"
        if not ref.startswith(prefix) or ref[len(prefix):] not in root.get("definitions", {}):
            raise ValueError(f"unsupported schema reference {ref!r}")
        return schema_errors(value, root["definitions"][ref[len(prefix):]], root, path)

    where = path or "(top level)"
    expected = schema.get("type")
    if expected is not None and not _is_type(value, expected):
        return [f"{where}: expected {expected}, got {_json_type(value)}"]

    errors: list[str] = []
    if isinstance(value, str):
        if len(value.strip()) < schema.get("minLength", 0):
            errors.append(f"{where}: must not be empty")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where}: {value!r} does not match the expected form")
    if _is_type(value, "number") and "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{where}: {value} is below the minimum {schema['minimum']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where}: missing required key {key!r}")
        properties = schema.get("properties", {})
        for key, item in value.items():
            child = f"{path}.{key}" if path else key
            if key in properties:
                errors.extend(schema_errors(item, properties[key], root, child))
            elif schema.get("additionalProperties", True) is False:
                errors.append(f"{where}: unknown key {key!r}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors.extend(schema_errors(item, schema["items"], root, f"{path}[{index}]"))
    return errors


def _json_type(value: Any) -> str:
    for name in ("boolean", "integer", "number", "string", "array", "object"):
        if _is_type(value, name):
            return name
    return "null" if value is None else type(value).__name__
