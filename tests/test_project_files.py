"""The files an operator uses to install Brief stay consistent with the code."""

from __future__ import annotations

import json
import re
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
    names = {m.group(1) for line in lines if (m := re.match(r"^([A-Z_]+)=", line))}
    assert names == {name.upper() for name in Settings.model_fields}
    for i, line in enumerate(lines):
        if re.match(r"^[A-Z_]+=", line):
            assert lines[i - 1].startswith("#"), f"{line} has no comment above it"


def test_procfile_runs_the_web_and_worker_commands() -> None:
    procfile = dict(
        line.split(": ", 1) for line in (REPO / "Procfile").read_text().splitlines() if line.strip()
    )
    assert procfile["web"] == "python -m bot serve"
    assert procfile["worker"] == "python -m bot worker"
