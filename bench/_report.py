"""Shared by every benchmark: the machine's facts and writing one section of docs/BENCHMARKS.md.

Each benchmark owns the block between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`; a run
replaces its own block in place (or appends it the first time) and leaves the others alone.
"""

from __future__ import annotations

import os
import platform
import re
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "docs" / "BENCHMARKS.md"
if str(REPO) not in sys.path:  # a script run as bench/<name>.py imports `langso` from the repository
    sys.path.insert(0, str(REPO))
PREAMBLE = """# Benchmarks

Figures measured by the scripts under `bench/` (`make bench` runs them all). Each script replaces its
own section below on every run, with the command that reproduces it, the date and the machine.
Every benchmark runs on a throw-away database (a temporary `LANGSO_VAR_DIR`, or a temporary
PostgreSQL database beside the one `DATABASE_URL` names).
"""


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine_facts(database: str) -> str:
    """One line: CPUs as `nproc` counts them, CPU model, Python, the database, the OS."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"nproc {cpus} ({_cpu_model()}) · Python {platform.python_version()} · {database} · "
        f"{platform.system()} {platform.release()}"
    )


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def reproduce_command() -> str:
    """The command line that ran this benchmark, from the repository root."""
    script = Path(sys.argv[0]).resolve()
    shown = script.relative_to(REPO) if script.is_relative_to(REPO) else script
    words = [".venv/bin/python", str(shown), *sys.argv[1:]]
    url = os.environ.get("DATABASE_URL", "")
    return (f"DATABASE_URL={_redacted(url)} " if url else "") + shlex.join(words)


def markdown_table(header: list[str], rows: list[list[object]], *, text_columns: int = 1) -> str:
    """A GitHub-flavoured table: the first `text_columns` left-aligned, the figures after them right."""
    rule = ["---"] * text_columns + ["---:"] * (len(header) - text_columns)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write_section(name: str, *, title: str, body: str, database: str) -> None:
    """Replace (or append) the section `name` of docs/BENCHMARKS.md with `body`.

    Figures measured on PostgreSQL (DATABASE_URL set) go to a section of their own, `NAME-postgresql`,
    so that they sit beside the SQLite ones instead of replacing them.
    """
    if database.startswith("PostgreSQL"):
        name, title = f"{name}-postgresql", f"{title} (PostgreSQL)"
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    block = (
        f"<!-- bench:{name} -->\n## {title}\n\n"
        f"Reproduce: `{reproduce_command()}`  \n"
        f"Measured {stamp} on {machine_facts(database)}.\n\n"
        f"{body.strip()}\n<!-- /bench:{name} -->"
    )
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else PREAMBLE
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print(f"Wrote the “{name}” section of {REPORT.relative_to(REPO)}")
