"""Names the import makes: ids from titles and folder names, titles from file names."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """'Human Resources' -> 'human-resources'; 'Työterveys' -> 'tyoterveys'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def humanise(name: str) -> str:
    """'first-week_checklist' -> 'First week checklist'; 'hr' -> 'HR' (two letters: an abbreviation)."""
    words = re.sub(r"[-_]+", " ", name).strip()
    if len(words) == 2:
        return words.upper()
    return words[:1].upper() + words[1:] if words else name
