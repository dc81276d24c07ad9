"""Problems found in content, as data.

Every stage returns diagnostics instead of raising, so that one run reports all
problems at once; the CLI prints them sorted and exits once.
"""

from __future__ import annotations

import enum
from dataclasses import KW_ONLY, dataclass


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, a stable code, what is wrong and how to fix it."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    _: KW_ONLY  # so a hint is never passed where the key path belongs
    key: str = ""
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        key = f"{self.key}: " if self.key else ""
        text = f"{where}: {self.severity.value}[{self.code}]: {key}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def format_github(self) -> str:
        """A GitHub workflow command, so the problem shows on the changed line."""
        kind = "error" if self.is_error else "warning"
        key = f"{self.key}: " if self.key else ""
        body = f"{key}{self.message}" + (f" ({self.hint})" if self.hint else "")
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{kind} file={self.path},line={self.line},col={self.column},"
            f"title={self.code}::{body}"
        )


def sort_key(d: Diagnostic) -> tuple:
    return (d.path, d.line, d.column, d.code, d.key, d.message)


def report(diagnostics: list[Diagnostic], fmt: str = "text") -> None:
    """Print diagnostics sorted by place, then a count (text) or nothing more (github)."""
    for d in sorted(diagnostics, key=sort_key):
        print(d.format_github() if fmt == "github" else d.format())
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if fmt == "text" and diagnostics:
        print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")


def format_key(loc: tuple) -> str:
    """('channels', 1, 'value') -> 'channels[1].value'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class PortalError(Exception):
    """A failure the CLI reports as a message, never as a traceback."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None):
        super().__init__(message)
        self.diagnostics = diagnostics or []
