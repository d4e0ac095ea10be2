"""Shared by the browser benchmarks: the real server on a free port, and what a browser context
takes from the network, request by request.

A `Meter` listens to Playwright's `requestfinished` on a whole browser context, so it sees the
requests of its pages and those of its service workers alike. A request's size is what Chromium
received on the wire for it (response headers + body as encoded, i.e. CDP's `encodedDataLength`);
an answer from the HTTP cache or from a service worker is 0 bytes, and is not a network request.
(One gap, filled: Chromium reports a service worker's own script without its body.)
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from _report import REPO
from playwright.sync_api import BrowserContext, Request

#: resource type -> what it is counted as; everything else (images, audio, fonts, the icon sprite,
#: prefetches) is reported as "not counted"
COUNTED = {"document": "html", "stylesheet": "css", "script": "js", "xhr": "html", "fetch": "html"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, *, seconds: float) -> None:
    """Until `url` answers (any status); raises if `process` stops or `seconds` pass first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit code {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def collect_static(env: dict[str, str]) -> None:
    """Hand the scratch database to the server (close this process's connections) and collect the
    static files WhiteNoise serves, as `make demo` does."""
    from django.db import connections

    connections.close_all()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=REPO, env=env, check=True
    )


@contextmanager
def running_server(env: dict[str, str]) -> Iterator[str]:
    """gunicorn serving the app on a free loopback port, stopped when the block ends."""
    port = free_port()
    log = open(Path(env["LANGSO_VAR_DIR"]) / "gunicorn.log", "w+b")  # noqa: SIM115 (closed below)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "langso.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for_http(f"{base}/healthz", server, seconds=20)
        except RuntimeError as error:
            log.seek(0)
            raise RuntimeError(f"gunicorn: {error}\n" + log.read().decode(errors="replace")) from error
        yield base
    finally:
        stop(server)
        log.close()


def kb(size: int) -> str:
    return f"{size / 1000:.1f}"


@dataclass(frozen=True)
class Transfer:
    url: str
    resource_type: str
    size: int  # bytes received on the wire: headers + encoded body; 0 from a cache or a worker
    encoding: str
    from_service_worker: bool  # answered by a service worker
    by_service_worker: bool  # asked by a service worker (for itself or for its cache)

    @property
    def on_network(self) -> bool:
        return self.size > 0 and not self.from_service_worker


def _worker_script_body(url: str, encoding: str) -> int:
    """Chromium reports a service worker's own script with its headers only: weigh its body by
    asking for it again, in the content encoding it came in."""
    ask = urllib.request.Request(
        url, headers={"Accept-Encoding": encoding or "identity", "Service-Worker": "script"}
    )
    with urllib.request.urlopen(ask, timeout=10) as answer:
        return len(answer.read())


class Meter:
    """Every request that a browser context finishes, in order; `take()` hands them over and starts
    afresh, so that one meter can weigh a cold visit and then a revisit."""

    def __init__(self, context: BrowserContext) -> None:
        self._transfers: list[Transfer] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request: Request) -> None:
        response = request.response()
        sizes = request.sizes()
        size = max(0, sizes["responseHeadersSize"] + sizes["responseBodySize"])
        encoding = response.headers.get("content-encoding", "") if response else ""
        by_service_worker = request.service_worker is not None
        if by_service_worker and request.resource_type == "script" and size and not sizes["responseBodySize"]:
            size += _worker_script_body(request.url, encoding)
        self._transfers.append(
            Transfer(
                url=request.url,
                resource_type=request.resource_type,
                size=size,
                encoding=encoding,
                from_service_worker=bool(response and response.from_service_worker),
                by_service_worker=by_service_worker,
            )
        )

    def take(self) -> list[Transfer]:
        transfers, self._transfers = self._transfers, []
        return transfers


@dataclass
class Tally:
    """The network requests among some transfers: HTML, CSS and JS counted, the rest beside them."""

    requests: int = 0
    bytes_by_kind: dict[str, int] = field(default_factory=lambda: {"html": 0, "css": 0, "js": 0})
    other_requests: int = 0
    other_bytes: int = 0
    encodings: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, transfers: list[Transfer]) -> Tally:
        tally = cls()
        for transfer in transfers:
            if not transfer.on_network:
                continue
            kind = COUNTED.get(transfer.resource_type)
            if kind:
                tally.requests += 1
                tally.bytes_by_kind[kind] += transfer.size
                tally.encodings.add(transfer.encoding or "identity")
            else:
                tally.other_requests += 1
                tally.other_bytes += transfer.size
        return tally

    @property
    def total(self) -> int:
        return sum(self.bytes_by_kind.values())

    @property
    def not_counted(self) -> str:
        return f"{self.other_requests} · {kb(self.other_bytes)}"
