"""Rules on the entries of a .bib file, beyond what reading it found (:mod:`.bibfile`).

Errors are reserved for what would make the site wrong or unsafe: a link that is
not a web address, a file of the site that is missing. Everything else a careful
reader would want to know is a note: a recommended field missing, a year that is
not a number, the owner not among the authors, a field name that looks misspelt,
an unknown field, a possible second spelling of someone's name. Each finding is
located through the lines the reader recorded, so checking stays linear in the
number of entries and findings.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pybtex.database import Entry, Person

from . import links as link_values
from .bibfile import BibFile, ReadCache, basis_token
from .entry_types import (
    DEFAULT_RECOMMENDED,
    ENTRY_TYPES,
    KNOWN_FIELDS,
    RECOMMENDED,
    is_database_note,
)
from .findings import Finding, Level
from .markup import to_text, unknown_commands
from .names import NameKey, is_others, key_of, person_key, person_name, split_name_list

#: Field names the extension reads: a field one or two edits away is probably a typo.
SITE_FIELDS = [
    "author",
    "title",
    "booktitle",
    "journal",
    "year",
    "url",
    "doi",
    "eprint",
    "abbr",
    "award",
    "presentation",
    "equal",
    "addendum",
    "code",
    "slides",
    "talk",
    "poster",
    "video",
    "project",
    "pdf",
    "arxiv",
    "website",
    "selected",
    "abstract",
    "preview",
    "editor",
    "publisher",
    "school",
    "institution",
    "volume",
    "number",
    "pages",
    "month",
    "note",
]
_NUMBER_YEAR = re.compile(r"^[0-9]{4}$")
#: Groups of names with one surname larger than this are not compared pair by pair.
_MAX_GROUP = 400


@dataclass(frozen=True)
class Context:
    """What the rules need from the site's configuration."""

    owner: tuple[NameKey, ...] = ()
    owner_names: tuple[str, ...] = ()
    link_fields: tuple[str, ...] = ("url",)
    #: Finds a file of the site for a relative link: (path or None, whether a folder
    #: for such files exists or is configured, so that a miss is an error).
    find_file: Callable[[str], tuple[Path | None, bool]] | None = None
    #: Why an entry's ``preview`` (key, value) gives no thumbnail, or "".
    find_preview: Callable[[str, str], str] | None = None


def check(
    bib: BibFile, context: Context, cache: ReadCache | None = None, variants: bool = True
) -> list[Finding]:
    """Every finding on the entries of one file (reading findings not included).

    With a ``cache`` (:class:`~.bibfile.ReadCache`, kept between builds), an entry read
    before is not checked again: its findings are kept by its digest and the settings,
    and located at its lines of now. Entries whose checks looked for a file of the
    site are checked every time (the file may have come or gone). ``variants=False``
    leaves out the spellings that probably name one person (for part of a file).
    """
    found: list[Finding] = []
    unknown: dict[str, list[str]] = defaultdict(list)  # field -> keys using it
    database_notes: list[str] = []  # keys whose note is Scopus's record data
    basis = basis_token((context.owner, context.owner_names, context.link_fields))
    looked_for_files: list[bool] = []

    def find_file(value: str) -> tuple[Path | None, bool]:
        looked_for_files.append(True)
        return context.find_file(value) if context.find_file else (None, False)

    def find_preview(key: str, value: str) -> str:
        looked_for_files.append(True)
        return context.find_preview(key, value) if context.find_preview else ""

    recording = replace(
        context,
        find_file=find_file if context.find_file else None,
        find_preview=find_preview if context.find_preview else None,
    )
    for key, entry in bib.data.entries.items():
        source = bib.source(key)
        digest = getattr(entry, "source_digest", None)
        cache_key = ("entry", digest, basis)
        kept = cache.checks.get(cache_key) if cache is not None and digest else None
        if kept is None:
            made: list[tuple[str, str, Level, str]] = []

            def report(
                field: str, message: str, level: Level = "note", code: str = "", made=made
            ) -> None:
                made.append((field, message, level, code))

            looked_for_files.clear()
            _check_entry(entry, recording, report)
            note = to_text(entry.fields.get("note", ""))
            kept = (tuple(made), _unknown_names(entry, context), is_database_note(note))
            if cache is not None and digest and not looked_for_files:
                cache.checks[cache_key] = kept
        if cache is not None and digest:
            cache.used.add(cache_key)
        entry_findings, unknown_names, database_note = kept
        for field, message, level, code in entry_findings:
            line = source.line_of(field) if field else source.line
            found.append(Finding(bib.shown, line, key, field, message, level, code))
        for lower in unknown_names:
            unknown[lower].append(key)
        if database_note:
            database_notes.append(key)
    found += _unknown_fields(bib, unknown)
    if database_notes:
        found.append(_database_notes(bib, database_notes))
    if variants:
        found += _name_variants(bib, context, cache)
    return found


def _unknown_names(entry: Entry, context: Context) -> tuple[str, ...]:
    """The entry's fields that no rule reads, lowercased (with the site's link fields)."""
    unknown = []
    for name in entry.fields:
        lower = name.lower()
        if lower.endswith("+an"):
            continue  # biblatex's data annotation of a field (author+an = {1=highlight})
        known = lower in KNOWN_FIELDS or _NUMBERED.sub("", lower) in _NUMBERED_FIELDS
        if not known and lower not in context.link_fields:
            unknown.append(lower)
    return tuple(unknown)


#: Fields Scopus numbers: ``funding_text 1``, ``correspondence_address1`` (only these:
#: a ``title2`` is still a field nobody reads).
_NUMBERED = re.compile(r"[\s_-]*[0-9]+$")
_NUMBERED_FIELDS = frozenset({"funding_text", "funding_details", "correspondence_address"})


def _check_entry(entry: Entry, context: Context, report: Callable[..., None]) -> None:
    fields = entry.fields
    kind = entry.type.lower()
    if kind not in ENTRY_TYPES:
        report("", f"@{kind} is not a BibTeX or biblatex entry type: shown as @misc", code="type")
    for alternatives in RECOMMENDED.get(kind, DEFAULT_RECOMMENDED):
        if not any(fields.get(f, "").strip() or entry.persons.get(f) for f in alternatives):
            names = " or ".join(repr(f) for f in alternatives)
            report("", f"no {names}: a citation of a @{kind} usually has it", code="missing")
    year = fields.get("year", "").strip()
    if year and not _NUMBER_YEAR.match(to_text(year)):
        report(
            "year",
            f"{to_text(year)!r} is not a year number: shown as written",
            code="year",
        )
    _check_links(entry, context, report)
    _check_people(entry, context, report)
    _check_commands(entry, report)
    _check_preview(entry, context, report)


def _check_preview(entry: Entry, context: Context, report: Callable[..., None]) -> None:
    preview = entry.fields.get("preview", "").strip()
    if preview and context.find_preview:
        problem = context.find_preview(entry.key, preview)
        if problem:
            report("preview", f"{problem}: the entry has no thumbnail", code="preview")


#: Fields shown as text, where an unknown LaTeX command loses something.
_TEXT_FIELDS = (
    "title",
    "booktitle",
    "journal",
    "journaltitle",
    "eventtitle",
    "series",
    "publisher",
    "school",
    "institution",
    "organization",
    "howpublished",
    "note",
    "addendum",
    "abstract",
    "award",
    "presentation",
    "abbr",
    "volume",
    "number",
    "pages",
)


def _check_commands(entry: Entry, report: Callable[..., None]) -> None:
    """LaTeX commands the site cannot read: their text shows, what they would print does not."""
    values = [(name, entry.fields.get(name, "")) for name in _TEXT_FIELDS]
    values += [(role, " and ".join(map(str, people))) for role, people in entry.persons.items()]
    for name, value in values:
        unknown = unknown_commands(value)
        if unknown:
            commands = ", ".join(f"\\{command}" for command in unknown)
            report(
                name,
                f"{commands}: a LaTeX command the site does not know (a @preamble's or a "
                "package's): shown without it, as the text around it",
                code="latex-command",
            )


def _check_links(entry: Entry, context: Context, report: Callable[..., None]) -> None:
    fields = entry.fields
    for name in ("url", *context.link_fields):
        for value in link_values.split(fields.get(name, "")):
            if name == "arxiv" and link_values.arxiv_id(value):
                continue
            target = link_values.classify(value)
            if target.kind == "unsafe":
                report(
                    name,
                    f"{value!r} is not a web address (http, https): the link is left out",
                    "error",
                    "unsafe-link",
                )
            elif target.kind == "other":
                relative = target.value.startswith("/") or ".." in target.value.split("/")
                page = "a page of your old site, " if relative else ""
                report(
                    name,
                    f"{value!r} is {page}not a web address (http, https): the link is left out",
                    code="not-web-link",
                )
            elif target.kind == "file" and context.find_file is not None:
                path, expected = context.find_file(target.value)
                if path is None and expected:
                    report(
                        name,
                        f"file {target.value!r} not found in the site's files folder",
                        "error",
                        "missing-file",
                    )
                elif path is None:
                    report(
                        name,
                        f"{target.value!r} is a file of your old site: put it in a folder "
                        "'assets/pdf' next to conf.py (or set publications_files_dirs); "
                        "the link is left out until then",
                        code="missing-file",
                    )
    eprint = fields.get("eprint", "").strip()
    prefix = fields.get("archiveprefix", fields.get("eprinttype", "")).strip().casefold()
    if eprint and prefix == "arxiv" and not link_values.arxiv_id(eprint):
        report("eprint", f"{eprint!r} is not an arXiv identifier", code="eprint")
    doi = fields.get("doi", "").strip()
    if doi and not link_values.doi(doi):
        report("doi", f"{doi!r} is not a DOI (10.xxxx/...): no DOI link", code="doi")


def _check_people(entry: Entry, context: Context, report: Callable[..., None]) -> None:
    authors = [p for p in entry.persons.get("author", ()) if not is_others(p)]
    editors = [p for p in entry.persons.get("editor", ()) if not is_others(p)]
    keys = {person_key(p) for p in [*authors, *editors]}
    for name in split_name_list(entry.fields.get("equal", "").strip() or ""):
        key = key_of(name)
        if key is not None and key not in keys:
            report(
                "equal",
                f"{to_text(name)!r} is marked as equal contribution but is not an author",
                code="equal",
            )
    people = authors or editors
    if context.owner and people and not keys & set(context.owner):
        report(
            "author" if authors else "editor",
            f"none of the owner's spellings ({' / '.join(context.owner_names)}) is among "
            "the authors: listed without emphasis",
            code="owner",
        )


def _database_notes(bib: BibFile, keys: list[str]) -> Finding:
    """One note for every entry whose ``note`` is a database's record (not shown)."""
    message = (
        "a database's record data (Scopus's 'Cited by' count, open access, conference "
        "code): not shown, a homepage would show a stale count"
    )
    if len(keys) > 1:
        message += f" (in {len(keys)} entries)"
    line = bib.source(keys[0]).line_of("note")
    return Finding(bib.shown, line, keys[0], "note", message, "note", "database-note")


def _unknown_fields(bib: BibFile, unknown: dict[str, list[str]]) -> list[Finding]:
    found = []
    for name, keys in unknown.items():
        key = keys[0]
        line = bib.source(key).line_of(name)
        close = difflib.get_close_matches(name, SITE_FIELDS, n=1, cutoff=0.75)
        if close:
            message = f"looks like a misspelling of {close[0]!r}: its value is not used"
            code = "misspelt-field"
        else:
            message = "is not a field the site shows: its value is not used"
            code = "unknown-field"
        if len(keys) > 1:
            message += f" (in {len(keys)} entries)"
        found.append(Finding(bib.shown, line, key, name, message, "note", code))
    return found


def _name_variants(bib: BibFile, context: Context, cache: ReadCache | None = None) -> list[Finding]:
    """Spellings that probably name one person: "Kilian Weinberger" / "Kilian Q. Weinberger".

    They depend only on which spellings the file uses and where each is first used:
    with a ``cache``, an edit that changes no name finds them as they were.
    """
    first_use = _first_use(bib, cache)
    owner = set(context.owner)
    if cache is None:
        return _variants(bib, first_use, owner)
    uses = [(spelling, key) for spelling, (key, _) in first_use.items()]
    digest = hashlib.sha1(repr((uses, context.owner)).encode()).hexdigest()
    cache_key = ("variants", digest)
    cache.used.add(cache_key)
    kept = cache.checks.get(cache_key)
    if kept is None:
        kept = cache.checks[cache_key] = tuple(
            (f.key, f.message, f.code) for f in _variants(bib, first_use, owner)
        )
    return [
        Finding(bib.shown, bib.source(key).line_of("author"), key, "author", message, "note", code)
        for key, message, code in kept
    ]


def _comma_joined(
    bib: BibFile, first_use: dict[str, tuple[str, Person]], owner: set[NameKey]
) -> list[Finding]:
    """ "Ada Lovelace, Charles Babbage": two people joined by a comma, read as one.

    BibTeX reads it as "Last, First" (Charles Babbage Ada Lovelace). Said only where
    one side is the full name of another author of the file (or the owner): a
    two-word surname before a comma ("Garcia Lopez, Juan") is a name of its own.
    """
    known = owner | {person_key(person) for _, person in first_use.values()}
    found = []
    for spelling, (key, person) in first_use.items():
        before = [*person.prelast_names, *person.last_names]
        after = [*person.first_names, *person.middle_names]
        if len(before) < 2 or len(after) < 2:
            continue
        sides = [key_of(" ".join(words)) for words in (before, after)]
        if any(side in known for side in sides):
            written = f"{' '.join(before)}, {' '.join(after)}"
            found.append(
                Finding(
                    bib.shown,
                    bib.source(key).line_of("author"),
                    key,
                    "author",
                    f"{to_text(written)!r} reads as one person, {spelling}: two people are "
                    "separated with 'and', not a comma",
                    "note",
                    "name-comma",
                )
            )
    return found


def _first_use(bib: BibFile, cache: ReadCache | None) -> dict[str, tuple[str, Person]]:
    """Each spelling of a person's name, with the entry that first uses it (file order)."""
    first_use: dict[str, tuple[str, Person]] = {}  # spelling -> (key, person)
    for key, entry in bib.data.entries.items():
        digest = getattr(entry, "source_digest", None)
        cache_key = ("people", digest)
        spellings = cache.checks.get(cache_key) if cache is not None and digest else None
        if spellings is None:
            spellings = tuple(
                (role, index, person_name(person))
                for role in ("author", "editor")
                for index, person in enumerate(entry.persons.get(role, ()))
                if not is_others(person)
            )
            if cache is not None and digest:
                cache.checks[cache_key] = spellings
        if cache is not None and digest:
            cache.used.add(cache_key)
        for role, index, spelling in spellings:
            if spelling not in first_use:
                first_use[spelling] = (key, entry.persons[role][index])
    return first_use


def _variants(
    bib: BibFile, first_use: dict[str, tuple[str, Person]], owner: set[NameKey]
) -> list[Finding]:
    by_surname: dict[str, list[str]] = defaultdict(list)
    for spelling, (_, person) in first_use.items():
        by_surname[_surname(person)].append(spelling)
    found = []
    given: dict[str, list[str]] = {}
    for group in by_surname.values():
        if 1 < len(group) <= _MAX_GROUP:
            for spelling in group:
                given[spelling] = _given(first_use[spelling][1])
            for index, a in enumerate(group):
                for b in group[index + 1 :]:
                    if _compatible(given[a], given[b]):
                        found += _variant(bib, a, b, first_use, owner)
    found += _particle_case(bib, first_use, owner)
    found += _surname_typos(bib, first_use, owner)
    found += _comma_joined(bib, first_use, owner)
    return found


def _particle_case(
    bib: BibFile, first_use: dict[str, tuple[str, Person]], owner: set[NameKey]
) -> list[Finding]:
    """ "Laurens van der Maaten" / "Laurens Van Der Maaten": names differing in case only.

    Only when the given name is written out: "A. de Luca" and "A. De Luca" may be two
    people (Aldo de Luca and Alessandro De Luca are).
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for spelling, (_, person) in first_use.items():
        words = person_key(person).words
        if len(words) > 1 and len(words[0]) > 1:
            groups[" ".join(words).casefold()].append(spelling)
    found = []
    for group in groups.values():
        if 1 < len(group) <= _MAX_GROUP:
            for index, a in enumerate(group):
                for b in group[index + 1 :]:
                    found += _variant(bib, a, b, first_use, owner)
    return found


def _surname(person: Person) -> str:
    return to_text(" ".join([*person.prelast_names, *person.last_names]))


def _given(person: Person) -> list[str]:
    given = to_text(" ".join([*person.first_names, *person.middle_names]))
    return given.replace(".", " ").casefold().split()


def _compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """ "Kilian" / "Kilian Q" / "K Q", and "Jun-Yan" / "Jun Yan" / "Junyan"."""
    if not a or not b:
        return False
    if "".join(a).replace("-", "") == "".join(b).replace("-", ""):
        return True
    if a[0][0] != b[0][0]:
        return False
    shorter, longer = sorted((a, b), key=len)
    return all(any(_initial_of(s, w) for w in longer) for s in shorter)


def _initial_of(a: str, b: str) -> bool:
    """Same given name, or one is the initial of the other ("k" / "kilian")."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _variant(
    bib: BibFile,
    a: str,
    b: str,
    first_use: dict[str, tuple[str, Person]],
    owner: set[NameKey],
) -> list[Finding]:
    key_a, key_b = person_key(first_use[a][1]), person_key(first_use[b][1])
    if key_a == key_b or (key_a in owner and key_b in owner):
        return []
    if key_a in owner or key_b in owner:
        own, other = (a, b) if key_a in owner else (b, a)
        message = (
            f"{other!r} looks like another spelling of the owner's {own!r}: add it to "
            "publications_owner if it is"
        )
    else:
        message = f"{b!r} looks like another spelling of {a!r} (used in {first_use[a][0]})"
        other = b
    key = first_use[other][0]
    line = bib.source(key).line_of("author")
    return [Finding(bib.shown, line, key, "author", message, "note", "name-variant")]


def _surname_typos(
    bib: BibFile, first_use: dict[str, tuple[str, Person]], owner: set[NameKey]
) -> list[Finding]:
    """Same given names, surnames one typo apart ("Weinberger" / "Weingerger").

    Candidates meet through their one-deletion variants, so the work grows with the
    number of names, not its square.
    """
    buckets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for spelling, (_, person) in first_use.items():
        surname = _surname(person)
        if len(surname) < 6:
            continue  # "Zhu" / "Zhou": short surnames differ too often to call it a typo
        given = " ".join(_given(person))
        for index in range(len(surname) + 1):
            buckets[given, surname[:index] + surname[index + 1 :]].add(spelling)
    pairs = set()
    for spellings in buckets.values():
        if 1 < len(spellings) <= 8:
            ordered = sorted(spellings)
            pairs |= {(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]}
    found = []
    for a, b in sorted(pairs):
        if _surname(first_use[a][1]).casefold() != _surname(first_use[b][1]).casefold():
            found += _variant(bib, a, b, first_use, owner)
    return found


def owner_keys(names: Iterable[str]) -> tuple[NameKey, ...]:
    return tuple(k for k in (key_of(name) for name in names) if k is not None)
