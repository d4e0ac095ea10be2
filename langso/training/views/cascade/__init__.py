"""Thin views of the cascade and conferences, re-exported for the URL module."""

from langso.training.views.cascade.conferences import (
    conference_attend,
    conference_create,
    conference_detail,
    conference_edit,
    conference_list,
    conference_material,
    conference_material_delete,
    conference_material_upload,
    conference_register,
    conference_unattend,
)
from langso.training.views.cascade.reach import (
    cascade,
    cascade_person,
    conference_reach,
    record_home_training,
)

__all__ = [
    "cascade",
    "cascade_person",
    "conference_attend",
    "conference_create",
    "conference_detail",
    "conference_edit",
    "conference_list",
    "conference_material",
    "conference_material_delete",
    "conference_material_upload",
    "conference_reach",
    "conference_register",
    "conference_unattend",
    "record_home_training",
]
