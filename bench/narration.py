"""How long read-aloud audio takes to make for the whole curriculum, and how big it is: espeak-ng
then opusenc for every lesson step in Vietnamese (the default language), as `make demo` does for
each language. The issue's target size is about 3 KB per second of audio.

Run from the repository root:  .venv/bin/python bench/narration.py [--language vi]
"""

from __future__ import annotations

import argparse
import sys

from _report import markdown_table, write_section
from _scratch import describe_database, scratch_env, setup_django


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--language", default="vi")
    language = parser.parse_args().language
    with scratch_env() as env:
        setup_django(env)
        from django.core.management import call_command

        from langso.learning import speech
        from langso.learning.services.narration import generate_synthetic_narrations, synthetic_languages

        call_command("load_curriculum", verbosity=0)
        synthesizer = speech.EspeakOpusSynthesizer()
        if not speech.is_available():
            print("espeak-ng or opusenc is not installed: nothing to measure", file=sys.stderr)
            return 1
        first = generate_synthetic_narrations(
            synthesizer=synthesizer, languages=synthetic_languages(language)
        )
        again = generate_synthetic_narrations(
            synthesizer=synthesizer, languages=synthetic_languages(language)
        )
        database = describe_database()
    audio_s = first.audio_ms / 1000
    rows = [
        [
            "first run",
            first.made,
            f"{first.seconds:.1f}",
            f"{audio_s:,.0f}",
            f"{audio_s / first.seconds:.0f}×",
            f"{first.bytes / 1000:,.0f}",
            f"{first.bytes / 1000 / audio_s:.1f}",
        ],
        ["second run", again.made, f"{again.seconds:.1f}", "", "", "", ""],
    ]
    table = markdown_table(
        ["run", "files made", "seconds", "audio s", "× real time", "KB", "KB per second of audio"], rows
    )
    print(table)
    body = (
        f"{table}\n\nEvery step of the curriculum in `{language}` ({first.made} steps), on a fresh "
        f"database; the second run finds every text unchanged ({again.unchanged} unchanged) and makes "
        "nothing. The issue's target: about 3 KB per second of audio (Opus at 24 kbit/s)."
    )
    write_section("narration", title="Read-aloud audio", body=body, database=database)
    ok = 2.0 <= first.bytes / 1000 / audio_s <= 4.0 and again.made == 0
    if not ok:
        print("FAILED: outside 2–4 KB per second of audio, or the second run made files", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
