"""When the daily digest is due: `DIGEST_TIME` in `DIGEST_TIMEZONE`, daylight saving included.

    when = DigestTime.from_settings(settings)
    when.trigger()                      # APScheduler's cron trigger for the clock process
    when.due(now)                       # the local date whose digest is due now, or None
    when.scheduled(date)                # that date's digest time, as an aware datetime

The clock fires the trigger; on start it also asks `due`, so a digest missed while nothing
ran is still posted within the grace, and the worker asks `is_stale` before posting, so a
job that waited too long in a queue never posts yesterday's news.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.settings import Settings

__all__ = ["DigestTime"]


@dataclass(frozen=True)
class DigestTime:
    hour: int
    minute: int
    zone: ZoneInfo
    grace: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> DigestTime:
        hour, minute = (int(part) for part in settings.digest_time.split(":"))
        return cls(
            hour=hour,
            minute=minute,
            zone=ZoneInfo(settings.digest_timezone),
            grace=timedelta(hours=settings.digest_grace_hours),
        )

    def trigger(self) -> CronTrigger:
        """Every day at the digest's local time (a time a spring-forward skips fires at once
        after the jump, as APScheduler does)."""
        return CronTrigger(hour=self.hour, minute=self.minute, timezone=self.zone)

    def scheduled(self, day: date) -> datetime:
        """The digest time of local `day`, aware (a wall time a clock change skips that day,
        01:30 when 01:00 becomes 02:00, is read with the offset before the change: 02:30 after
        it, as APScheduler fires it)."""
        wall = datetime.combine(day, time(self.hour, self.minute), tzinfo=self.zone)
        return wall.astimezone(self.zone)

    def due(self, now: datetime) -> date | None:
        """The local date whose digest is due at `now` (at or after its time, within the
        grace), or None."""
        today = now.astimezone(self.zone).date()
        for day in (today, today - timedelta(days=1)):
            at = self.scheduled(day)
            if at <= now <= at + self.grace:
                return day
        return None

    def is_stale(self, day: date, now: datetime) -> bool:
        """Too late to post `day`'s digest: past its time and the grace."""
        return now > self.scheduled(day) + self.grace
