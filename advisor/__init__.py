"""advisor: push, poll or hybrid delivery for event-driven flows on AWS."""

from __future__ import annotations

__version__ = "0.1.0"

