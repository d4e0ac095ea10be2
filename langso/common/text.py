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
