"""Check the .bib files before anything renders them.

sphinxcontrib-bibtex only warns about a broken entry and then drops every entry
after a duplicate key; a typo in a URL or a year would reach visitors silently.
This module reads each file itself and reports every problem at once, as
``file:line: key: field: message``; any error fails the build.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import DuplicateField, Parser
from pybtex.exceptions import PybtexError

from .records import KIND_BY_TYPE, name_key, person_name, split_names

#: Fields each entry type needs to render as a complete citation.
REQUIRED_FIELDS: Mapping[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "year"),
    "techreport": ("author", "title", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "book": ("author", "title", "publisher", "year"),
    "misc": ("author", "title", "year"),
    "unpublished": ("author", "title", "year"),
}

_ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s}]*)")
_NON_ENTRIES = {"comment", "string", "preamble"}
_YEAR = re.compile(r"\d{4}")
_ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?")
_PERSON_FIELDS = ("author", "editor")
#: Surnames shorter than this are too alike to call a difference a typo ("Zhu" / "Zhou").
_TYPO_MIN_LENGTH = 6


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    key: str
    field: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        what = f"{self.key}: {self.field}" if self.field else self.key
        return f"{where}: {what}: {self.message}" if what else f"{where}: {self.message}"


@dataclass(frozen=True)
class Rules:
    owner: Sequence[str] = ()
    url_fields: Sequence[str] = ("url",)
    name_variants: str = "warning"  # "error", "warning" or "ignore"


class _Locator:
    """Line numbers of entries and their fields; pybtex does not keep them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: dict[str, list[int]] = defaultdict(list)  # casefolded key -> offsets
        self.entries: list[tuple[int, str, str]] = []  # (offset, type, key)
        for match in _ENTRY_START.finditer(text):
            kind, key = match.group(1).lower(), match.group(2)
            if kind in _NON_ENTRIES:
                continue
            self.entries.append((match.start(), kind, key))
            self.starts[key.casefold()].append(match.start())

    def line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def entry_line(self, key: str) -> int:
        offsets = self.starts.get(key.casefold())
        return self.line(offsets[0]) if offsets else 0

    def field_line(self, key: str, field: str) -> int:
        lines = self.field_lines(key, field)
        return lines[0] if lines else self.entry_line(key)

    def field_lines(self, key: str, field: str) -> list[int]:
        """The lines where ``field =`` appears in the entry (more than one if repeated)."""
        offsets = self.starts.get(key.casefold())
        if not offsets:
            return []
        start = offsets[0]
        following = [o for o, _, _ in self.entries if o > start]
        end = following[0] if following else len(self.text)
        pattern = re.compile(rf"\b{re.escape(field)}\s*=", re.IGNORECASE)
        return [self.line(m.start()) for m in pattern.finditer(self.text, start, end)]


class _Parser(Parser):
    """pybtex's parser, noting repeated fields instead of stopping at the first one.

    BibTeX keeps only the first value of a repeated field; pybtex raises without
    saying where. Noting them lets the report name the entry and the line.
    """

    def __init__(self) -> None:
        super().__init__()
        self.repeated: list[tuple[str, str]] = []  # (key, field)

    def process_entry(self, entry_type: str, key: str, fields: list) -> None:
        seen: set[str] = set()
        for name, _ in fields:
            if name.lower() in seen:
                self.repeated.append((key, name.lower()))
            seen.add(name.lower())
        super().process_entry(entry_type, key, fields)

    def handle_error(self, error: Exception) -> None:
        if not isinstance(error, DuplicateField):  # noted in process_entry
            super().handle_error(error)


@dataclass
class CheckedFile:
    """A .bib file's problems, and its entries as pybtex parsed them (None if it could not)."""

    findings: list[Finding]
    data: BibliographyData | None


def read_file(path: Path, rules: Rules, shown_path: str | None = None) -> CheckedFile:
    """Parse one .bib file and find every problem in it, in file order."""
    shown = shown_path or path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return CheckedFile([Finding(shown, 0, "", "", f"cannot read the file: {error}")], None)
    locator = _Locator(text)
    findings = _duplicate_keys(locator, shown)
    if findings:
        return CheckedFile(findings, None)  # pybtex would stop at the first duplicate
    parser = _Parser()
    try:
        data = parser.parse_string(text)
    except PybtexError as error:
        line = getattr(error, "lineno", 0) or 0
        return CheckedFile([Finding(shown, line, "", "", f"BibTeX syntax error: {error}")], None)
    for key, field in parser.repeated:
        lines = locator.field_lines(key, field)
        line = lines[1] if len(lines) > 1 else locator.entry_line(key)
        message = "field given twice (BibTeX keeps only the first value)"
        findings.append(Finding(shown, line, key, field, message))
    for entry in data.entries.values():
        findings += _check_entry(entry, rules, locator, shown)
    if rules.name_variants != "ignore":
        findings += _name_variants(data, locator, shown, rules.name_variants)
    return CheckedFile(sorted(findings, key=lambda f: f.line), data)


def check_file(path: Path, rules: Rules, shown_path: str | None = None) -> list[Finding]:
    """Every problem in one .bib file, in file order."""
    return read_file(path, rules, shown_path).findings


def check_files(paths: Iterable[tuple[Path, str]], rules: Rules) -> list[Finding]:
    findings: list[Finding] = []
    for path, shown in paths:
        findings += check_file(path, rules, shown)
    return findings


def summary(findings: Sequence[Finding]) -> str:
    """ "3 problems in the bibliography", or "" when there are no errors."""
    errors = sum(f.level == "error" for f in findings)
    if not errors:
        return ""
    return f"{errors} problem{'s' if errors > 1 else ''} in the bibliography: the build fails"


def _duplicate_keys(locator: _Locator, shown: str) -> list[Finding]:
    findings = []
    for offsets in locator.starts.values():
        if len(offsets) < 2:
            continue
        first = locator.line(offsets[0])
        for offset in offsets[1:]:
            key = next(k for o, _, k in locator.entries if o == offset)
            findings.append(
                Finding(
                    shown,
                    locator.line(offset),
                    key,
                    "",
                    f"duplicate key (keys are case-insensitive; first defined on line {first})",
                )
            )
    return findings


def _check_entry(entry: Entry, rules: Rules, locator: _Locator, shown: str) -> list[Finding]:
    key = entry.key
    findings: list[Finding] = []

    def report(field: str, message: str) -> None:
        line = locator.field_line(key, field) if field else locator.entry_line(key)
        findings.append(Finding(shown, line, key, field, message))

    kind = entry.type.lower()
    if kind not in KIND_BY_TYPE:
        supported = ", ".join(sorted(KIND_BY_TYPE))
        report("", f"entry type @{kind} is not rendered by the site (supported: {supported})")
        return findings
    for field in REQUIRED_FIELDS[kind]:
        present = entry.persons.get(field) if field in _PERSON_FIELDS else entry.fields.get(field)
        if not present or (isinstance(present, str) and not present.strip()):
            report("", f"missing required field '{field}' for @{kind}")
    year = entry.fields.get("year", "").strip()
    if year and not _YEAR.fullmatch(year):
        report("year", f"year {year!r} is not a four-digit number")
    for field in rules.url_fields:
        for url in entry.fields.get(field, "").split():
            if not _is_web_url(url):
                report(field, f"{url!r} is not an absolute http(s) URL")
    eprint = entry.fields.get("eprint", "").strip()
    prefix = entry.fields.get("archiveprefix", entry.fields.get("eprinttype", "")).casefold()
    if eprint and prefix == "arxiv" and not _ARXIV_ID.fullmatch(eprint):
        report("eprint", f"{eprint!r} is not an arXiv identifier")
    authors = [person_name(p) for p in entry.persons.get("author", ())]
    author_keys = {name_key(a) for a in authors}
    for name in split_names(entry.fields.get("equal", "")):
        if name_key(name) not in author_keys:
            report("equal", f"{name!r} is marked as equal contribution but is not an author")
    if rules.owner and authors and not author_keys & {name_key(n) for n in rules.owner}:
        owner = " / ".join(rules.owner)
        report("author", f"the site owner ({owner}) is not among the authors")
    return findings


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _name_variants(
    data: BibliographyData, locator: _Locator, shown: str, level: str
) -> list[Finding]:
    """Spellings that probably name one person: "Kilian Weinberger" / "Kilian Q. Weinberger"."""
    first_use: dict[str, str] = {}  # spelling -> key of the first entry using it
    for entry in data.entries.values():
        for role in _PERSON_FIELDS:
            for person in entry.persons.get(role, ()):
                first_use.setdefault(person_name(person), entry.key)
    by_initial: dict[str, list[str]] = defaultdict(list)
    for spelling in first_use:
        words = name_key(spelling).split()
        if words:
            by_initial[words[0][0] + words[-1][:1]].append(spelling)
    findings = []
    for spellings in by_initial.values():
        for i, a in enumerate(spellings):
            for b in spellings[i + 1 :]:
                if _same_person(a, b):
                    key = first_use[b]
                    findings.append(
                        Finding(
                            shown,
                            locator.field_line(key, "author"),
                            key,
                            "author",
                            f"{b!r} looks like another spelling of {a!r} "
                            f"(used in {first_use[a]}); use one spelling throughout",
                            level,
                        )
                    )
    return findings


def _same_person(a: str, b: str) -> bool:
    """Same given names (or their initials) and the same surname, or one with a typo."""
    wa, wb = name_key(a).split(), name_key(b).split()
    if a == b or len(wa) < 2 or len(wb) < 2:
        return False
    if not _same_given_names(wa[:-1], wb[:-1]):
        return False
    last_a, last_b = wa[-1], wb[-1]
    return last_a == last_b or _looks_like_typo(last_a, last_b)


def _same_given_names(a: list[str], b: list[str]) -> bool:
    """ "Kilian" / "Kilian Q" / "K Q", and "Jun-Yan" / "Jun Yan" / "Junyan"."""
    if "".join(a).replace("-", "") == "".join(b).replace("-", ""):
        return True
    if a[0][0] != b[0][0]:
        return False
    shorter, longer = sorted((a, b), key=len)
    return all(any(w == s or (len(s) == 1 and w.startswith(s)) for w in longer) for s in shorter)


def _looks_like_typo(a: str, b: str) -> bool:
    """ "Weinberger" / "Weingerger"; short surnames ("Li" / "Lin") differ too often to tell."""
    if min(len(a), len(b)) < _TYPO_MIN_LENGTH or abs(len(a) - len(b)) > 2:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8
