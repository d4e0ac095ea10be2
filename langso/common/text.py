"""Text folding for search: "Nguyễn Thị Hương" and "nguyen thi huong" fold to the same key."""

import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss"})


def normalize_text(text: str) -> str:
    """Lower-case, strip diacritics (đ becomes d) and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", text.translate(_UNDECOMPOSABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def nfc(text: str) -> str:
    """The composed (NFC) form, so that text typed on any keyboard is stored one way."""
    return unicodedata.normalize("NFC", text)


def parse_number(raw: str | None, *, max_digits: int = 12) -> int | None:
    """The whole number written in plain digits 0–9 (an id from a query string, a chosen option), or
    None. `str.isdigit()` alone also accepts "²" or "٣", which `int()` then refuses."""
    if raw is None:
        return None
    raw = raw.strip()
    if not raw or len(raw) > max_digits or not (raw.isascii() and raw.isdigit()):
        return None
    return int(raw)
