"""One object of every training area in Hoành Mô (Bản Nà Làng, Hoàng Văn Páo), built through the
services, for the site-wide crawl that proves the Hải Lạng side reaches none of them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from langso.conftest import World
from langso.learning.models import Skill
from langso.people.models import OrganizationKind
from langso.people.services.registry import ensure_organization
from langso.training.models import (
    Attendance,
    ClassStatus,
    Competition,
    CompetitionEntry,
    CompetitionQuestion,
    Conference,
    ConferenceMaterial,
    ConferenceRegistration,
    DigitalTeam,
    HelpChannel,
    HelpEvent,
    HelpRequest,
    HelpStatus,
    SkillCheck,
    TeamMember,
    TrainingClass,
    TrainingLink,
)
from langso.training.services import competitions, conferences, help, teams
from langso.training.tests.factories_classes import enrol, make_class, make_session

#: the kind of object each URL's `pk` names (URLs not listed take the crawl's default values)
PK_OF = {
    **dict.fromkeys(
        ["class_detail", "class_edit", "class_archive", "class_delete", "session_create", "enrol"], "class_id"
    ),
    **dict.fromkeys(
        [
            "session_edit",
            "session_delete",
            "roster",
            "mark",
            "unmark",
            "checkin",
            "attendance_sheet",
            "session_checks",
        ],
        "session_id",
    ),
    **dict.fromkeys(["team_detail", "team_edit", "team_member_add"], "team_id"),
    **dict.fromkeys(["team_member", "team_member_remove"], "member_id"),
    **dict.fromkeys(["help_detail", "help_claim", "help_resolve", "help_hand_on", "help_release"], "help_id"),
    **dict.fromkeys(
        [
            "conference_detail",
            "conference_edit",
            "conference_register",
            "conference_attend",
            "conference_unattend",
            "conference_material_upload",
            "conference_reach",
        ],
        "conference_id",
    ),
    **dict.fromkeys(["conference_material", "conference_material_delete"], "material_id"),
    **dict.fromkeys(
        [
            "competition_detail",
            "competition_edit",
            "competition_questions",
            "competition_questions_add_skills",
            "competition_question_add",
            "competition_question_write",
            "competition_question_remove",
        ],
        "competition_id",
    ),
}


@dataclass
class TrainingOutside:
    """The ids of Hoành Mô's training objects and what they looked like before the crawl."""

    world: World
    class_id: int
    session_id: int
    team_id: int
    member_id: int
    help_id: int
    conference_id: int
    material_id: int
    competition_id: int
    competition_code: str
    competition_question_id: int
    before: dict[str, object] = field(default_factory=dict)

    def values_for(self, url_name: str) -> dict[str, object]:
        """The route values aiming `url_name` (e.g. "training:roster") at Hoành Mô's object."""
        namespace, _, name = url_name.partition(":")
        if namespace != "training":
            return {}
        values: dict[str, object] = {"code": self.competition_code} if name.startswith("contest_") else {}
        if name in PK_OF:
            values["pk"] = getattr(self, PK_OF[name])
        return values

    def post_data(self, url_name: str) -> dict[str, object]:
        """A body that every training form would accept if the scope check were missing."""
        pao = self.world.pao
        return {
            "name": "Thôn Lạ",
            "division_type": "thôn",
            "title": "Đổi tên",
            "person": pao.pk,
            "mark": f"{pao.pk}.{uuid.uuid4()}",
            "outcome": "alone",
            "note": "Đã xong",
            "client_uuid": str(uuid.uuid4()),
            "to": f"user:{self.world.user('other_commune').pk}",
            "is_leader": "on",
            "weekdays": [0, 1],
            "q": "Páo",
            "comment": "Trả lại",
            "reason": "Mở khóa",
            "form": "front-digital-monthly",
            "village": self.world.na_lang.code,
        }

    def snapshot(self) -> dict[str, object]:
        pao = self.world.pao
        return {
            "class": TrainingClass.objects.filter(pk=self.class_id, status=ClassStatus.ACTIVE).count(),
            "attendance": Attendance.objects.filter(person=pao).count(),
            "checks": SkillCheck.objects.filter(person=pao).count(),
            "help": HelpRequest.objects.filter(pk=self.help_id, status=HelpStatus.OPEN).count(),
            "help events": HelpEvent.objects.filter(request_id=self.help_id).count(),
            "team": list(DigitalTeam.objects.filter(pk=self.team_id).values_list("name", flat=True)),
            "members": list(
                TeamMember.objects.filter(team_id=self.team_id).values_list("user_id", "is_leader")
            ),
            "conference": list(
                Conference.objects.filter(pk=self.conference_id).values_list("title", flat=True)
            ),
            "registrations": list(
                ConferenceRegistration.objects.filter(conference_id=self.conference_id).values_list(
                    "person_id", "attended_at"
                )
            ),
            "materials": ConferenceMaterial.objects.filter(conference_id=self.conference_id).count(),
            "links": TrainingLink.objects.filter(trainee=pao).count(),
            "competition": list(
                Competition.objects.filter(pk=self.competition_id).values_list("title", "question_count")
            ),
            "questions": CompetitionQuestion.objects.filter(competition_id=self.competition_id).count(),
            "entries": CompetitionEntry.objects.filter(competition_id=self.competition_id).count(),
        }

    def is_untouched(self) -> bool:
        return self.snapshot() == self.before


def make_training_outside(world: World, *, skill: Skill) -> TrainingOutside:
    """A class with a session today at Nà Làng (Páo enrolled), the village's team, Páo's help
    request, a Hoành Mô conference (Páo registered) with a material, and a Hoành Mô competition."""
    officer = world.user("other_commune")
    training_class = make_class(world, commune=world.hoanh_mo, village=world.na_lang)
    session = make_session(training_class)
    enrol(training_class, world.pao)
    team = teams.create_team(actor=officer, unit=world.na_lang, name="Tổ công nghệ số bản Nà Làng")
    member = teams.add_team_member(actor=officer, team=team, user=officer)
    request = help.ask_for_help(
        actor=officer,
        ask=help.HelpAsk(name=world.pao.full_name, village=world.na_lang, topic="vneid", person=world.pao),
        channel=HelpChannel.MENTOR,
        client_uuid=uuid.uuid4(),
    )
    organizer = ensure_organization(kind=OrganizationKind.WOMEN, unit=world.hoanh_mo)
    conference = conferences.create_conference(
        actor=officer,
        data=conferences.ConferenceData(
            title="Tập huấn cán bộ Hoành Mô",
            organizer=organizer,
            starts_on=date.today(),
            ends_on=date.today(),
            venue="Hội trường xã Hoành Mô",
        ),
    )
    conferences.register_for_conference(actor=officer, conference=conference, person=world.pao)
    material = conferences.add_conference_material(
        actor=officer,
        conference=conference,
        title="Tài liệu",
        upload=SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"),
    )
    now = timezone.now()
    competition = competitions.create_competition(
        actor=officer,
        title="Hội thi Công dân số Hoành Mô",
        organizer=organizer,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        time_limit_minutes=15,
        question_count=4,
        now=now - timedelta(days=1),
    )
    competitions.add_skill_questions(actor=officer, competition=competition, skills=[skill])
    outside = TrainingOutside(
        world=world,
        class_id=training_class.pk,
        session_id=session.pk,
        team_id=team.pk,
        member_id=member.pk,
        help_id=request.pk,
        conference_id=conference.pk,
        material_id=material.pk,
        competition_id=competition.pk,
        competition_code=competition.code,
        competition_question_id=competition.questions.first().pk,  # type: ignore[union-attr]
    )
    outside.before = outside.snapshot()
    return outside
