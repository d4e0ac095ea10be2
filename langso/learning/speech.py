"""The speech-synthesis adapter: a step's text to a small Opus file, made on this machine.

The only implementation runs Debian's espeak-ng (text to WAV) and opusenc (WAV to Ogg Opus at
24 kbit/s, about 3 KB per second of speech) as subprocesses. Nothing leaves the machine. Where the
programs are missing, `is_available()` says so and the browser's own speech synthesis reads the text.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import markdown
from django.utils.html import strip_tags

ESPEAK = "espeak-ng"
OPUSENC = "opusenc"
#: a clip longer than this is a runaway text, not a step; the subprocesses are stopped
TIMEOUT_SECONDS = 120
_SENTENCE_END = re.compile(r"[.!?…:;,]$")


@dataclass(frozen=True)
class Speech:
    """What a synthesizer made: the file's length in milliseconds and its size in bytes."""

    duration_ms: int
    size: int


class SpeechSynthesizer(Protocol):
    """Reads a plain text aloud in a voice and writes the audio (Ogg Opus) to `target`;
    raises SpeechError when it cannot."""

    def synthesize(self, text: str, *, voice: str, target: Path) -> Speech: ...


class SpeechError(Exception):
    """A text could not be synthesized (a program failed, timed out, or lacks the voice)."""


class SpeechUnavailable(SpeechError):
    """The programs a synthesizer needs are not installed on this machine."""


def is_available() -> bool:
    """Whether espeak-ng and opusenc are both installed (Debian: espeak-ng, opus-tools)."""
    return shutil.which(ESPEAK) is not None and shutil.which(OPUSENC) is not None


@dataclass(frozen=True)
class EspeakOpusSynthesizer:
    """espeak-ng → WAV → opusenc → Ogg Opus."""

    #: words per minute; espeak-ng's default 175 is quick for elderly listeners
    rate: int = 145
    bitrate_kbps: int = 24

    def synthesize(self, text: str, *, voice: str, target: Path) -> Speech:
        """Synthesize `text` with espeak-ng voice `voice` into `target` (an .opus file)."""
        if not is_available():
            raise SpeechUnavailable(f"{ESPEAK} and {OPUSENC} are needed (Debian: espeak-ng opus-tools)")
        with tempfile.TemporaryDirectory(prefix="langso-speech-") as tmp:
            wav = Path(tmp) / "speech.wav"
            # The text goes through stdin, never the command line: a text may start with "-".
            _run([ESPEAK, "-v", voice, "-s", str(self.rate), "-b", "1", "--stdin", "-w", str(wav)], text)
            try:
                with wave.open(str(wav), "rb") as reader:
                    duration_ms = round(reader.getnframes() * 1000 / reader.getframerate())
            except (OSError, EOFError, wave.Error) as error:
                raise SpeechError(f"{ESPEAK} made no readable sound for voice {voice!r}: {error}") from error
            _run(
                [
                    OPUSENC,
                    "--quiet",
                    "--bitrate",
                    str(self.bitrate_kbps),
                    "--speech",
                    "--discard-comments",
                    str(wav),
                    str(target),
                ]
            )
        return Speech(duration_ms=duration_ms, size=target.stat().st_size)


def _run(command: list[str], text: str | None = None) -> None:
    try:
        subprocess.run(
            command,
            input=text.encode() if text is not None else None,
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
    except subprocess.CalledProcessError as error:
        message = error.stderr.decode(errors="replace").strip() or f"exit status {error.returncode}"
        raise SpeechError(f"{command[0]}: {message}") from error
    except (subprocess.TimeoutExpired, OSError) as error:
        raise SpeechError(f"{command[0]}: {error}") from error


def speech_text(markdown_text: str) -> str:
    """A step's Markdown as the plain text a voice reads: no markup, each line a spoken clause
    (a list item without a full stop still gets its pause)."""
    plain = html.unescape(strip_tags(markdown.markdown(markdown_text or "")))
    lines = [" ".join(line.split()) for line in plain.splitlines()]
    clauses = [line if _SENTENCE_END.search(line) else f"{line}." for line in lines if line]
    return " ".join(clauses)
