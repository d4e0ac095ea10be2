"""Sign-in form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Phone number or username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        ),
    )
    error_messages = {
        "invalid_login": _("The phone number, username or password is not right. Please try again."),
        "inactive": _("This account has been deactivated. Ask your commune officer."),
    }
