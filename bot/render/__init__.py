"""Renderers: `markdown` for the CLI; `blocks` and `mrkdwn` for Slack."""
