"""The catalogs are complete, well formed, compiled, and in step with the source strings.

These tests use the gettext tools (msgfmt, msgattrib, xgettext, msgmerge) that Django's own
makemessages and compilemessages need; without them they fail and say to install gettext.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
SOURCE_DIR = LOCALE_DIR.parent  # the `langso` package: every template and module with strings
LANGUAGES = [code for code, _name in settings.LANGUAGES]
FIX = (
    "run `manage.py makemessages -l vi -l en -l id --no-location --no-obsolete --ignore=.venv --ignore=bench "
    "--ignore=var`, translate the new entries, then `manage.py compilemessages --ignore=.venv`"
)

#: the terms every screen must use the same way (English msgid -> Vietnamese, Indonesian)
GLOSSARY = {
    "Làng Số": ("Làng Số", "Làng Số"),
    "Residents": ("Cư dân", "Warga"),
    "Village head": ("Trưởng thôn", "Kepala desa"),
    "Commune officer": ("Cán bộ xã", "Petugas kecamatan"),
    "Province officer": ("Cán bộ tỉnh", "Petugas provinsi"),
    "Youth mentor": ("Thành viên tổ công nghệ số", "Pendamping muda"),
    "Sign in": ("Đăng nhập", "Masuk"),
    "Sign out": ("Đăng xuất", "Keluar"),
    "Import a list": ("Nhập danh sách", "Impor daftar"),
    "Export to Excel": ("Xuất ra Excel", "Ekspor ke Excel"),
    "OCOP subject": ("chủ thể OCOP", "pelaku OCOP"),
    "This value is required.": ("Cần điền giá trị này.", "Bagian ini wajib diisi."),
}


def gettext_tool(name: str) -> str:
    """The path of a gettext program, or a failure that says how to get it."""
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"`{name}` is missing: install gettext (e.g. `apt-get install gettext`).")
    return path


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a program and return what it printed; a failure shows its error output."""
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stderr}"
    return result.stdout


def po_file(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def untranslated_and_fuzzy(po: Path) -> str:
    """The entries of a catalog that have no translation or only a guessed one (empty if none)."""
    msgattrib = gettext_tool("msgattrib")
    return run(msgattrib, "--untranslated", po) + run(msgattrib, "--only-fuzzy", po)


def compiled_catalog(mo: Path) -> dict:
    """Every (msgid -> msgstr) pair of a compiled catalog, as Python's gettext reads it."""
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_in_every_language(language):
    po = po_file(language)
    assert po.exists(), f"{po} is missing: {FIX}"
    assert untranslated_and_fuzzy(po) == "", f"{po} has untranslated or fuzzy entries: {FIX}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogs_are_well_formed_and_keep_every_placeholder(language):
    # --check verifies the header, the plural forms and that each %(name)s / {name} is kept.
    result = subprocess.run(
        [gettext_tool("msgfmt"), "--check", "-o", os.devnull, str(po_file(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr


@pytest.mark.parametrize("language", ["vi", "id"])
def test_vietnamese_and_indonesian_have_one_plural_form_and_nfc_text(language):
    catalog = compiled_catalog(po_file(language).with_suffix(".mo"))
    assert "Plural-Forms: nplurals=1; plural=0;" in catalog[""]
    not_nfc = [text for text in catalog.values() if not unicodedata.is_normalized("NFC", text)]
    assert not_nfc == [], "write Vietnamese with precomposed letters (NFC)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogs_match_the_sources(language, tmp_path):
    po = po_file(language)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `manage.py compilemessages --ignore=.venv`"
    fresh = tmp_path / "django.mo"
    run(gettext_tool("msgfmt"), "--check-format", "-o", fresh, po)
    assert compiled_catalog(mo) == compiled_catalog(fresh), (
        f"{mo} is older than {po.name}: run `manage.py compilemessages --ignore=.venv`"
    )


def test_no_source_string_is_missing_from_the_catalogs(tmp_path):
    # Given a copy of the sources and catalogs (makemessages rewrites the catalogs it finds)
    for program in ("xgettext", "msguniq", "msgmerge"):
        gettext_tool(program)
    copy = tmp_path / SOURCE_DIR.name
    shutil.copytree(SOURCE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
    # When makemessages extracts the strings again, without settings, into the copy's ./locale
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    languages = [arg for code in LANGUAGES for arg in ("-l", code)]
    command = ["makemessages", *languages, "--no-location", "--no-obsolete"]
    run(sys.executable, "-m", "django", *command, cwd=copy, env=env)
    # Then no string is new (untranslated) or changed (fuzzy) in any language
    for language in LANGUAGES:
        missing = untranslated_and_fuzzy(po_file(language, copy / "locale"))
        assert missing == "", f"source strings without a {language} translation:\n{missing}\n{FIX}"


@pytest.mark.parametrize(("english", "vietnamese", "indonesian"), [(k, *v) for k, v in GLOSSARY.items()])
def test_the_fixed_terms_are_used(english, vietnamese, indonesian):
    for language, expected in (("vi", vietnamese), ("id", indonesian), ("en", english)):
        with translation.override(language):
            assert translation.gettext(english) == expected
