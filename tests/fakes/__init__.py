"""Fakes at the wire: real HTTP servers on 127.0.0.1 that tests point real clients at.

One module per faked service. `openai_server.FakeOpenAIServer` speaks the OpenAI
chat-completions API; its module docstring shows how to script replies
(`Reply`), delays and errors, and how to read the recorded requests.
"""

from tests.fakes.openai_server import FakeOpenAIServer, RecordedRequest, Reply

__all__ = ["FakeOpenAIServer", "RecordedRequest", "Reply"]
