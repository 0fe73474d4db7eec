"""What a page says about itself beyond trafilatura's metadata: its schema.org types and section.

News sites mark opinion in JSON-LD (`"@type": "OpinionNewsArticle"`) and in
`<meta property="article:section" content="Opinion">`; `bot.article.genre`
reads both. Broken JSON or markup is ignored: these are hints, never required.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trafilatura.utils import load_html

__all__ = ["PageMeta", "read_page_meta"]

_MAX_LD_CHARS = 200_000
_SECTION_XPATH = (
    "//meta[@property='article:section' or @name='article:section' or @name='section'"
    " or @property='og:section' or @name='parsely-section' or @name='category']/@content"
)


@dataclass(frozen=True)
class PageMeta:
    schema_types: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()


def read_page_meta(html: str) -> PageMeta:
    """The schema.org `@type`s and the section names a page declares."""
    tree = load_html(html)
    if tree is None:
        return PageMeta()
    types: list[str] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        if len(script) > _MAX_LD_CHARS:
            continue
        try:
            data = json.loads(script)
        except ValueError:
            continue
        types.extend(_types(data))
        for node in _nodes(data):
            section = node.get("articleSection")
            if isinstance(section, str):
                types.append(f"section:{section}")
            elif isinstance(section, list):
                types.extend(f"section:{s}" for s in section if isinstance(s, str))
    sections = [str(s).strip() for s in tree.xpath(_SECTION_XPATH) if str(s).strip()]
    sections += [t.removeprefix("section:") for t in types if t.startswith("section:")]
    return PageMeta(
        schema_types=tuple(dict.fromkeys(t for t in types if not t.startswith("section:"))),
        sections=tuple(dict.fromkeys(sections)),
    )


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object, including those inside `@graph` and lists."""
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph"))


def _types(data: Any) -> Iterator[str]:
    for node in _nodes(data):
        kind = node.get("@type")
        if isinstance(kind, str):
            yield kind
        elif isinstance(kind, list):
            yield from (k for k in kind if isinstance(k, str))
