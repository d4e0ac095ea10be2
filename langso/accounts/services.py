"""Writes to accounts: creating users and granting roles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from langso.accounts.jurisdiction import forget_grants
from langso.accounts.models import Role, RoleAssignment, User
from langso.common.phones import normalize_phone
from langso.places.models import Unit


@transaction.atomic
def create_user(
    *, username: str, password: str, full_name: str = "", phone: str = "", is_staff: bool = False
) -> User:
    """A new user with a hashed password; the phone, if any, must be a valid number."""
    normalized_phone = None
    if phone:
        normalized_phone = normalize_phone(phone)
        if normalized_phone is None:
            raise ValidationError({"phone": _("Enter a valid phone number.")})
    user = User(username=username, full_name=full_name, phone=normalized_phone, is_staff=is_staff)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def assign_role(
    *, user: User, role: Role | str, unit: Unit, organization_id: int | None = None
) -> RoleAssignment:
    """Grant `role` at `unit` (idempotent: granting it twice keeps one assignment)."""
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"organization_id": organization_id}
    )
    if organization_id and assignment.organization_id != organization_id:
        assignment.organization_id = organization_id
        assignment.save(update_fields=["organization"])
    forget_grants(user)
    return assignment
