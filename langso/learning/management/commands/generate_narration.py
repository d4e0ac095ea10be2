"""`manage.py generate_narration [--language vi] [--force]`: the synthetic read-aloud files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.learning import speech
from langso.learning.services.narration import generate_synthetic_narrations, synthetic_languages


class Command(BaseCommand):
    help = (
        "Synthesize every lesson step with espeak-ng into Opus files (about 3 KB per second), for each "
        "language with a voice. Unchanged steps are skipped; without espeak-ng and opusenc nothing is "
        "done and the browser's speech synthesis reads the steps."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--language", help="only this narration language (vi, en, id)")
        parser.add_argument("--force", action="store_true", help="make every file again")

    def handle(self, *args: Any, **options: Any) -> None:
        if not speech.is_available():
            self.stdout.write(
                self.style.WARNING(
                    f"Read-aloud files not generated: {speech.ESPEAK} or {speech.OPUSENC} is not installed "
                    "(Debian: apt-get install espeak-ng opus-tools). Learners' browsers will read the "
                    "steps with their own speech synthesis."
                )
            )
            return
        languages = synthetic_languages(options["language"])
        if not languages:
            raise CommandError(
                f"No narration language with a synthetic voice is called {options['language']!r}."
            )
        report = generate_synthetic_narrations(
            synthesizer=speech.EspeakOpusSynthesizer(), languages=languages, force=options["force"]
        )
        audio_seconds = report.audio_ms / 1000
        summary = (
            f"Narration ({', '.join(language.code for language in languages)}): {report.created} created, "
            f"{report.regenerated} regenerated, {report.unchanged} unchanged, {report.without_text} without "
            f"text, {len(report.failures)} failed, in {report.seconds:.1f} s."
        )
        if report.made:
            summary += (
                f" {audio_seconds:.0f} s of audio ({audio_seconds / max(report.seconds, 0.001):.0f}× real "
                f"time), {report.bytes / 1024:.0f} KB ({report.bytes / 1024 / max(audio_seconds, 0.001):.1f} "
                "KB per second)."
            )
        self.stdout.write(self.style.SUCCESS(summary))
        for failure in report.failures:
            self.stderr.write(self.style.WARNING(f"Not synthesized (the browser will read it): {failure}"))
