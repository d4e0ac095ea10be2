"""Demo training: the digital teams, a Women's Union class in Thôn Thống Nhất's cultural house with
its sessions, attendance and hands-on checks, a border village's class, help requests, a provincial
conference of cadres and the cascade below it, and an open online competition.

Dates follow the day the demo is loaded (a session today, a request waiting five days), and every
row is keyed (titles, deterministic client UUIDs, unique pairs) so that a second run adds nothing.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from langso.accounts.models import User
from langso.learning.models import Mastery, MasterySource, Question, Skill
from langso.learning.services.certificates import issue_missing_certificates
from langso.learning.services.progress import location_of
from langso.people.models import Gender, Organization, OrganizationKind, Person
from langso.people.services import ensure_organization
from langso.people.services.registry import refresh_derived_fields
from langso.places.models import Unit
from langso.training.models import (
    Attendance,
    CheckInMethod,
    CheckOutcome,
    ClassSession,
    Competition,
    CompetitionEntry,
    CompetitionQuestion,
    Conference,
    ConferenceRegistration,
    DigitalTeam,
    DutyDay,
    Enrolment,
    HelpChannel,
    HelpEvent,
    HelpEventKind,
    HelpRequest,
    HelpStatus,
    HelpTopic,
    SkillCheck,
    TeamMember,
    TrainingClass,
    TrainingLink,
)

NAMESPACE = uuid.UUID("0c9d7f62-1b7e-5a43-8e2f-6f1a2b3c4d5e")
PROVINCE_CODE, HAI_LANG, HOANH_MO = "22", "06886", "06841"
CLASS_SKILLS = ("smartphone-basics", "vneid", "cashless-payment")
COMPETITION_SKILLS = ("vneid", "cashless-payment", "scams", "public-services")


@dataclass(frozen=True)
class TrainingReport:
    classes_created: int
    attendances_created: int
    help_requests_created: int
    links_created: int
    entries_created: int


def demo_uuid(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


def seed_training(*, seed: int) -> TrainingReport:
    """Every demo training record (idempotent); nothing when the curriculum is not loaded."""
    skills = {skill.code: skill for skill in Skill.objects.all()}
    if not all(code in skills for code in (*CLASS_SKILLS, *COMPETITION_SKILLS)):
        return TrainingReport(0, 0, 0, 0, 0)
    rng = random.Random(f"{seed}:training")
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_STAFF)}
    hai_lang, hoanh_mo = Unit.objects.get(code=HAI_LANG), Unit.objects.get(code=HOANH_MO)
    thong_nhat = hai_lang.children.get(name="Thôn Thống Nhất")
    na_lang = hoanh_mo.children.get(name="Bản Nà Làng")
    link_staff_people(users, thong_nhat)
    seed_teams(users, hai_lang=hai_lang, thong_nhat=thong_nhat, na_lang=na_lang)
    classes_created, attendances = seed_classes(
        rng, users, skills, hai_lang=hai_lang, thong_nhat=thong_nhat, hoanh_mo=hoanh_mo, na_lang=na_lang
    )
    help_created = seed_help_requests(rng, users, thong_nhat=thong_nhat, na_lang=na_lang)
    links = seed_conference_and_cascade(rng, users)
    entries = seed_competition(rng, users, skills, hai_lang=hai_lang)
    return TrainingReport(classes_created, attendances, help_created, links, entries)


DEMO_STAFF = ("hoiphunu", "giangvien", "doanvien", "doanvien2", "doanvien.nalang", "xa.hailang", "tinh")


def link_staff_people(users: dict[str, User], village: Unit) -> None:
    """The trainer and the union cadre are residents too (their own training counts in the cascade):
    give each account a cadre's resident record in Thôn Thống Nhất."""
    for username in ("hoiphunu", "giangvien"):
        user = users[username]
        if Person.objects.filter(user=user).exists():
            continue
        person = (
            Person.objects.filter(
                village=village, gender=Gender.FEMALE, user__isnull=True, birth_year__gte=1975
            )
            .order_by("-birth_year", "id")
            .first()
        )
        if person is None:
            continue
        person.user, person.full_name, person.is_cadre = user, user.full_name, True
        refresh_derived_fields(person)
        person.save(update_fields=["user", "full_name", "search_name", "is_cadre"])


def seed_teams(users: dict[str, User], *, hai_lang: Unit, thong_nhat: Unit, na_lang: Unit) -> None:
    """Teams of Thống Nhất (two members), Nà Làng (one) and the commune of Hải Lạng (the trainer)."""
    plan: list[tuple[Unit, str, list[tuple[str, bool, Iterable[int]]]]] = [
        (
            thong_nhat,
            "Tổ công nghệ số cộng đồng thôn Thống Nhất",
            [("doanvien", True, range(7)), ("doanvien2", False, (1, 3, 5))],
        ),
        (na_lang, "Tổ công nghệ số cộng đồng bản Nà Làng", [("doanvien.nalang", True, (0, 2, 4, 6))]),
        (hai_lang, "Tổ công nghệ số cộng đồng xã Hải Lạng", [("giangvien", True, (0, 1, 2, 3, 4))]),
    ]
    for unit, name, members in plan:
        team, _ = DigitalTeam.objects.get_or_create(unit=unit, defaults={"name": name})
        for username, is_leader, weekdays in members:
            member, created = TeamMember.objects.get_or_create(
                team=team, user=users[username], defaults={"is_leader": is_leader}
            )
            if created:
                DutyDay.objects.bulk_create([DutyDay(member=member, weekday=day) for day in weekdays])


def session_times(day: date, start: time, hours: int = 2) -> tuple[datetime, datetime]:
    starts = timezone.make_aware(datetime.combine(day, start))
    return starts, starts + timedelta(hours=hours)


@dataclass(frozen=True)
class ClassPlan:
    title: str
    organizer: Organization
    village: Unit
    commune: Unit
    province: Unit
    venue: str
    trainers: tuple[str, ...]
    mentors: tuple[str, ...]
    learners: QuerySet[Person]


def seed_classes(
    rng: random.Random,
    users: dict[str, User],
    skills: dict[str, Skill],
    *,
    hai_lang: Unit,
    thong_nhat: Unit,
    hoanh_mo: Unit,
    na_lang: Unit,
) -> tuple[int, int]:
    """Two classes: the Women's Union's in Thống Nhất (three past sessions, one today, one next week)
    and the Youth Union's in Nà Làng; with enrolments, attendance and hands-on checks."""
    today = timezone.localdate()
    province = Unit.objects.get(code=PROVINCE_CODE)
    plans = [
        ClassPlan(
            "Công dân số cho phụ nữ thôn Thống Nhất",
            ensure_organization(kind=OrganizationKind.WOMEN, unit=hai_lang),
            thong_nhat,
            hai_lang,
            province,
            "Nhà văn hóa thôn Thống Nhất",
            ("giangvien",),
            ("doanvien", "doanvien2"),
            Person.objects.filter(
                village=thong_nhat, gender=Gender.FEMALE, birth_year__lte=1975, user__isnull=True
            ),
        ),
        ClassPlan(
            "Dùng điện thoại an toàn — bản Nà Làng",
            ensure_organization(kind=OrganizationKind.YOUTH, unit=hoanh_mo),
            na_lang,
            hoanh_mo,
            province,
            "Nhà văn hóa bản Nà Làng",
            (),
            ("doanvien.nalang",),
            Person.objects.filter(village=na_lang, birth_year__lte=1980),
        ),
    ]
    created_classes = attendances = 0
    for plan in plans:
        title, village, trainers, mentors = plan.title, plan.village, plan.trainers, plan.mentors
        training_class = TrainingClass.objects.filter(title=title).first()
        if training_class is not None:
            continue
        created_classes += 1
        training_class = TrainingClass.objects.create(
            title=title,
            organizer=plan.organizer,
            village=village,
            commune=plan.commune,
            province=plan.province,
            venue_name=plan.venue,
            created_by=users[mentors[0] if not trainers else trainers[0]],
        )
        training_class.skills.set([skills[code] for code in CLASS_SKILLS])
        training_class.trainers.set([users[name] for name in trainers])
        training_class.mentors.set([users[name] for name in mentors])
        learners = list(plan.learners.order_by("birth_year", "id")[:24])
        Enrolment.objects.bulk_create(
            [
                Enrolment(training_class=training_class, person=person, enrolled_by=users[mentors[0]])
                for person in learners
            ]
        )
        sessions = [
            ClassSession.objects.create(
                training_class=training_class,
                topic=topic,
                **dict(zip(("starts_at", "ends_at"), session_times(day, start), strict=True)),
            )
            for day, start, topic in (
                (today - timedelta(days=21), time(8), "Làm quen với điện thoại"),
                (today - timedelta(days=14), time(8), "Cài đặt và kích hoạt VNeID"),
                (today - timedelta(days=7), time(8), "Thanh toán bằng mã QR"),
                (today, time(14), "Ôn tập, làm lại từng bước"),
                (today + timedelta(days=7), time(8), "Hỏi đáp"),
            )
        ]
        marker = users[mentors[0]]
        trainer_people = [p for p in Person.objects.filter(user__username__in=trainers)]
        for session in sessions[:3]:
            present = [person for person in learners if rng.random() < 0.85]
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        session=session,
                        person=person,
                        method=rng.choice((CheckInMethod.TAP, CheckInMethod.CARD)),
                        marked_by=marker,
                        marked_at=session.starts_at + timedelta(minutes=rng.randint(0, 20)),
                        client_uuid=demo_uuid("attendance", session.pk, person.pk),
                        **location_of(person),
                    )
                    for person in present
                ]
            )
            attendances += len(present)
            for trainer in trainer_people:
                TrainingLink.objects.bulk_create(
                    [
                        TrainingLink(
                            trainee=person,
                            trainer=trainer,
                            training_class=training_class,
                            taught_on=session.starts_at.date(),
                            recorded_by=marker,
                            **location_of(person),
                        )
                        for person in present
                    ],
                    ignore_conflicts=True,
                )
        seed_checks(rng, marker, learners, [skills[code] for code in CLASS_SKILLS], sessions[:3])
    return created_classes, attendances


def seed_checks(
    rng: random.Random,
    mentor: User,
    learners: list[Person],
    skills: list[Skill],
    sessions: list[ClassSession],
) -> None:
    """Tries numbered 1, 2, 3… per person and skill: not yet, then with help, then (for most) alone,
    which masters the skill as a mentor's check."""
    checks: list[SkillCheck] = []
    masteries: list[Mastery] = []
    mastered = set(Mastery.objects.filter(person__in=learners).values_list("person_id", "skill_id"))
    for person in learners:
        for skill in skills:
            tries = rng.choice((0, 1, 2, 2, 3, 3))
            outcomes = (
                [CheckOutcome.NOT_YET, CheckOutcome.WITH_HELP, CheckOutcome.ALONE][-tries:] if tries else []
            )
            for number, (outcome, session) in enumerate(zip(outcomes, sessions, strict=False), start=1):
                checks.append(
                    SkillCheck(
                        person=person,
                        skill=skill,
                        number=number,
                        outcome=outcome,
                        note=DEMO_NOTES[outcome],
                        session=session,
                        checked_by=mentor,
                        checked_at=session.ends_at - timedelta(minutes=30),
                        client_uuid=demo_uuid("check", person.pk, skill.pk, number),
                        **location_of(person),
                    )
                )
                if outcome == CheckOutcome.ALONE and (person.pk, skill.pk) not in mastered:
                    mastered.add((person.pk, skill.pk))
                    masteries.append(
                        Mastery(
                            person=person,
                            skill=skill,
                            source=MasterySource.MENTOR,
                            recorded_by=mentor,
                            mastered_at=session.ends_at - timedelta(minutes=30),
                            **location_of(person),
                        )
                    )
    SkillCheck.objects.bulk_create(checks, ignore_conflicts=True)
    Mastery.objects.bulk_create(masteries, ignore_conflicts=True)
    issue_missing_certificates()


DEMO_NOTES = {
    CheckOutcome.NOT_YET: "Chưa nhớ mật khẩu, cần ôn lại.",
    CheckOutcome.WITH_HELP: "Làm được khi có người nhắc từng bước.",
    CheckOutcome.ALONE: "Tự làm được từ đầu đến cuối.",
}

HELP_PLAN = (
    # (days ago, topic, status, description)
    (5, HelpTopic.VNEID, HelpStatus.OPEN, "Quên mật khẩu VNeID, không đăng nhập được."),
    (4, HelpTopic.SCAMS, HelpStatus.OPEN, "Có người gọi tự xưng công an, bảo chuyển tiền."),
    (1, HelpTopic.PAYMENT, HelpStatus.OPEN, "Muốn liên kết tài khoản ngân hàng để quét mã QR."),
    (0, HelpTopic.ZALO, HelpStatus.OPEN, "Không gửi được ảnh cho con qua Zalo."),
    (2, HelpTopic.PUBLIC_SERVICES, HelpStatus.CLAIMED, "Cần nộp hồ sơ cấp lại giấy khai sinh trên mạng."),
    (9, HelpTopic.VNEID, HelpStatus.RESOLVED, "Điện thoại mới, cần đăng nhập lại VNeID."),
    (6, HelpTopic.PAYMENT, HelpStatus.RESOLVED, "Chuyển nhầm tiền, cần hướng dẫn báo ngân hàng."),
    (12, HelpTopic.OTHER, HelpStatus.RESOLVED, "Chữ trên điện thoại nhỏ quá, muốn phóng to."),
)


def seed_help_requests(rng: random.Random, users: dict[str, User], *, thong_nhat: Unit, na_lang: Unit) -> int:
    """The help queues of Thống Nhất (one request waiting five days, flagged) and Nà Làng."""
    now = timezone.now()
    created = 0
    for village, mentor, plan in (
        (thong_nhat, users["doanvien"], HELP_PLAN),
        (na_lang, users["doanvien.nalang"], HELP_PLAN[:5]),
    ):
        team = DigitalTeam.objects.filter(unit=village).first()
        residents = list(Person.objects.filter(village=village, birth_year__lte=1970).order_by("id")[:40])
        for index, (days_ago, topic, status, description) in enumerate(plan):
            client_uuid = demo_uuid("help", village.code, index)
            if HelpRequest.objects.filter(client_uuid=client_uuid).exists() or not residents:
                continue
            person = residents[(index * 7) % len(residents)]
            asked_at = now - timedelta(days=days_ago, hours=rng.randint(1, 6))
            request = HelpRequest.objects.create(
                team=team,
                person=person,
                name=person.full_name,
                topic=topic,
                description=description,
                channel=HelpChannel.MENTOR if index % 2 else HelpChannel.RESIDENT,
                status=status,
                created_by=mentor if index % 2 else None,
                created_at=asked_at,
                client_uuid=client_uuid,
                **location_of(person),
            )
            events = [
                HelpEvent(request=request, kind=HelpEventKind.ASKED, actor=request.created_by, at=asked_at)
            ]
            if status in (HelpStatus.CLAIMED, HelpStatus.RESOLVED):
                request.claimed_by, request.claimed_at = mentor, asked_at + timedelta(hours=3)
                events.append(
                    HelpEvent(
                        request=request, kind=HelpEventKind.CLAIMED, actor=mentor, at=request.claimed_at
                    )
                )
            if status == HelpStatus.RESOLVED:
                request.resolved_by, request.resolved_at = mentor, asked_at + timedelta(days=1)
                request.resolution_note = "Đã đến nhà hướng dẫn, bà tự làm lại được."
                events.append(
                    HelpEvent(
                        request=request,
                        kind=HelpEventKind.RESOLVED,
                        actor=mentor,
                        note=request.resolution_note,
                        at=request.resolved_at,
                    )
                )
            request.save()
            HelpEvent.objects.bulk_create(events)
            created += 1
    return created


CONFERENCE_TITLE = "Tập huấn chuyển đổi số cho cán bộ Hội LHPN cơ sở"


def seed_conference_and_cascade(rng: random.Random, users: dict[str, User]) -> int:
    """The province Women's Union trained the cadres of the demo communes; each cadre then trained
    members of her commune, and some members taught their families: three levels below the conference."""
    if Conference.objects.filter(title=CONFERENCE_TITLE).exists():
        return 0
    province = Unit.objects.get(code=PROVINCE_CODE)
    organizer = ensure_organization(kind=OrganizationKind.WOMEN, unit=province)
    starts = timezone.localdate() - timedelta(days=75)
    conference = Conference.objects.create(
        title=CONFERENCE_TITLE,
        organizer=organizer,
        unit=province,
        starts_on=starts,
        ends_on=starts + timedelta(days=1),
        venue="Hội trường Hội LHPN tỉnh, Hạ Long",
        description=(
            "Hai ngày: VNeID, thanh toán không dùng tiền mặt, nhận diện lừa đảo, cách hướng dẫn hội viên."
        ),
        created_by=users["tinh"],
    )
    cadres = list(
        Person.objects.filter(province=province, is_cadre=True, gender=Gender.FEMALE).order_by("id")[:40]
    )
    own = list(Person.objects.filter(user__username__in=("hoiphunu", "giangvien")))
    cadres = own + [person for person in cadres if person not in own]
    recorder = users["tinh"]
    attended_at = timezone.make_aware(datetime.combine(starts, time(8)))
    ConferenceRegistration.objects.bulk_create(
        [
            ConferenceRegistration(
                conference=conference,
                person=person,
                registered_by=recorder,
                attended_at=attended_at if index < len(cadres) - 4 else None,
            )
            for index, person in enumerate(cadres)
        ]
    )
    attended = cadres[: len(cadres) - 4]
    links = [
        TrainingLink(
            trainee=person,
            conference=conference,
            taught_on=starts,
            recorded_by=recorder,
            **location_of(person),
        )
        for person in attended
    ]
    taken = {person.pk for person in cadres}
    members_by_commune: dict[int, list[Person]] = {}
    for person in (
        Person.objects.filter(province=province, is_cadre=False)
        .order_by("id")
        .only("id", "village_id", "commune_id", "province_id")
    ):
        members_by_commune.setdefault(person.commune_id, []).append(person)
    for cadre in attended:
        pool = members_by_commune.get(cadre.commune_id, [])
        members = [p for p in rng.sample(pool, min(len(pool), rng.randint(8, 16))) if p.pk not in taken]
        taken.update(p.pk for p in members)
        for member in members:
            day = starts + timedelta(days=rng.randint(7, 30))
            links.append(link(cadre, member, day, recorder))
            same_village = [p for p in pool if p.village_id == member.village_id and p.pk not in taken]
            for relative in rng.sample(same_village, min(len(same_village), rng.choice((0, 0, 1, 2, 3)))):
                taken.add(relative.pk)
                links.append(link(member, relative, day + timedelta(days=rng.randint(1, 14)), recorder))
    TrainingLink.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


def link(trainer: Person, trainee: Person, day: date, recorder: User) -> TrainingLink:
    return TrainingLink(
        trainer=trainer, trainee=trainee, taught_on=day, recorded_by=recorder, **location_of(trainee)
    )


COMPETITION_TITLE = "Hội thi tìm hiểu Công dân số xã Hải Lạng"


def seed_competition(
    rng: random.Random, users: dict[str, User], skills: dict[str, Skill], *, hai_lang: Unit
) -> int:
    """An online quiz of the commune's Youth Union, open from ten days ago for three more weeks, with
    the scored entries of a share of the commune's residents. The seeded entries carry their drawn
    questions, times and scores for the leaderboards, not the answers themselves (nothing replays
    them: a finished entry shows only its score)."""
    if Competition.objects.filter(title=COMPETITION_TITLE).exists():
        return 0
    now = timezone.now()
    organizer: Organization = ensure_organization(kind=OrganizationKind.YOUTH, unit=hai_lang)
    competition = Competition.objects.create(
        code=demo_uuid("competition", hai_lang.code).hex[:8].upper(),
        title=COMPETITION_TITLE,
        description=(
            "Mười câu hỏi về VNeID, thanh toán không dùng tiền mặt, lừa đảo trên mạng và dịch vụ công."
        ),
        organizer=organizer,
        unit=hai_lang,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=21),
        time_limit_minutes=15,
        question_count=10,
        created_by=users["hoiphunu"],
    )
    pool = CompetitionQuestion.objects.bulk_create(
        [
            CompetitionQuestion(competition=competition, question=question)
            for question in Question.objects.filter(skill__code__in=COMPETITION_SKILLS).order_by(
                "skill__order", "id"
            )
        ]
    )
    people = list(
        Person.objects.filter(commune=hai_lang, birth_year__gte=1950)
        .order_by("id")
        .only("id", "village_id", "commune_id", "province_id")
    )
    entries = []
    for person in people:
        if rng.random() >= 0.15:
            continue
        drawn = rng.sample(pool, competition.question_count)
        correct = sum(rng.random() < 0.72 for _ in drawn)
        started = competition.opens_at + timedelta(minutes=rng.randint(0, 60 * 24 * 9))
        entries.append(
            CompetitionEntry(
                competition=competition,
                person=person,
                question_ids=[question.pk for question in drawn],
                answers={},
                started_at=started,
                deadline_at=started + timedelta(minutes=competition.time_limit_minutes),
                submitted_at=started + timedelta(seconds=rng.randint(150, 840)),
                correct=correct,
                total=len(drawn),
                score=round(100 * correct / len(drawn)),
                **location_of(person),
            )
        )
    CompetitionEntry.objects.bulk_create(entries)
    return len(entries)
