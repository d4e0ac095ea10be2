"""For the few statements written out in SQL rather than built as querysets (the roll-ups' hot paths)."""

from __future__ import annotations


def placeholders(count: int) -> str:
    """`count` query parameters, comma-separated: "%s, %s, %s"."""
    return ", ".join(["%s"] * count)


__all__ = ["placeholders"]
