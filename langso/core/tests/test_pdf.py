"""The shared HTML-to-PDF renderer (langso.common.pdf): Vietnamese typed in decomposed form comes out
composed, data: URLs are used, and nothing else is fetched while rendering: no web address, no
local file."""

import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from langso.common.pdf import html_to_pdf

NAME = "Nguyễn Thị Hương, Thôn Đồng Văn"
#: turns the page into A5 landscape (595 × 420 pt): pdfinfo shows whether the stylesheet was loaded
A5_LANDSCAPE = "@page { size: A5 landscape }"


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def page_size(pdf: bytes) -> str:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Page size:"))


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A web server on the loopback that answers every request with the A5 stylesheet and notes the
    paths it was asked for."""
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requested.append(self.path)
            body = A5_LANDSCAPE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requested
    server.shutdown()
    server.server_close()
    thread.join()


def test_decomposed_vietnamese_comes_out_composed():
    typed = unicodedata.normalize("NFD", NAME)
    assert typed != NAME

    text = pdf_text(html_to_pdf(f"<p>{typed}</p>"))

    assert NAME in text


def test_a_data_url_is_loaded():
    pdf = html_to_pdf(f'<link rel="stylesheet" href="data:text/css,{A5_LANDSCAPE}"><p>{NAME}</p>')

    assert page_size(pdf).startswith("595.276 x 419.528 pts")


def test_a_web_address_is_not_fetched(web_server):
    base_url, requested = web_server
    html = (
        f'<link rel="stylesheet" href="{base_url}/style.css">'
        f'<p>{NAME}</p><img src="{base_url}/photo.png" alt="">'
    )

    pdf = html_to_pdf(html)

    assert requested == []
    assert page_size(pdf).startswith("595.276 x 841.89 pts")  # A4 portrait, WeasyPrint's default
    assert NAME in pdf_text(pdf)


def test_a_local_file_is_not_read(tmp_path: Path):
    stylesheet = tmp_path / "a5.css"
    stylesheet.write_text(A5_LANDSCAPE)

    pdf = html_to_pdf(f'<link rel="stylesheet" href="{stylesheet.as_uri()}"><p>{NAME}</p>')

    assert page_size(pdf).startswith("595.276 x 841.89 pts")
