from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupsConfig(AppConfig):
    name = "langso.rollups"
    verbose_name = _("Roll-ups")
