"""Writes of narration: generating the synthetic voice files, recording a human voice, reviewing
recordings, and adding a unit's local language.

Files go to Django's default storage under narration/<language>/. A narration's audio URL is keyed
by its id and cached forever, so a file is never replaced under an existing row: regenerating a
synthetic narration (a changed text, or --force) deletes the old row and its file and makes a new row.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.common.text import nfc
from langso.learning.models import (
    Narration,
    NarrationLanguage,
    NarrationSource,
    NarrationStatus,
    Step,
)
from langso.learning.selectors.narration import (
    LANGUAGE_UNIT_KINDS,
    narrations_reviewable_by,
    recordable_languages,
)
from langso.learning.speech import Speech, SpeechError, SpeechSynthesizer, speech_text
from langso.places.models import Unit

MAX_RECORDING_BYTES = 2 * 1024 * 1024
MAX_RECORDING_MS = 3 * 60 * 1000
#: content types a browser may declare for a recording (MediaRecorder: WebM or Ogg Opus; Safari: MP4)
RECORDING_CONTENT_TYPES = frozenset(
    {"audio/webm", "video/webm", "audio/ogg", "application/ogg", "audio/opus", "audio/mp4", "audio/x-m4a"}
)
#: the containers accepted, told by their first bytes, and the extension each is stored with
_CONTAINERS: tuple[tuple[Callable[[bytes], bool], str], ...] = (
    (lambda head: head.startswith(b"\x1a\x45\xdf\xa3"), "webm"),
    (lambda head: head.startswith(b"OggS"), "ogg"),
    (lambda head: head[4:8] == b"ftyp", "m4a"),
)
#: the content type each stored extension is served with
AUDIO_CONTENT_TYPES = {"opus": "audio/ogg", "ogg": "audio/ogg", "webm": "audio/webm", "m4a": "audio/mp4"}


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- Synthetic narration --------------------------------------------------------------------


@dataclass
class GenerationReport:
    """What one run of the generator did."""

    created: int = 0
    regenerated: int = 0
    unchanged: int = 0
    without_text: int = 0
    #: "vi step 12: espeak-ng: …" for each text that could not be synthesized
    failures: list[str] = field(default_factory=list)
    audio_ms: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def made(self) -> int:
        return self.created + self.regenerated


@dataclass(frozen=True)
class _Job:
    step: Step
    language: NarrationLanguage
    text: str
    digest: str
    old: Narration | None


def synthetic_languages(code: str | None = None) -> list[NarrationLanguage]:
    """The languages an espeak-ng voice can read (optionally only `code`)."""
    languages = NarrationLanguage.objects.exclude(espeak_voice="").order_by("code")
    return list(languages.filter(code=code) if code else languages)


def generate_synthetic_narrations(
    *,
    synthesizer: SpeechSynthesizer,
    languages: list[NarrationLanguage],
    force: bool = False,
    workers: int | None = None,
) -> GenerationReport:
    """Give every step a published synthetic narration in each language. Idempotent: a step whose
    spoken text is unchanged (same digest, file still there) is skipped unless `force`. A text that
    cannot be synthesized is listed in the report and left to the browser's speech synthesis."""
    started = time.monotonic()
    report = GenerationReport()
    jobs: list[_Job] = []
    for language in languages:
        existing = {
            n.step_id: n
            for n in Narration.objects.filter(language=language, source=NarrationSource.SYNTHETIC)
        }
        for step in Step.objects.only("pk", "text").order_by("pk"):
            text = speech_text(str((step.text or {}).get(language.code) or ""))
            if not text:
                report.without_text += 1
                continue
            digest = text_digest(text)
            old = existing.get(step.pk)
            if old is not None and not force and old.text_digest == digest and _file_exists(old):
                report.unchanged += 1
                continue
            jobs.append(_Job(step, language, text, digest, old))
    # espeak-ng and opusenc are separate processes: threads keep every core busy.
    with (
        tempfile.TemporaryDirectory(prefix="langso-narration-") as tmp,
        ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool,
    ):
        futures = {
            pool.submit(
                synthesizer.synthesize,
                job.text,
                voice=job.language.espeak_voice,
                target=Path(tmp) / f"{job.language.code}-{job.step.pk}.opus",
            ): job
            for job in jobs
        }
        for future in as_completed(futures):
            job = futures[future]
            try:
                speech = future.result()
            except SpeechError as error:
                report.failures.append(f"{job.language.code} step {job.step.pk}: {error}")
                continue
            _store_synthetic(job, speech, Path(tmp) / f"{job.language.code}-{job.step.pk}.opus")
            report.audio_ms += speech.duration_ms
            report.bytes += speech.size
            if job.old is None:
                report.created += 1
            else:
                report.regenerated += 1
    report.seconds = time.monotonic() - started
    return report


def _file_exists(narration: Narration) -> bool:
    name = narration.audio.name
    return bool(name) and default_storage.exists(str(name))


@transaction.atomic
def _store_synthetic(job: _Job, speech: Speech, made: Path) -> Narration:
    """Save the made file and replace the step's synthetic narration row (a new id, so a new URL)."""
    name = f"narration/{job.language.code}/{job.step.pk}-{job.digest[:12]}.opus"
    old_name = (job.old.audio.name or "") if job.old is not None else ""
    if job.old is not None:
        job.old.delete()
    if default_storage.exists(name):  # a forced run makes the same text again
        default_storage.delete(name)
    with made.open("rb") as stream:
        saved = default_storage.save(name, File(stream))
    narration = Narration(
        step=job.step,
        language=job.language,
        source=NarrationSource.SYNTHETIC,
        status=NarrationStatus.PUBLISHED,
        audio=saved,
        duration_ms=speech.duration_ms,
        text_digest=job.digest,
    )
    narration.full_clean()
    narration.save()
    if old_name and old_name != saved:
        transaction.on_commit(lambda: default_storage.delete(old_name))
    return narration


# --- Recorded narration ---------------------------------------------------------------------


def _container_of(head: bytes) -> str | None:
    return next((extension for matches, extension in _CONTAINERS if matches(head)), None)


def _ogg_opus_duration_ms(head: bytes, tail: bytes) -> int | None:
    """The length of an Ogg Opus file: the last page's granule position (48 kHz samples) minus
    the pre-skip of the Opus header. None when the file is not Ogg Opus."""
    opus_head = head.find(b"OpusHead")
    last_page = tail.rfind(b"OggS")
    if opus_head < 0 or last_page < 0 or len(tail) < last_page + 14:
        return None
    pre_skip = int.from_bytes(head[opus_head + 10 : opus_head + 12], "little")
    granule = int.from_bytes(tail[last_page + 6 : last_page + 14], "little")
    return max(0, (granule - pre_skip) // 48)


def _check_recording(audio: File, content_type: str, declared_ms: int) -> tuple[str, int]:
    """The stored extension and the length of an uploaded recording; ValidationError otherwise."""
    wrong_type = ValidationError(
        {"audio": _("Send a sound recording made on this page (WebM, Ogg or MP4 audio).")}
    )
    if content_type.split(";")[0].strip().lower() not in RECORDING_CONTENT_TYPES:
        raise wrong_type
    size = audio.size or 0
    if size > MAX_RECORDING_BYTES:
        raise ValidationError({"audio": _("The recording is too large: at most 2 MB.")})
    audio.seek(0)
    head = audio.read(4096)
    audio.seek(max(0, size - 65536))
    tail = audio.read()
    audio.seek(0)
    extension = _container_of(head)
    if extension is None or size == 0:
        raise wrong_type
    duration_ms = (_ogg_opus_duration_ms(head, tail) if extension == "ogg" else None) or max(0, declared_ms)
    if duration_ms > MAX_RECORDING_MS:
        raise ValidationError({"audio": _("The recording is too long: at most 3 minutes.")})
    return extension, duration_ms


@transaction.atomic
def record_narration(
    *,
    actor: User,
    step: Step,
    language: NarrationLanguage,
    audio: File,
    content_type: str,
    duration_ms: int = 0,
) -> Narration:
    """Keep a human recording of `step` in `language`, waiting for review. `duration_ms` is what
    the recorder's browser measured; an Ogg file's own length is used instead when it can be read."""
    if language not in recordable_languages(actor):  # also refuses a user who may not record
        raise PermissionDenied
    extension, length_ms = _check_recording(audio, content_type, duration_ms)
    name = f"narration/{language.code}/{step.pk}-rec-{secrets.token_hex(6)}.{extension}"
    saved = default_storage.save(name, audio)
    narration = Narration(
        step=step,
        language=language,
        source=NarrationSource.RECORDED,
        status=NarrationStatus.PENDING,
        audio=saved,
        duration_ms=length_ms,
        recorded_by=actor,
    )
    try:
        narration.full_clean()
        narration.save()
    except Exception:
        default_storage.delete(saved)
        raise
    return narration


def _lock_for_review(actor: User, narration: Narration) -> Narration:
    """The narration, locked, if the actor may review it now; PermissionDenied otherwise."""
    locked = (
        Narration.objects.select_for_update()
        .filter(pk=narration.pk, pk__in=narrations_reviewable_by(actor).values("pk"))
        .first()
    )
    if locked is None:
        raise PermissionDenied
    return locked


@transaction.atomic
def publish_narration(*, actor: User, narration: Narration) -> Narration:
    """Publish a pending recording: learners hear it from now on, before the synthetic voice and
    before recordings published earlier (which stay published)."""
    locked = _lock_for_review(actor, narration)
    return _review(locked, actor, NarrationStatus.PUBLISHED)


@transaction.atomic
def reject_narration(*, actor: User, narration: Narration) -> Narration:
    """Reject a pending recording: it is never served. The file is kept for the recorder to hear."""
    locked = _lock_for_review(actor, narration)
    return _review(locked, actor, NarrationStatus.REJECTED)


def _review(narration: Narration, actor: User, status: NarrationStatus) -> Narration:
    narration.status = status
    narration.reviewed_by = actor
    narration.reviewed_at = timezone.now()
    narration.full_clean()
    narration.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return narration


# --- Local languages ------------------------------------------------------------------------


@transaction.atomic
def add_narration_language(*, actor: User, unit: Unit, code: str, name: str) -> NarrationLanguage:
    """Add a local language (Tày, Dao, H'Mông…) that the recorders of `unit`'s area may record in
    and its learners may choose. Only at a commune or above, by a user who may record there."""
    if unit.kind not in LANGUAGE_UNIT_KINDS or not jurisdiction.may(actor, Action.RECORD_NARRATION, unit):
        raise PermissionDenied
    code = slugify(code.strip())[:16].strip("-")
    name = " ".join(nfc(name).split())
    existing = NarrationLanguage.objects.filter(code=code).first()
    if existing is not None:
        if existing in recordable_languages(actor):
            message = _("“%(name)s” already has this code and can be used in your area.") % {
                "name": existing.name
            }
        else:
            message = _(
                "This code is already used by another area. Choose another one, e.g. “%(code)s-2”."
            ) % {"code": code}
        raise ValidationError({"code": message})
    language = NarrationLanguage(code=code, name=name, unit=unit)
    language.full_clean()
    language.save()
    return language
