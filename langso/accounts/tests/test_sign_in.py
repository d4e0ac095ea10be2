"""Signing in by username or phone, throttling repeated failures, and the production profile."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[3]


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_sign_in_with_username_lands_on_home(client, world):
    response = sign_in(client, "commune", "lang-so-test-2025")
    assert response.status_code == 302 and response["Location"] == "/"


def test_sign_in_with_phone_number_in_any_format(client, world):
    assert sign_in(client, "0912 345 678", "lang-so-test-2025").status_code == 302
    client.logout()
    assert sign_in(client, "+84912345678", "lang-so-test-2025").status_code == 302


def test_wrong_password_shows_a_clear_message_and_keeps_the_username(client, world):
    response = sign_in(client, "commune", "sai-mat-khau")
    assert response.status_code == 200
    body = response.content.decode()
    assert "mật khẩu" in body.lower()
    assert 'value="commune"' in body


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, world):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "commune", "sai-mat-khau")
    response = sign_in(client, "commune", "lang-so-test-2025")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_on_one_account_do_not_lock_another(client, world):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "commune", "sai-mat-khau")
    assert sign_in(client, "province", "lang-so-test-2025").status_code == 302


def test_passwords_are_hashed_with_argon2_by_default():
    from langso import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_pages_need_a_signed_in_user(client, world):
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_production_profile_passes_check_deploy(tmp_path):
    env = {
        **os.environ,
        "LANGSO_ENV": "production",
        "SECRET_KEY": "x" * 64 + "production-only-secret-value",
        "ALLOWED_HOSTS": "langso.example.org",
        "LANGSO_VAR_DIR": str(tmp_path),
        "DEBUG": "false",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
