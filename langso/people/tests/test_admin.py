"""The Django admin stays consistent with the registry's rules for national admins."""

import pytest

pytestmark = pytest.mark.django_db


def test_correcting_a_name_in_the_admin_updates_the_search_key(client, world):
    admin = world.user("national")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    huong = world.huong
    response = client.post(
        f"/admin/people/person/{huong.pk}/change/",
        {
            "full_name": "Nguyễn Thị  Hường",
            "gender": "female",
            "birth_year": "1952",
            "ethnicity": huong.ethnicity_id,
            "village": huong.village_id,
            "phone": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    huong.refresh_from_db()
    assert (huong.full_name, huong.search_name) == ("Nguyễn Thị Hường", "nguyen thi huong")
