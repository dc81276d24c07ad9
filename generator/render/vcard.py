"""A team's contact details as a vCard 4.0 (RFC 6350), for phones and address books."""

from __future__ import annotations

from ..content.model import TeamContent
from ..escape import one_line


def _vcard_text(value: str) -> str:
    """A text value (RFC 6350 3.4): one line, its separators escaped, so no text starts a property."""
    return one_line(value).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def _fold(line: str) -> str:
    """vCard lines are folded at 75 octets, continuation lines starting with a space."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def vcard(organisation: str, team: TeamContent) -> str:
    """The team's contact details as a vCard 4.0 (RFC 6350), for phones and address books."""
    value = team.team.value
    lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:org", f"FN:{_vcard_text(value.name)}",
             f"ORG:{_vcard_text(organisation)};{_vcard_text(value.name)}"]
    for channel in value.channels + (value.after_hours.channels if value.after_hours else []):
        if channel.type == "email":
            lines.append(f"EMAIL;TYPE=work:{channel.value}")
        elif channel.type == "phone":
            lines.append(f"TEL;VALUE=uri;TYPE=work,voice:{channel.href}")
        elif channel.type in ("chat", "form"):
            lines.append(f"URL:{channel.value}")
    lines.append(f"NOTE:{_vcard_text(value.summary)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)
