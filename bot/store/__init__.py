"""Brief's state in Redis. `keys` is the only module that spells key names.

keys.py          every key name, with its meaning and TTL
cache.py         article and draft cache (an optimisation: Redis errors are misses)
flight.py        single-flight: one fetch and one LLM call however many ask at once
posts.py         request idempotency, one post per channel per article, thread records
conversation.py  thread Q&A's memory: each thread's turns, trimmed to a budget, atomic
"""

from bot.store.cache import BriefCache, NullCache, RedisCache

__all__ = ["BriefCache", "NullCache", "RedisCache"]
