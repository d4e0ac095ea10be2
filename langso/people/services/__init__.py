"""Writes to people: the registry (residents, villages, organizations), imports and exports."""

from langso.people.services.exports import export_people_xlsx
from langso.people.services.imports import cancel_import, commit_import, preview_import
from langso.people.services.registry import (
    PersonData,
    add_village,
    ensure_organization,
    register_person,
    update_person,
)

__all__ = [
    "PersonData",
    "add_village",
    "cancel_import",
    "commit_import",
    "ensure_organization",
    "export_people_xlsx",
    "preview_import",
    "register_person",
    "update_person",
]
