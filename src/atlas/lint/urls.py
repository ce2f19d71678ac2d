"""URL schemes that run code or read local files: one list for every rule that checks URLs."""

from urllib.parse import urlsplit

UNSAFE_SCHEMES = frozenset({"javascript", "data", "vbscript", "file"})


def scheme_of(url: str) -> str:
    """The scheme as a browser reads it (control characters and tabs inside it are ignored)."""
    cleaned = "".join(ch for ch in url.strip() if ch >= " " and ch not in "\t\n\r")
    return urlsplit(cleaned).scheme.lower()


def is_unsafe(url: str) -> bool:
    return scheme_of(url) in UNSAFE_SCHEMES
