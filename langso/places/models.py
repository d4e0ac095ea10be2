"""Administrative units stored as a materialized-path tree."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

PATH_SEPARATOR = "/"


class UnitKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village")


#: the kind a child of each kind must have; the hierarchy has no other shape
CHILD_KIND = {
    UnitKind.COUNTRY: UnitKind.PROVINCE,
    UnitKind.PROVINCE: UnitKind.COMMUNE,
    UnitKind.COMMUNE: UnitKind.VILLAGE,
}


def ancestor_paths(path: str) -> list[str]:
    """The path itself and the path of every unit above it, root first."""
    parts = path.rstrip(PATH_SEPARATOR).split(PATH_SEPARATOR)
    return [PATH_SEPARATOR.join(parts[: i + 1]) + PATH_SEPARATOR for i in range(len(parts))]


class Unit(models.Model):
    """One administrative unit. `path` is the codes from the root down, each followed by "/",
    so that a subtree is a single indexed prefix match: "VN/22/" is Quảng Ninh and everything in it.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    #: the official type as the data set names it: "tỉnh", "xã", "phường", "đặc khu", "thôn"…
    division_type = models.CharField(_("division type"), max_length=64, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True)
    depth = models.PositiveSmallIntegerField(_("depth"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        indexes = [
            # PostgreSQL only uses a btree for LIKE 'prefix%' with the pattern operator class.
            models.Index(fields=["path"], name="places_unit_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "name"], name="places_unit_parent_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(path__endswith=PATH_SEPARATOR), name="unit_path_ends_with_sep"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_paths(self) -> list[str]:
        """Paths of this unit and every unit above it, root first."""
        return ancestor_paths(self.path)

    def contains(self, other: Unit) -> bool:
        """Whether `other` is this unit or lies below it."""
        return other.path.startswith(self.path)
