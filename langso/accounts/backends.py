"""Sign-in with a username or a phone number."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from langso.accounts.models import User
from langso.common.phones import normalize_phone


class UsernameOrPhoneBackend(ModelBackend):
    """Accepts "hoa.nguyen" or "0912 345 678" in the username box."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is None:
            phone = normalize_phone(username)
            user = User.objects.filter(phone=phone).first() if phone else None
        if user is None:
            User().set_password(password)  # spend the same time as a real check (timing attack)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
