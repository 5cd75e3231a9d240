"""Is a callback request one Dash's renderer could have sent? (Pure; used by `server`.)

`check_body(body, callback_map)` returns None for a plausible body, else a short Swedish
reason. It checks the shape (the callback exists; its inputs and states are the declared
ones, in order) and bounds each value by its property, so a forged request cannot reach a
callback with a type the component never sends:

- `n_clicks`: a whole number 0…10⁹ or nothing; `pathname`: text "/…" ≤ 2,000 characters;
  `search` "?…", `hash` "#…", `href`: the same or nothing; `id`: the component's own id;
- URL arguments (`<page>-args.data`, `{"type": "…-args"}.data`): a small dict (never
  nothing: the layout fills it) of texts and numbers;
- a `value`: text or nothing, or a list of at most 200 texts (≤ 500 characters each): every
  input of the app is a Select, RadioItems, Checklist, a search box or a text area, whose
  values are texts (a number input would need its own rule here). A single text may be as
  long as `MAX_TEXT_VALUE`: a text area's motivation, note or answer (the app allows 4,000
  characters) must reach its callback, which refuses a longer one in Swedish;
- another store's `data`: no list longer than 50 (the stores the server fills hold years
  and periods);
- anything else: at most 200,000 JSON nodes, nested at most 64 deep (the body limit of 1 MB
  bounds the rest).

What a value means (is the year one with data? is the offset inside the list?) is for the
callback to check.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_CLICKS = 10**9
MAX_URL = 2_000
MAX_VALUE_TEXT = 500
MAX_TEXT_VALUE = 20_000  # one text (a text area): above every limit the callbacks enforce
MAX_VALUE_ITEMS = 200
MAX_ARG_TEXT = 8_000  # a URL argument: at most a long URL (gunicorn refuses lines > 4094)
MAX_ARGS = 20
MAX_STORE_LIST = 50  # a store the server filled holds years, periods: a few dozen at most


def check_body(body, callback_map: Mapping) -> str | None:
    if not isinstance(body, dict):
        return "inget JSON-objekt"
    output = body.get("output")
    if not isinstance(output, str) or output not in callback_map:
        return "okänd callback"
    spec = callback_map[output]
    if not isinstance(body.get("outputs"), (dict, list)):
        return "fel form på outputs"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "fel form på changedPropIds"
    for key in ("inputs", "state"):
        problem = _check_deps(body.get(key, []), spec.get(key, []), key)
        if problem:
            return problem
    return None


def _check_deps(items, declared: list[dict], key: str) -> str | None:
    if not isinstance(items, list) or len(items) != len(declared):
        return f"fel antal {key}"
    for item, dep in zip(items, declared, strict=False):
        wildcard = dep["id"].startswith("{")
        group = item if wildcard and isinstance(item, list) else [item]
        if len(group) > MAX_VALUE_ITEMS * 10:
            return f"för många {key}"
        for one in group:
            problem = _check_dep(one, dep, wildcard)
            if problem:
                return f"{dep['id'][:60]}.{dep['property']}: {problem}"
    return None


def _check_dep(item, dep: dict, wildcard: bool) -> str | None:
    if not isinstance(item, dict) or item.get("property") != dep["property"]:
        return "fel form"
    ident = item.get("id")
    if wildcard:
        declared = json.loads(dep["id"])
        if not isinstance(ident, dict) or set(ident) != set(declared):
            return "fel id"
        if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                   for v in ident.values()):
            return "fel id"
        if any(not isinstance(w, list) and ident[k] != w for k, w in declared.items()):
            return "fel id"
    elif ident != dep["id"]:
        return "fel id"
    if dep["property"] == "id" and item.get("value") != ident:
        return "fel id"  # a component's `id` property is its id
    return check_value(dep["property"], dep["id"], item.get("value"))


def check_value(prop: str, ident: str, value) -> str | None:
    """None when `value` is one the property can have, else why not."""
    if _too_big(value):
        return "värdet är för stort"
    if prop == "n_clicks":
        ok = value is None or (type(value) is int and 0 <= value <= MAX_CLICKS)
        return None if ok else "inget antal klick"
    if prop in ("pathname", "search", "href", "hash"):
        start = {"pathname": "/", "search": "?", "hash": "#"}.get(prop, "")
        ok = (value is None and prop != "pathname") or (
            isinstance(value, str) and len(value) <= MAX_URL
            and (value.startswith(start) or (value == "" and prop != "pathname")))
        return None if ok else "ingen adress"
    if prop == "data" and _is_args(ident):
        return _check_args(value)
    if prop == "value":
        return _check_choice(value)
    if prop == "data" and _longest_list(value) > MAX_STORE_LIST:
        return "för lång lista"
    return None


def _is_args(ident: str) -> bool:
    """A store of URL arguments: `<page>-args`, or a pattern id of type `<something>-args`."""
    if ident.startswith("{"):
        return str(json.loads(ident).get("type", "")).endswith("-args")
    return ident.endswith("-args")


def _check_args(value) -> str | None:
    if not isinstance(value, dict) or len(value) > MAX_ARGS:  # the layout always fills it
        return "fel form på sidans argument"
    for key, arg in value.items():
        if isinstance(arg, str) and len(arg) > MAX_ARG_TEXT:
            return f"argumentet {key[:20]} är för långt"
        if not isinstance(arg, (str, int, float, type(None))):
            return f"argumentet {key[:20]} är ingen text eller siffra"
    return None


def _check_choice(value) -> str | None:
    if isinstance(value, str):
        return None if len(value) <= MAX_TEXT_VALUE else "texten är för lång"
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_VALUE_ITEMS:
        return "för många val"
    for item in items:
        if not isinstance(item, (str, type(None))) or (isinstance(item, str)
                                                       and len(item) > MAX_VALUE_TEXT):
            return "ogiltigt val"
    return None


def _longest_list(value) -> int:
    longest, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            longest = max(longest, len(item))
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return longest


def _too_big(value) -> bool:
    """More than MAX_NODES nodes or nested deeper than MAX_DEPTH (iterative: no recursion)."""
    stack = [(value, 0)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES or depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False
