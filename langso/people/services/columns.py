"""The columns of a residents file, shared by the import, the export and the template."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from langso.common.text import normalize_text
from langso.people.models import Gender, OrganizationKind

#: canonical key, header written in exports and templates (Vietnamese, the file's language)
COLUMNS: list[tuple[str, str]] = [
    ("full_name", "Họ và tên"),
    ("gender", "Giới tính"),
    ("birth_year", "Năm sinh"),
    ("ethnicity", "Dân tộc"),
    ("village_code", "Mã thôn"),
    ("phone", "Số điện thoại"),
    ("phone_consent", "Đồng ý lưu SĐT"),
    ("is_cadre", "Cán bộ"),
    ("is_ocop_subject", "Chủ thể OCOP"),
    ("organizations", "Hội, đoàn thể"),
]
REQUIRED = ("full_name", "gender", "birth_year", "ethnicity", "village_code")

COLUMN_LABELS = {
    "full_name": _("Full name"),
    "gender": _("Gender"),
    "birth_year": _("Birth year"),
    "ethnicity": _("Ethnic group"),
    "village_code": _("Village code"),
    "phone": _("Phone number"),
    "phone_consent": _("Consent to keep the phone number"),
    "is_cadre": _("Cadre"),
    "is_ocop_subject": _("OCOP subject"),
    "organizations": _("Organizations"),
    "": _("File"),
}

# Headers people actually write, in the three languages, folded by normalize_text.
_HEADER_ALIASES = {
    "full_name": ["ho va ten", "ho ten", "ten", "full name", "name", "nama", "nama lengkap"],
    "gender": ["gioi tinh", "gender", "sex", "jenis kelamin"],
    "birth_year": ["nam sinh", "birth year", "year of birth", "tahun lahir"],
    "ethnicity": ["dan toc", "ethnicity", "ethnic group", "suku", "suku bangsa"],
    "village_code": ["ma thon", "village code", "kode desa", "ma thon/ban", "ma to dan pho"],
    "phone": ["so dien thoai", "dien thoai", "sdt", "phone", "phone number", "telepon", "nomor telepon"],
    "phone_consent": ["dong y luu sdt", "dong y", "consent", "phone consent", "persetujuan"],
    "is_cadre": ["can bo", "cadre", "is cadre", "kader"],
    "is_ocop_subject": ["chu the ocop", "doi tuong ocop", "ocop", "ocop subject", "subjek ocop"],
    "organizations": ["hoi, doan the", "hoi doan the", "to chuc", "organizations", "organisasi"],
}
HEADER_KEYS = {alias: key for key, aliases in _HEADER_ALIASES.items() for alias in aliases}
HEADER_KEYS.update({key.replace("_", " "): key for key, _header in COLUMNS})

GENDER_WORDS = {
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "perempuan": Gender.FEMALE,
    "wanita": Gender.FEMALE,
    "p": Gender.FEMALE,
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "laki-laki": Gender.MALE,
    "pria": Gender.MALE,
    "l": Gender.MALE,
    "khac": Gender.OTHER,
    "other": Gender.OTHER,
    "lainnya": Gender.OTHER,
}
GENDER_LABEL_VI = {Gender.FEMALE: "Nữ", Gender.MALE: "Nam", Gender.OTHER: "Khác"}

TRUE_WORDS = {"x", "co", "yes", "y", "1", "true", "ya", "dong y", "v"}
FALSE_WORDS = {"", "khong", "no", "n", "0", "false", "tidak"}

ORGANIZATION_WORDS = {
    OrganizationKind.WOMEN: ["hoi lhpn", "lhpn", "phu nu", "hoi phu nu", "women", "women's union", "pkk"],
    OrganizationKind.YOUTH: ["doan thanh nien", "thanh nien", "doan", "youth", "youth union", "pemuda"],
    OrganizationKind.FARMERS: ["hoi nong dan", "nong dan", "farmers", "farmers' association", "petani"],
    OrganizationKind.FRONT: ["mat tran", "mttq", "ubmttq", "fatherland front", "front"],
    OrganizationKind.VETERANS: ["cuu chien binh", "hoi ccb", "ccb", "veterans", "veteran"],
    OrganizationKind.ELDERLY: ["nguoi cao tuoi", "hoi nct", "nct", "elderly", "lansia"],
}
#: how an export names each organization; the import reads these names back
ORGANIZATION_LABEL_VI = {
    OrganizationKind.WOMEN: "Hội LHPN",
    OrganizationKind.YOUTH: "Đoàn Thanh niên",
    OrganizationKind.FARMERS: "Hội Nông dân",
    OrganizationKind.FRONT: "Mặt trận",
    OrganizationKind.VETERANS: "Hội Cựu chiến binh",
    OrganizationKind.ELDERLY: "Hội Người cao tuổi",
}
ORGANIZATION_KEYS = {word: kind.value for kind, words in ORGANIZATION_WORDS.items() for word in words} | {
    normalize_text(label): kind.value for kind, label in ORGANIZATION_LABEL_VI.items()
}


def column_key(header: str) -> str | None:
    """The canonical key of a header cell, or None for a column the import does not use."""
    return HEADER_KEYS.get(normalize_text(header).replace("_", " "))


def is_residents_header(header: list[str]) -> bool:
    """Whether a row of header cells names every required column."""
    keys = {column_key(cell) for cell in header}
    return all(key in keys for key in REQUIRED)
