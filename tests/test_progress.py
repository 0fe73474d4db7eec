"""Progress lines appear only for steps slower than the threshold."""

from __future__ import annotations

import io
import time

from bot.progress import Progress


def test_slow_step_is_announced_and_timed() -> None:
    stream = io.StringIO()
    with Progress(stream, after=0.05).step("Fetching https://news.example/a"):
        time.sleep(0.3)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Fetching https://news.example/a …"
    assert lines[1].startswith("Fetching https://news.example/a: done in ")


def test_fast_step_says_nothing() -> None:
    stream = io.StringIO()
    with Progress(stream, after=0.5).step("Drafting"):
        pass
    time.sleep(0.05)
    assert stream.getvalue() == ""
