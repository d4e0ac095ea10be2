"""The training models, one module per area, re-exported here."""

from langso.training.models.cascade import (
    Conference,
    ConferenceMaterial,
    ConferenceRegistration,
    TrainingLink,
)
from langso.training.models.checks import CheckOutcome, SkillCheck
from langso.training.models.classes import (
    Attendance,
    CheckInMethod,
    ClassSession,
    ClassStatus,
    Enrolment,
    TrainingClass,
)
from langso.training.models.competitions import Competition, CompetitionEntry, CompetitionQuestion
from langso.training.models.help import (
    HelpChannel,
    HelpEvent,
    HelpEventKind,
    HelpRequest,
    HelpStatus,
    HelpTopic,
)
from langso.training.models.teams import DigitalTeam, DutyDay, TeamMember, Weekday

__all__ = [
    "Attendance",
    "CheckInMethod",
    "CheckOutcome",
    "ClassSession",
    "ClassStatus",
    "Competition",
    "CompetitionEntry",
    "CompetitionQuestion",
    "Conference",
    "ConferenceMaterial",
    "ConferenceRegistration",
    "DigitalTeam",
    "DutyDay",
    "Enrolment",
    "HelpChannel",
    "HelpEvent",
    "HelpEventKind",
    "HelpRequest",
    "HelpStatus",
    "HelpTopic",
    "SkillCheck",
    "TeamMember",
    "TrainingClass",
    "TrainingLink",
    "Weekday",
]
