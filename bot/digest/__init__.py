"""The daily digest: when it is due, what it holds, where its lines come from.

    schedule.py  DIGEST_TIME in DIGEST_TIMEZONE: the cron trigger, due, stale
    feeds.py     the followed feeds (feedparser, through the SSRF-safe fetcher)
    build.py     the digest of a window: briefed articles, then the feeds' new items
    overview.py  the optional model-written overview, checked by the brief's gate
    record.py    what may be listed: briefs from links in public channels
    model.py     `Digest`, `DigestLine`

`bot.clock` queues the job, `bot.digest_jobs` runs it, `bot.render.digest` draws it.
"""
