"""Brief: grounded article briefs for newsroom Slack workspaces.

Data flows one way: source -> `bot.article` (fetch, extract) -> `bot.engines`
(draft) -> `bot.grounding` (gate) -> `bot.render` -> CLI or Slack. `bot.pipeline`
is the one path the CLI, the worker and the tests call.
"""

__version__ = "0.1.0"
