"""The audit log: every export and every view of a person's record goes through `record_event`."""

from __future__ import annotations

from typing import Any

from langso.accounts.models import AuditEvent, User


def record_event(
    *, actor: User, action: str, target: str = "", scope: str = "", detail: dict[str, Any] | None = None
) -> AuditEvent:
    """Append one event; the log is never updated or deleted by the application."""
    return AuditEvent.objects.create(
        actor=actor, action=action, target=target[:200], scope=scope[:255], detail=detail or {}
    )
