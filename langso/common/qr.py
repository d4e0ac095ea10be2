"""QR codes as SVG data URIs (segno), for certificates and learner cards."""

import segno


def qr_data_uri(text: str) -> str:
    """An SVG QR code of `text` as a data URI, dark ink on white, without a quiet-zone border."""
    return str(segno.make(text, error="m", micro=False).svg_data_uri(border=0, dark="#1d2521"))
