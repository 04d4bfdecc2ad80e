"""What checking a .bib file found: errors, which fail the build, and notes, which do not.

* An **error** means the site would be wrong or unsafe: a key used for two
  different entries, a syntax error inside an entry, a dangerous link, two keys
  sharing a page, a missing file. The entry (or the link) is not shown, and the
  build fails, each error as ``refs.bib:LINE: KEY: field: problem``.
* A **note** is about data quality: a field given twice, an undefined ``@string``,
  a field name that looks misspelt, a possible second spelling of a name. The
  build prints one summary line; ``python -m sphinx_publications check`` lists
  them, and ``publications_strict = True`` makes them fail the build too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "note"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    key: str
    field: str
    message: str
    level: Level = "error"
    #: A short, stable name of the rule (``duplicate-key``), for filtering and tests.
    code: str = ""

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        parts = [location, *(part for part in (self.key, self.field) if part), self.message]
        return ": ".join(parts)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.level == "error"]


def notes(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.level == "note"]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(findings: Sequence[Finding], files: str) -> str:
    """One line for the build log: ``"2 errors and 7 notes on refs.bib"``, or ""."""
    counts = [
        plural(count, word)
        for count, word in ((len(errors(findings)), "error"), (len(notes(findings)), "note"))
        if count
    ]
    return f"{' and '.join(counts)} on {files}" if counts else ""
