"""What a body is and how to turn its bytes into text.

The fetcher uses `parse_content_type` and `sniff` to accept HTML and plain text
only; the extractor uses `decode` to pick a charset the way browsers do: a byte
order mark, then the HTTP charset, then a `<meta charset>`, then UTF-8, then
charset-normalizer's guess for undeclared bytes that are not UTF-8.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from bot.errors import ExtractionError

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
    }
)
"""What a news feed is served as (the digest's feeds; never an article link)."""

_PASTE_HINT = "Paste the article's text instead."
_GUESS_BYTES = 200_000  # enough to tell a charset; guessing on 5 MB would be slow
_GUESS_MIN_BYTES = 128  # fewer bytes say too little: windows-1252, as browsers do

_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([^"';,\s]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|p|div|article|h1)\b",
    re.IGNORECASE | re.DOTALL,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do we.
_AS_WINDOWS_1252 = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "l1"})
_BINARY_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "an image"),
    (b"GIF8", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"PK\x03\x04", "a zip file or office document"),
    (b"\x1f\x8b", "a compressed file"),
)
_TYPE_NAMES = {
    "application/pdf": "a PDF document",
    "application/json": "JSON data",
    "application/zip": "a zip file",
    "application/octet-stream": "a download, not a web page",
}


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """`text/html; charset=UTF-8` → (`text/html`, `UTF-8`); ("", None) when absent."""
    if not header:
        return "", None
    mime = header.split(";", 1)[0].strip().lower()
    match = _CHARSET_PARAM.search(header)
    return mime, match.group(1) if match else None


def describe_type(mime: str) -> str:
    """A few words a reader understands for a content type Brief cannot read."""
    if mime in _TYPE_NAMES:
        return _TYPE_NAMES[mime]
    major = mime.split("/", 1)[0]
    if major in {"image", "audio", "video", "font"}:
        return f"{'an' if major in {'image', 'audio'} else 'a'} {major} file"
    return f"a {mime} file" if mime else "a file of unknown type"


def check_readable_type(mime: str, extra: frozenset[str] = frozenset()) -> None:
    """Refuse content types that are neither HTML nor plain text (nor one of `extra`)."""
    if mime and mime not in HTML_TYPES and mime not in TEXT_TYPES and mime not in extra:
        raise ExtractionError(
            f"The link leads to {describe_type(mime)}, not an article page; "
            "Brief reads HTML pages and plain text.",
            hint=_PASTE_HINT,
        )


def sniff(body: bytes) -> str:
    """Guess `text/html` or `text/plain` for a body without a content type.

    Raises `ExtractionError` for anything that looks binary.
    """
    name = binary_kind(body)
    if name is not None:
        raise ExtractionError(f"The link leads to {name}, not an article page.", hint=_PASTE_HINT)
    return "text/html" if is_html(body) else "text/plain"


def binary_kind(body: bytes) -> str | None:
    """What `body` is when no article text file would hold it (NUL bytes, magic numbers)."""
    head = body[:1024]
    if _bom_encoding(head) is not None:
        return None
    for magic, name in _BINARY_MAGIC:
        if head.startswith(magic):
            return name
    return "a binary file" if b"\x00" in head else None


def is_html(body: bytes) -> bool:
    """True when `body` starts like an HTML document."""
    return bool(_HTML_START.match(_strip_bom(body[:1024])))


def decode(body: bytes, charset: str | None = None, *, html: bool = False) -> str:
    """Bytes to text: BOM, then `charset`, then `<meta charset>` (HTML), then UTF-8."""
    bom = _bom_encoding(body)
    if bom is not None:
        return body.decode(bom, errors="replace").lstrip("\ufeff")
    codec = _codec(charset)
    if codec is None and html:
        codec = _codec(_meta_charset(body))
        # A page cannot really be UTF-16 if it says so in ASCII-compatible bytes.
        codec = "utf-8" if codec and codec.startswith(("utf-16", "utf-32")) else codec
    if codec is not None:
        return body.decode(codec, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return _guess(body)


def _guess(body: bytes) -> str:
    """Undeclared and not UTF-8: let charset-normalizer weigh the bytes (a windows-1251 page
    read as windows-1252 is gibberish); windows-1252 when it cannot tell."""
    best = charset_normalizer.from_bytes(body[:_GUESS_BYTES]).best()
    if len(body) >= _GUESS_MIN_BYTES and best is not None and best.encoding:
        try:
            return body.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return body.decode("cp1252", errors="replace")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii") if match else None


def _bom_encoding(body: bytes) -> str | None:
    return next((enc for bom, enc in _BOMS if body.startswith(bom)), None)


def _strip_bom(body: bytes) -> bytes:
    return body[len(codecs.BOM_UTF8) :] if body.startswith(codecs.BOM_UTF8) else body
