"""Brief installs as a wheel and runs without the checkout: the prompts are package data.

Builds the wheel, installs it into a fresh virtual environment (dependencies from the
package index, or pip's cache) and briefs a copy of the bundled example from a folder
outside the checkout, offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent


@pytest.mark.timeout(900)
def test_a_wheel_installed_in_a_fresh_venv_briefs_the_example(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("brief_bot-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "newsroom"
    elsewhere.mkdir()
    example = shutil.copy(REPO / "examples" / "harbour-flood-barrier.md", elsewhere)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "REDIS_"))}
    done = subprocess.run(
        [str(venv / "bin" / "brief"), str(example), "--engine", "extractive"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Wrenmouth approves £38.5m tidal barrier")
    assert "## Summary" in done.stdout
    where = subprocess.run(
        [str(python), "-c", "import bot.prompts as p; print(p.PROMPTS_DIR)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(REPO) not in where  # the installed copy's own prompts, not the checkout's
