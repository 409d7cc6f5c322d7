#!/usr/bin/env python3
"""Checks the resources of ARM templates against the azure-mgmt-apimanagement models.

Usage: arm_models.py TEMPLATE.json...

Each resource's `properties` must use only properties the SDK model of its type knows
(at any depth), none of them read-only, with the JSON types the model declares and
within its documented constraints (lengths, patterns, ranges, item counts); the
properties the ARM reference marks required must be present; and the SDK must
deserialize the body. Prints one line per problem and `N resources checked`; exits 1 on
any problem.
"""

import json
import re
import sys

from azure.mgmt.apimanagement import models

P = "Microsoft.ApiManagement/service/"
MODELS = {
    P + "namedValues": models.NamedValueCreateContract,
    P + "backends": models.BackendContract,
    P + "policyFragments": models.PolicyFragmentContract,
    P + "policies": models.PolicyContract,
    P + "apis": models.ApiCreateOrUpdateParameter,
    P + "apis/policies": models.PolicyContract,
    P + "apis/operations": models.OperationContract,
    P + "apis/operations/policies": models.PolicyContract,
    P + "products": models.ProductContract,
    P + "products/policies": models.PolicyContract,
    # A link between a product and an API has no body.
    P + "products/apis": None,
}

# Required by the ARM template reference (2024-05-01); the SDK flattens these
# properties and drops their `required` flags.
REQUIRED = {
    P + "namedValues": ["displayName"],
    P + "policyFragments": ["value"],
    P + "policies": ["value"],
    P + "apis": ["path"],
    P + "apis/policies": ["value"],
    P + "apis/operations": ["displayName", "method", "urlTemplate"],
    P + "apis/operations/policies": ["value"],
    P + "products": ["displayName"],
    P + "products/policies": ["value"],
}

RESOURCE_KEYS = {"type", "apiVersion", "name", "properties", "dependsOn"}
EXPRESSION = re.compile(r"^\[(?!\[).*\]$", re.S)


def split_key(key):
    """`properties.displayName` -> ['properties', 'displayName'] (`\\.` escapes a dot)."""
    return [part.replace("\\.", ".") for part in re.split(r"(?<!\\)\.", key)]


def shape(cls):
    """The model's JSON keys as a tree: leaf = (attribute, type, validation)."""
    tree = {}
    for attribute, info in cls._attribute_map.items():
        node = tree
        parts = split_key(info["key"])
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = (attribute, info["type"], cls._validation.get(attribute, {}))
    return tree


def check_constraints(value, validation, where, problems):
    if validation.get("readonly"):
        problems.append(f"{where}: read-only property")
    if isinstance(value, str) and EXPRESSION.match(value):
        return  # resolved at deployment
    if isinstance(value, str):
        if "max_length" in validation and len(value) > validation["max_length"]:
            problems.append(f"{where}: longer than {validation['max_length']}")
        if "min_length" in validation and len(value) < validation["min_length"]:
            problems.append(f"{where}: shorter than {validation['min_length']}")
        if "pattern" in validation and not re.search(validation["pattern"], value):
            problems.append(f"{where}: does not match {validation['pattern']}")
    if isinstance(value, int) and not isinstance(value, bool):
        if "maximum" in validation and value > validation["maximum"]:
            problems.append(f"{where}: above {validation['maximum']}")
        if "minimum" in validation and value < validation["minimum"]:
            problems.append(f"{where}: below {validation['minimum']}")
    if isinstance(value, list):
        if "max_items" in validation and len(value) > validation["max_items"]:
            problems.append(f"{where}: more than {validation['max_items']} items")
        if "min_items" in validation and len(value) < validation["min_items"]:
            problems.append(f"{where}: fewer than {validation['min_items']} items")


def check_type(value, kind, where, problems):
    if isinstance(value, str) and EXPRESSION.match(value):
        return
    if kind.startswith("[") and kind.endswith("]"):
        if not isinstance(value, list):
            problems.append(f"{where}: expected an array")
            return
        for index, item in enumerate(value):
            check_type(item, kind[1:-1], f"{where}[{index}]", problems)
    elif kind.startswith("{") and kind.endswith("}"):
        if not isinstance(value, dict):
            problems.append(f"{where}: expected an object")
            return
        for key, item in value.items():
            check_type(item, kind[1:-1], f"{where}.{key}", problems)
    elif kind in ("str", "duration", "iso-8601"):
        if not isinstance(value, str):
            problems.append(f"{where}: expected a string")
    elif kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{where}: expected an integer")
    elif kind == "bool":
        if not isinstance(value, bool):
            problems.append(f"{where}: expected a boolean")
    elif kind == "object":
        pass
    else:
        cls = getattr(models, kind, None)
        if cls is None or not hasattr(cls, "_attribute_map"):
            if not isinstance(value, str):
                problems.append(f"{where}: expected a string ({kind})")
            return
        if not isinstance(value, dict):
            problems.append(f"{where}: expected an object ({kind})")
            return
        check_object(value, shape(cls), cls, where, problems)


def check_object(value, tree, cls, where, problems):
    for key, item in value.items():
        if key not in tree:
            problems.append(f"{where}.{key}: unknown property of {cls.__name__}")
            continue
        node = tree[key]
        if isinstance(node, dict):
            if not isinstance(item, dict):
                problems.append(f"{where}.{key}: expected an object")
            else:
                check_object(item, node, cls, f"{where}.{key}", problems)
            continue
        _, kind, validation = node
        check_constraints(item, validation, f"{where}.{key}", problems)
        check_type(item, kind, f"{where}.{key}", problems)
    for key, node in tree.items():
        if isinstance(node, tuple) and node[2].get("required") and key not in value:
            problems.append(f"{where}.{key}: missing required property of {cls.__name__}")


def check_resource(resource, where, problems):
    for key in resource:
        if key not in RESOURCE_KEYS:
            problems.append(f"{where}.{key}: not a resource key")
    kind = resource.get("type")
    if kind not in MODELS:
        problems.append(f"{where}: no model for type {kind!r}")
        return
    if resource.get("apiVersion") != "2024-05-01":
        problems.append(f"{where}: apiVersion {resource.get('apiVersion')!r}, expected 2024-05-01")
    cls = MODELS[kind]
    body = {k: v for k, v in resource.items() if k == "properties"}
    if cls is None:
        if body:
            problems.append(f"{where}: {kind} takes no properties")
        return
    check_object(body, shape(cls), cls, where, problems)
    properties = resource.get("properties", {})
    for name in REQUIRED.get(kind, []):
        if name not in properties:
            problems.append(f"{where}.properties.{name}: missing required property of {kind}")
    try:
        cls.deserialize(body)
    except Exception as error:  # the SDK's own reading of the body
        problems.append(f"{where}: the SDK cannot deserialize it: {error}")


def main(paths):
    problems = []
    checked = 0
    for path in paths:
        with open(path, encoding="utf-8") as file:
            template = json.load(file)
        for index, resource in enumerate(template.get("resources", [])):
            name = resource.get("name", "?")
            check_resource(resource, f"{path}: resources[{index}] {name}", problems)
            checked += 1
    for problem in problems:
        print(problem)
    print(f"{checked} resources checked, {len(problems)} problems")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
