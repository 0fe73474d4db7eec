"""Block Kit limits as Slack enforces them, for the fake Slack Web API (`slack_api`).

`block_errors(blocks)` returns Slack-style messages, e.g.
"must be less than 3001 characters [json-pointer:/blocks/0/text/text]"; an empty
list means the blocks pass. Limits are those documented on docs.slack.dev and
mirrored in slack_sdk/models/blocks/blocks.py: 50 blocks; section text 3000 and
fields 10 x 2000; header plain_text 150; context 10 elements; actions 25 elements;
markdown 12,000; block_id 255 and unique; unknown block types rejected. Text
objects must not be empty. Lengths are Python `len` (code points).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

MAX_BLOCKS = 50
MAX_BLOCK_ID = 255
MAX_SECTION_TEXT = 3000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_MARKDOWN_TEXT = 12_000
MAX_TEXT_OBJECT = 3000
MAX_ALT_TEXT = 2000

# Every type slack_sdk's Block.parse knows; anything else is `invalid_blocks`.
KNOWN_BLOCK_TYPES = frozenset(
    {
        "actions",
        "alert",
        "auth_provider",
        "call",
        "card",
        "carousel",
        "container",
        "context",
        "context_actions",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "plan",
        "rich_text",
        "section",
        "table",
        "task_card",
        "video",
    }
)
TEXT_TYPES = ("plain_text", "mrkdwn")


def _error(message: str, pointer: str) -> str:
    return f"{message} [json-pointer:{pointer}]"


def _length_error(value: str, limit: int, pointer: str) -> list[str]:
    if not value:
        return [_error("must be more than 0 characters", pointer)]
    if len(value) > limit:
        return [_error(f"must be less than {limit + 1} characters", pointer)]
    return []


def _text_object(
    obj: Any, where: str, limit: int, kinds: tuple[str, ...] = TEXT_TYPES
) -> list[str]:
    if not isinstance(obj, dict):
        return [_error("must be an object", where)]
    if obj.get("type") not in kinds:
        return [_error("must be a valid enum value", f"{where}/type")]
    text = obj.get("text")
    if not isinstance(text, str):
        return [_error("must be a string", f"{where}/text")]
    return _length_error(text, limit, f"{where}/text")


def _items(block: dict[str, Any], key: str, where: str, limit: int) -> tuple[list[Any], list[str]]:
    """The list at `block[key]`, required, 1..limit items."""
    items = block.get(key)
    pointer = f"{where}/{key}"
    if not isinstance(items, list) or not items:
        return [], [_error("must contain at least 1 item", pointer)]
    if len(items) > limit:
        return items, [_error(f"must be less than {limit + 1} items", pointer)]
    return items, []


def _section(block: dict[str, Any], where: str) -> list[str]:
    if "text" not in block and "fields" not in block:
        return [_error("must provide either text or fields", where)]
    errors = []
    if "text" in block:
        errors += _text_object(block["text"], f"{where}/text", MAX_SECTION_TEXT)
    if "fields" in block:
        fields, errors_ = _items(block, "fields", where, MAX_SECTION_FIELDS)
        errors += errors_
        for i, item in enumerate(fields):
            errors += _text_object(item, f"{where}/fields/{i}", MAX_FIELD_TEXT)
    return errors


def _header(block: dict[str, Any], where: str) -> list[str]:
    return _text_object(block.get("text"), f"{where}/text", MAX_HEADER_TEXT, ("plain_text",))


def _context(block: dict[str, Any], where: str) -> list[str]:
    elements, errors = _items(block, "elements", where, MAX_CONTEXT_ELEMENTS)
    for i, element in enumerate(elements):
        if not (isinstance(element, dict) and element.get("type") == "image"):
            errors += _text_object(element, f"{where}/elements/{i}", MAX_TEXT_OBJECT)
    return errors


def _actions(block: dict[str, Any], where: str) -> list[str]:
    return _items(block, "elements", where, MAX_ACTIONS_ELEMENTS)[1]


def _markdown(block: dict[str, Any], where: str) -> list[str]:
    text = block.get("text")
    if not isinstance(text, str):
        return [_error("must be a string", f"{where}/text")]
    return _length_error(text, MAX_MARKDOWN_TEXT, f"{where}/text")


def _image(block: dict[str, Any], where: str) -> list[str]:
    alt = block.get("alt_text")
    if not isinstance(alt, str):
        return [_error("must be a string", f"{where}/alt_text")]
    return _length_error(alt, MAX_ALT_TEXT, f"{where}/alt_text")


_CHECKS: dict[str, Callable[[dict[str, Any], str], list[str]]] = {
    "section": _section,
    "header": _header,
    "context": _context,
    "actions": _actions,
    "markdown": _markdown,
    "image": _image,
}


def block_errors(blocks: list[Any]) -> list[str]:
    """Every limit the blocks break, as Slack words it; empty when they pass."""
    errors = []
    if len(blocks) > MAX_BLOCKS:
        errors.append(_error(f"must be less than {MAX_BLOCKS + 1} items", "/blocks"))
    seen_ids: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"/blocks/{i}"
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            errors.append(_error("must be an object with a type", where))
            continue
        if block["type"] not in KNOWN_BLOCK_TYPES:
            errors.append(_error(f"unsupported block type: {block['type']}", f"{where}/type"))
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or len(block_id) > MAX_BLOCK_ID:
                errors.append(
                    _error(f"must be less than {MAX_BLOCK_ID + 1} characters", f"{where}/block_id")
                )
            elif block_id in seen_ids:
                errors.append(_error("duplicate block_id", f"{where}/block_id"))
            seen_ids.add(str(block_id))
        check = _CHECKS.get(block["type"])
        if check is not None:
            errors += check(block, where)
    return errors


def blocks_text_length(value: Any) -> int:
    """Characters in every `text` string under `value`: what msg_blocks_too_long counts."""
    if isinstance(value, list):
        return sum(blocks_text_length(item) for item in value)
    if isinstance(value, dict):
        return sum(
            len(item) if key == "text" and isinstance(item, str) else blocks_text_length(item)
            for key, item in value.items()
        )
    return 0
