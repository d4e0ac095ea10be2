"""HTML to PDF with WeasyPrint, the one way every printable page of the site is made.

Only system fonts are used (Noto, DejaVu: both draw every Vietnamese diacritic), every text is NFC,
and nothing is fetched while rendering: every URL but data: is refused, so images are inline.
"""

from langso.common.text import nfc


def html_to_pdf(html: str) -> bytes:
    """The HTML page as PDF bytes, its text composed (NFC) first; it loads nothing but data: URLs."""
    # Imported here, not at the top: WeasyPrint loads Debian's Pango when imported, and the rest of
    # the site must start on a machine without it (`apt install libpango-1.0-0 libpangoft2-1.0-0`).
    from weasyprint import HTML, URLFetcher

    pdf: bytes = HTML(string=nfc(html), url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    return pdf
