"""The files an operator uses to install Brief stay consistent with the code."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from bot.settings import Settings
from bot.slack.server import EVENTS_PATH

REPO = Path(__file__).parent.parent


def test_manifest_routes_the_command_to_the_events_path() -> None:
    manifest = json.loads((REPO / "manifest.json").read_text())
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == "/brief"
    assert command["url"].endswith(EVENTS_PATH)
    assert command["should_escape"] is True  # links arrive as <https://…|label>, which we unwrap
    # history: to find a post whose outcome was unknown before posting again (bot.outbox)
    assert {"commands", "chat:write", "channels:history", "groups:history"} <= set(
        manifest["oauth_config"]["scopes"]["bot"]
    )


def test_env_example_lists_every_setting_with_a_comment() -> None:
    lines = (REPO / ".env.example").read_text().splitlines()
    # A setting may be left commented out ("# REDIS_URL=…") when the default is better for
    # someone who copies the file to try the command line.
    setting = re.compile(r"^(?:# )?([A-Z][A-Z_]+)=")
    names = {m.group(1) for line in lines if (m := setting.match(line))}
    assert names == {name.upper() for name in Settings.model_fields}
    for i, line in enumerate(lines):
        if setting.match(line):
            assert lines[i - 1].startswith("#"), f"{line} has no comment above it"


def test_procfile_runs_the_web_and_worker_commands() -> None:
    procfile = dict(
        line.split(": ", 1) for line in (REPO / "Procfile").read_text().splitlines() if line.strip()
    )
    assert procfile["web"] == "python -m bot serve"
    assert procfile["worker"] == "python -m bot worker"
    assert procfile["clock"] == "python -m bot clock"  # the digest's scheduler


class _RouteRecorder:
    """Stands in for the Bolt app to read the routing table (records, answers nothing)."""

    def __init__(self) -> None:
        self.commands: list[str] = []
        self.actions: list[str] = []
        self.events: list[str] = []

    def middleware(self, function: object) -> object:
        return function

    def error(self, function: object) -> object:
        return function

    def command(self, name: str) -> object:
        self.commands.append(name)
        return lambda function: function

    def action(self, action_id: str) -> object:
        self.actions.append(action_id)
        return lambda function: function

    def event(self, name: str) -> object:
        self.events.append(name)
        return lambda function: function


class _AnyListeners:
    """Every listener the routing table asks for, as a name (nothing is called)."""

    def __getattr__(self, name: str) -> _AnyListeners:
        return self


def test_the_manifest_declares_exactly_what_the_routing_table_answers() -> None:
    from bot.slack.routes import register_routes  # noqa: PLC0415

    routes = _RouteRecorder()
    register_routes(routes, _AnyListeners())  # type: ignore[arg-type]
    manifest = json.loads((REPO / "manifest.json").read_text())
    assert sorted(c["command"] for c in manifest["features"]["slash_commands"]) == sorted(
        routes.commands
    )
    interactive = manifest["settings"].get("interactivity", {})
    assert bool(interactive.get("is_enabled")) == bool(routes.actions)  # buttons need it
    if routes.actions:
        assert interactive["request_url"].endswith(EVENTS_PATH)
    events = manifest["settings"].get("event_subscriptions", {}).get("bot_events", [])
    assert sorted(events) == sorted(routes.events)
    if events:
        assert manifest["settings"]["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    if "app_mention" in events:  # Slack delivers no mention without its scope
        assert "app_mentions:read" in scopes


def test_the_gate_the_answer_check_and_the_renderers_load_no_engine_and_no_model_client() -> None:
    """Lower layers never import higher ones: checking or drawing a brief, an answer or a
    digest must not pull in an engine, the LLM seam or the openai package (a fresh
    interpreter). (The digest's overview does use the LLM seam: it is loaded only where a
    worker builds one.)"""
    code = (
        "import sys\n"
        "import bot.grounding.gate, bot.answers.check, bot.answers.service, bot.render.answer\n"
        "import bot.render.digest, bot.store.briefed, bot.digest.feeds\n"
        "print(sorted(m for m in sys.modules if m.startswith(('openai', 'bot.engines', 'bot.llm'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout.strip()
    assert loaded == "[]"


def test_the_lock_files_pin_every_dependency_exactly() -> None:
    """CI and `make` install from the lock files: each pins (==) every dependency that
    pyproject.toml declares (the dev one also the dev tools), and nothing is left loose."""
    import tomllib  # noqa: PLC0415

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]

    def names(requirements: list[str]) -> set[str]:
        return {
            re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in requirements
        }

    def pinned(path: str) -> dict[str, str]:
        lines = (REPO / path).read_text().splitlines()
        found = {}
        for line in lines:
            if line.strip() and not line.startswith((" ", "#", "-")):
                name, _, version = line.partition("==")
                assert version, f"{path}: {line} is not pinned exactly"
                found[name.lower().replace("_", "-")] = version
        return found

    runtime = names(project["dependencies"])
    dev = names(project["optional-dependencies"]["dev"])
    assert runtime <= set(pinned("requirements.lock"))
    assert runtime | dev <= set(pinned("requirements-dev.lock"))


# The bot scopes each Slack Web API method Brief calls needs (docs.slack.dev: each method's
# page). conversations.* need the scope of every kind of channel Brief may be used in.
SCOPES_BY_METHOD = {
    "auth_test": set(),
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_delete": {"chat:write"},
    "chat_getPermalink": set(),
    "chat_startStream": {"chat:write"},
    "chat_appendStream": {"chat:write"},
    "chat_stopStream": {"chat:write"},
    "conversations_history": {"channels:history", "groups:history"},
    "conversations_replies": {"channels:history", "groups:history"},
    "conversations_info": {"channels:read", "groups:read", "im:read", "mpim:read"},
    "reactions_add": {"reactions:write"},
}


def test_the_manifest_grants_the_scope_of_every_slack_method_brief_calls() -> None:
    """A method without its scope answers `missing_scope` in a real workspace (the fake
    Slack does not check scopes): every call in bot/ must be in the table above, and the
    manifest must grant what the table says it needs."""
    called = set()
    for path in (REPO / "bot").rglob("*.py"):
        called |= set(
            re.findall(
                r"\.((?:chat|conversations|reactions|users|assistant)_\w+|auth_test)\(",
                path.read_text(),
            )
        )
    assert called, "no Slack calls found: the pattern is wrong"
    unknown = called - set(SCOPES_BY_METHOD)
    assert not unknown, f"add these methods and their scopes to SCOPES_BY_METHOD: {unknown}"
    manifest = json.loads((REPO / "manifest.json").read_text())
    granted = set(manifest["oauth_config"]["scopes"]["bot"])
    needed = set().union(*(SCOPES_BY_METHOD[m] for m in called))
    assert needed <= granted, f"the manifest lacks {needed - granted}"
