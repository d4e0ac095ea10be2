"""The learning facts behind people's milestones, recomputed from the masteries and certificates
(the rebuild; day to day, `_master` and `issue_due_certificates` note them as they happen)."""

from __future__ import annotations

from django.db.models import Min
from django.db.models.functions import TruncDate

from langso.learning.models import Certificate, Mastery
from langso.learning.services.certificates import BASIC_CITIZEN_SET
from langso.people.models import MilestoneKind
from langso.people.services.milestones import replace_milestones


def rebuild_learning_milestones() -> None:
    """First mastery and basic-digital-citizen certificate of every person, from the raw facts."""
    replace_milestones(
        kind=MilestoneKind.MASTERED,
        source=Mastery.objects.values("person_id")
        .annotate(reached_on=Min(TruncDate("mastered_at")))
        .order_by(),
    )
    replace_milestones(
        kind=MilestoneKind.BASIC_CITIZEN,
        source=Certificate.objects.filter(certificate_set__code=BASIC_CITIZEN_SET)
        .values("person_id")
        .annotate(reached_on=TruncDate("issued_at"))
        .order_by(),
    )


__all__ = ["rebuild_learning_milestones"]
