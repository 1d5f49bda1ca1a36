"""The date a run decides on: --date, else SOURCE_DATE_EPOCH, else today."""

from __future__ import annotations

import datetime as dt
import os

from advisor.errors import InputError


def decision_date(given: str | None) -> dt.date:
    """--date, else SOURCE_DATE_EPOCH (reproducible builds), else today."""
    if given is not None:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise InputError("--date", 0, 0, f"{given!r} is not a date",
                             "write the date as YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise InputError("SOURCE_DATE_EPOCH", 0, 0, f"{epoch!r} is not a Unix time",
                             "set it to whole seconds since 1970-01-01, or unset it") from None
    return dt.date.today()
