"""Prompt templates: load, validate, render and version the files in `prompts/`.

Each template is one TOML file, `prompts/<name>.toml`, with exactly these keys::

    name = "brief"                  # must match the file name
    description = "..."
    variables = ["article"]         # every placeholder, and nothing else
    system = "..."                  # the system message
    user = "... {{ article }} ..."  # the user message

Placeholders are `{{ name }}`. Validation happens at load time: an unknown key,
a placeholder not in `variables`, a declared variable used nowhere, or a stray
`{{`/`}}` is a `PromptError`. Rendering is one pass (a value that itself looks
like `{{ x }}` is never expanded) and every declared variable must be given.

A prompt's `version` is a short hash of its file's bytes, so editing a template
changes the engine's cache key (`EngineInfo.prompt_version`).

Untrusted text (an article, a Slack thread, a question) goes into a prompt only
through `fence_article` / `fence_untrusted`: it is wrapped in marker lines whose
id is a hash of the text itself, which the text therefore cannot contain, so an
article can never close its own fence and speak as the instructions.

The templates live in the checkout's `prompts/` folder; `bot/_prompts` links to it and a
built wheel carries a copy, so an installed Brief (`pip install .`) finds them too.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.article.model import Article
from bot.errors import ConfigError

__all__ = [
    "PROMPTS_DIR",
    "Prompt",
    "PromptError",
    "RenderedPrompt",
    "fence_article",
    "fence_untrusted",
    "load_all",
    "load_prompt",
]

PROMPTS_DIR = Path(__file__).resolve().parent / "_prompts"
"""`bot/_prompts`: in a checkout a link to the top-level `prompts/`, in an installed wheel a
copy of it (package data), so Brief runs with or without a checkout."""

_NAME = r"[a-z][a-z0-9_]*"
_NAME_RE = re.compile(rf"^{_NAME}$")
_PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_VERSION_CHARS = 10
_FENCE_ID_CHARS = 16


class PromptError(ConfigError):
    """A prompt template is missing, malformed, or was rendered with the wrong variables."""


class _PromptFile(BaseModel):
    """The TOML file's shape; anything else in the file is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=rf"^{_NAME}$")
    description: str = Field(min_length=1)
    variables: list[str]
    system: str = Field(min_length=1)
    user: str = Field(min_length=1)


@dataclass(frozen=True)
class RenderedPrompt:
    """The two messages sent to a chat model."""

    system: str
    user: str


@dataclass(frozen=True)
class Prompt:
    """A validated template. Build it with `load_prompt`, not directly."""

    name: str
    description: str
    variables: tuple[str, ...]
    system: str
    user: str
    version: str
    path: Path

    def render(self, **values: str) -> RenderedPrompt:
        """Fill every placeholder; a missing or unexpected variable is a `PromptError`."""
        missing = [name for name in self.variables if name not in values]
        if missing:
            raise PromptError(
                f"Prompt '{self.name}' needs variable '{missing[0]}', which was not given."
            )
        unexpected = sorted(set(values) - set(self.variables))
        if unexpected:
            raise PromptError(
                f"Prompt '{self.name}' has no variable '{unexpected[0]}' "
                f"(it takes: {', '.join(self.variables)})."
            )
        for name, value in values.items():
            if not isinstance(value, str):
                raise PromptError(f"Prompt '{self.name}': variable '{name}' must be text.")
        return RenderedPrompt(
            system=_substitute(self.system, values), user=_substitute(self.user, values)
        )


def _substitute(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda match: values[match.group(1)], template)


def load_prompt(name: str, directory: Path | None = None) -> Prompt:
    """Load and validate `<directory>/<name>.toml` (default: the checkout's `prompts/`)."""
    if not _NAME_RE.match(name):
        raise PromptError(f"'{name}' is not a valid prompt name (use lower-case letters, _).")
    folder = directory if directory is not None else PROMPTS_DIR
    return _load_file(folder / f"{name}.toml")


def load_all(directory: Path | None = None) -> dict[str, Prompt]:
    """Every template in `directory`, by name; any invalid one is a `PromptError`."""
    folder = directory if directory is not None else PROMPTS_DIR
    if not folder.is_dir():
        raise PromptError(f"The prompts folder {folder} does not exist.")
    return {path.stem: _load_file(path) for path in sorted(folder.glob("*.toml"))}


def _load_file(path: Path) -> Prompt:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PromptError(f"No prompt template at {path}.") from None
    except OSError as error:
        raise PromptError(f"Cannot read prompt template {path}: {error.strerror}.") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        spec = _PromptFile.model_validate(data)
    except UnicodeDecodeError:
        raise PromptError(f"Prompt template {path.name} is not UTF-8 text.") from None
    except tomllib.TOMLDecodeError as error:
        raise PromptError(f"Prompt template {path.name} is not valid TOML: {error}.") from None
    except ValidationError as error:
        raise PromptError(f"Prompt template {path.name}: {_describe(error)}.") from None
    if spec.name != path.stem:
        raise PromptError(f"Prompt template {path.name} is named '{spec.name}', not '{path.stem}'.")
    _check_placeholders(path.name, spec)
    return Prompt(
        name=spec.name,
        description=spec.description,
        variables=tuple(spec.variables),
        system=spec.system.strip(),
        user=spec.user.strip(),
        version=hashlib.sha256(raw).hexdigest()[:_VERSION_CHARS],
        path=path,
    )


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "file"
        if item["type"] == "extra_forbidden":
            parts.append(f"unknown key '{where}'")
        elif item["type"] == "missing":
            parts.append(f"missing key '{where}'")
        else:
            parts.append(f"'{where}': {item['msg']}")
    return "; ".join(parts)


def _check_placeholders(filename: str, spec: _PromptFile) -> None:
    declared = spec.variables
    duplicates = sorted({v for v in declared if declared.count(v) > 1})
    if duplicates:
        raise PromptError(f"Prompt template {filename} declares '{duplicates[0]}' twice.")
    used: set[str] = set()
    for part, text in (("system", spec.system), ("user", spec.user)):
        used.update(_PLACEHOLDER_RE.findall(text))
        leftover = _PLACEHOLDER_RE.sub("", text)
        if "{{" in leftover or "}}" in leftover:
            raise PromptError(
                f"Prompt template {filename}: malformed placeholder in '{part}' "
                "(write {{ name }} with a plain variable name)."
            )
    unknown = sorted(used - set(declared))
    if unknown:
        raise PromptError(
            f"Prompt template {filename} uses '{{{{ {unknown[0]} }}}}', "
            "which is not in its variables."
        )
    unused = [v for v in declared if v not in used]
    if unused:
        raise PromptError(f"Prompt template {filename} declares '{unused[0]}' but never uses it.")


# --- untrusted text --------------------------------------------------------------


def fence_untrusted(label: str, text: str) -> str:
    """Wrap `text` in `<<<UNTRUSTED LABEL id>>>` ... `<<<END UNTRUSTED LABEL id>>>` lines.

    The id is a hash of the label and text, so the text cannot contain its own
    closing line (that would need a SHA-256 fixed point); a forged closing line
    carries the wrong id, and the system prompts say ids must match.
    """
    tag = " ".join(label.upper().split()) or "DATA"
    fence_id = hashlib.sha256(f"{tag}\n{text}".encode()).hexdigest()[:_FENCE_ID_CHARS]
    return f"<<<UNTRUSTED {tag} {fence_id}>>>\n{text}\n<<<END UNTRUSTED {tag} {fence_id}>>>"


def genre_line(article: Article) -> str:
    """The brief prompt's trusted word on the genre, outside the article's fence."""
    if article.genre != "opinion":
        return "It is a news report."
    # The byline is the page's data: it stays inside the fence, named there.
    who = "the author's surname from its Byline line" if article.byline else "“the author”"
    return f"It is an opinion piece: attribute every summary point to {who}."


def fence_article(article: Article) -> str:
    """The article as the model sees it: metadata, then one `[n] ...` line per paragraph.

    Runs of whitespace (line breaks included) become one space, so a paragraph
    is exactly one line and cannot fake the start of another; the gate folds
    whitespace too, so quotes still match the article.
    """
    lines = []
    for label, value in (
        ("Title", article.title),
        ("Byline", article.byline),
        ("Published", article.published),
    ):
        if value and value.strip():
            lines.append(f"{label}: {_one_line(value)}")
    lines.extend(f"[{n}] {_one_line(text)}" for n, text in enumerate(article.paragraphs, 1))
    return fence_untrusted("ARTICLE", "\n".join(lines))


def _one_line(text: str) -> str:
    return " ".join(text.split())
