"""Engines turn an `Article` into a `Draft`. `base.Engine` is the protocol; see `factory`."""

from bot.engines.base import Engine

__all__ = ["Engine"]
