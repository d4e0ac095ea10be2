"""The cascade pages over real HTTP: the area's figures, a person's and a conference's reach, and
recording who taught whom, for each role and across communes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from langso.accounts.models import AuditEvent
from langso.people.tests.factories import PersonFactory
from langso.training.models import TrainingLink
from langso.training.services.cascade import record_training
from langso.training.tests.test_cascade import DAY, make_conference

pytestmark = pytest.mark.django_db

CASCADE = "/training/cascade/"
RECORD = "/training/cascade/record/"


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The pages are read in English, whatever the translations say."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def person_url(person) -> str:
    return f"/training/cascade/people/{person.pk}/"


@pytest.fixture
def conference(world):
    conference = make_conference(world)
    record_training(
        trainee=world.huong, conference=conference, recorded_by=world.user("union_cadre"), taught_on=DAY
    )
    record_training(trainee=world.lan, trainer=world.huong, recorded_by=world.user("mentor"), taught_on=DAY)
    return conference


def test_the_cascade_page_gives_an_organizations_figures_in_the_unions_words(client, world, conference):
    client.force_login(world.user("union_cadre"))
    page = client.get(CASCADE).content.decode()
    assert "Hội LHPN xã Hải Lạng" in page
    assert "1 cadres trained, 1 members reached" in page.replace("1 conference, ", "")


def test_the_cascade_page_hides_a_sibling_communes_organizations(client, world, conference):
    client.force_login(world.user("other_commune"))
    response = client.get(CASCADE)
    assert response.status_code == 200
    assert "Hội LHPN xã Hải Lạng" not in response.content.decode()


def test_the_cascade_page_is_not_found_without_a_training_role(client, world):
    client.force_login(world.user("clerk"))
    assert client.get(CASCADE).status_code == 404


def test_the_cascade_page_finds_a_person_without_accents(client, world):
    client.force_login(world.user("commune"))
    page = client.get(CASCADE, {"q": "huong"}).content.decode()
    assert person_url(world.huong) in page


def test_a_persons_reach_is_shown_in_their_own_commune(client, world, conference):
    client.force_login(world.user("commune"))
    page = client.get(person_url(world.huong)).content.decode()
    assert "Trần Thị Lan" in page
    assert "<svg" in page and "<table" in page


def test_a_persons_reach_is_not_found_from_a_sibling_commune(client, world, conference):
    client.force_login(world.user("other_commune"))
    assert client.get(person_url(world.huong)).status_code == 404


def test_a_persons_reach_names_only_people_the_viewer_may_see(client, world, conference):
    record_training(trainee=world.pao, trainer=world.huong, recorded_by=world.user("national"), taught_on=DAY)
    client.force_login(world.user("commune"))
    page = client.get(person_url(world.huong)).content.decode()
    assert "Hoàng Văn Páo" not in page
    assert "And 1 more person, not listed here." in page


def test_viewing_a_persons_reach_is_audited(client, world, conference):
    client.force_login(world.user("mentor"))
    client.get(person_url(world.huong))
    assert AuditEvent.objects.filter(
        action="training.cascade_person", target=f"person:{world.huong.pk}"
    ).exists()


def test_a_conferences_reach_counts_its_levels(client, world, conference):
    client.force_login(world.user("province"))
    page = client.get(f"/training/conferences/{conference.pk}/reach/").content.decode()
    assert "Nguyễn Thị Hương" in page and "Trần Thị Lan" in page


def test_a_conferences_reach_is_not_found_from_a_sibling_commune(client, world, conference):
    client.force_login(world.user("other_commune"))
    assert client.get(f"/training/conferences/{conference.pk}/reach/").status_code == 404


def test_a_persons_reach_page_reads_a_bounded_number_of_queries(
    client, world, conference, django_assert_max_num_queries
):
    client.force_login(world.user("commune"))
    with django_assert_max_num_queries(20):
        client.get(person_url(world.huong))


def test_the_record_page_finds_trainers_among_the_users_people(client, world):
    client.force_login(world.user("mentor"))
    page = client.get(RECORD, {"q": "huong"}).content.decode()
    assert f"?trainer={world.huong.pk}" in page


def test_the_record_page_offers_the_trainers_village_neighbours(client, world):
    neighbour = PersonFactory(full_name="Vi Thị Nhung", village=world.thong_nhat)
    client.force_login(world.user("mentor"))
    page = client.get(RECORD, {"trainer": world.huong.pk}).content.decode()
    assert "Vi Thị Nhung" in page and f'value="{neighbour.pk}"' in page


def test_a_mentor_records_a_family_training_with_one_tap(client, world):
    son = PersonFactory(full_name="Nguyễn Văn Sơn", village=world.thong_nhat)
    client.force_login(world.user("mentor"))
    response = client.post(RECORD, {"trainer": world.huong.pk, "trainee": son.pk, "taught_on": "2025-03-08"})
    assert response.status_code == 302
    assert TrainingLink.objects.filter(trainer=world.huong, trainee=son, taught_on=DAY).exists()


def test_a_future_date_is_refused_with_a_message(client, world):
    son = PersonFactory(full_name="Nguyễn Văn Sơn", village=world.thong_nhat)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(world.user("mentor"))
    response = client.post(
        RECORD, {"trainer": world.huong.pk, "trainee": son.pk, "taught_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()
    assert not TrainingLink.objects.exists()


def test_recording_someone_above_in_the_chain_is_refused_with_a_message(client, world):
    son = PersonFactory(full_name="Nguyễn Văn Sơn", village=world.thong_nhat)
    record_training(trainee=son, trainer=world.huong, recorded_by=world.user("mentor"), taught_on=DAY)
    client.force_login(world.user("mentor"))
    response = client.post(RECORD, {"trainer": son.pk, "trainee": world.huong.pk, "taught_on": "2025-03-09"})
    assert response.status_code == 400
    assert "is above Nguyễn Văn Sơn in the chain of training" in response.content.decode()


def test_recording_a_trainee_of_a_sibling_commune_is_not_found(client, world):
    client.force_login(world.user("trainer"))
    response = client.post(
        RECORD, {"trainer": world.huong.pk, "trainee": world.pao.pk, "taught_on": "2025-03-08"}
    )
    assert response.status_code == 404
    assert not TrainingLink.objects.exists()


def test_recording_for_a_trainer_of_a_sibling_commune_is_not_found(client, world):
    client.force_login(world.user("trainer"))
    assert client.get(RECORD, {"trainer": world.pao.pk}).status_code == 404


def test_the_record_page_is_not_found_for_a_village_head(client, world):
    client.force_login(world.user("village_head"))
    assert client.get(RECORD).status_code == 404
