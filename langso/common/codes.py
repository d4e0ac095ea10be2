"""Short codes people read aloud, type and scan: certificate codes, learner card codes."""

import secrets

#: capitals and digits without look-alikes (no I/1/L, O/0): easy to read aloud and to type
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int) -> str:
    """A fresh random code of `length` characters from CODE_ALPHABET."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalize_code(code: str) -> str:
    """A code as typed or scanned, in the form it is stored: upper case, without spaces or dashes."""
    return "".join(code.split()).replace("-", "").upper()
