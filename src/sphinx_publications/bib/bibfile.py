"""Reading a .bib file as BibTeX does, without ever losing an entry silently.

pybtex (which sphinxcontrib-bibtex uses) stops at the first repeated key and
drops every entry after it, raises on a syntax error, and keeps no line numbers.
Researchers' real files have all of these, so this reader:

* decodes the bytes: UTF-8 (with or without a BOM), else Windows-1252, with a note
  naming the first line that is not UTF-8; CRLF and CR line ends just work;
* parses each entry on its own with pybtex's own low-level parser, so a syntax
  error costs only the entry it is in, which is named with its line; every other
  entry is still read;
* records the line of every entry and field, so each finding names its line
  without searching the file again;
* keeps the first of a field given twice (as BibTeX does), resolves ``crossref``
  (inherited fields, as BibTeX does), reads ``and others``, equal-contribution
  marks in names, and control characters, and reports what it did as notes;
* tells a key used for two different entries (an error: one paper would vanish)
  from an entry repeated verbatim (a note).

The result is a :class:`pybtex.database.BibliographyData` of the entries to show,
which sphinxcontrib-bibtex receives instead of parsing the file again.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import OrderedDict
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, ValuesView
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pybtex import textutils
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict, OrderedCaseInsensitiveDict

from .entry_types import ENTRY_TYPES
from .findings import Finding, Level
from .names import extended_name, is_others, split_name_list, strip_marks, unwrapped

PERSON_FIELDS = ("author", "editor")
#: Parents that a ``crossref`` points to and that are not papers of their own.
CONTAINER_TYPES = frozenset(
    [
        "proceedings",
        "mvproceedings",
        "book",
        "mvbook",
        "collection",
        "mvcollection",
        "periodical",
        "journal",
    ]
)
_ENTRY_START = re.compile(r"^[ \t]*@", re.MULTILINE)
_DEFINES = re.compile(r"@\s*string\b", re.IGNORECASE)
_COMMENT_LINE = re.compile(r"^[ \t]*%[^\n]*", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Text outside entries that looks like an entry whose ``@`` was lost.
_LOST_ENTRY = re.compile(r"^[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^\s,{}()=\"#%']+)[ \t]*,", re.M)


@dataclass
class Source:
    """Where an entry is written: its line and the line of each field (lower-case names).

    ``fields`` may be the lines of the entry as first read, shared by every later read
    of the same text: ``shift`` is what to add to them where the entry is now.
    """

    line: int
    fields: dict[str, int] = field(default_factory=dict)
    shift: int = 0

    def line_of(self, name: str) -> int:
        line = self.fields.get(name.lower())
        return self.line if line is None else line + self.shift


#: The parts of a :class:`ReadCache`, each a mapping from what was read to its result.
SECTIONS = ("chunks", "names", "views", "exports", "checks", "kinds")
#: Sections whose keys :attr:`ReadCache.used` records with a tag (the loader's views).
_USED_AS = {"views": "view", "exports": "export"}


@dataclass
class ReadCache:
    """What reading learned, kept between builds: each chunk and each name, parsed once.

    A chunk is an entry's text from its "@" to the next one; its result depends on
    nothing else but the ``@string`` macros defined before it, whose definitions are
    part of the key. Results are kept at line 1 and read at where the chunk is now, so
    inserting an entry above does not invalidate what follows. Editing one entry of a
    5,000-entry file then parses one chunk instead of 5,000.
    """

    chunks: dict[tuple[str, str], tuple[list, list, tuple]] = field(default_factory=dict)
    #: Names by spelling, and person fields by value: (persons, marked, problems). Kept
    #: within one read: the entries keep theirs with their chunk (:class:`_Made`).
    names: dict = field(default_factory=dict)
    #: Views and exported BibTeX of entries, by (source digest, settings or fields).
    views: dict = field(default_factory=dict)
    exports: dict = field(default_factory=dict)
    used: set = field(default_factory=set)
    #: What the checks found per entry, and the name variants (:mod:`.checks`).
    checks: dict = field(default_factory=dict)
    #: Entries' derived kinds, by (source digest, venue kinds) (:mod:`.loader`).
    kinds: dict = field(default_factory=dict)

    def pruned(self) -> ReadCache:
        """Only what the last read used: the cache does not grow with every edit."""
        return self.only(self.in_use)

    def only(self, keep: Callable[[str, Any], bool]) -> ReadCache:
        """The items of each section (:data:`SECTIONS`) for which ``keep(section, key)``."""
        parts = {
            section: {k: v for k, v in getattr(self, section).items() if keep(section, k)}
            for section in SECTIONS
        }
        return ReadCache(**parts)

    def in_use(self, section: str, key: Any) -> bool:
        """Whether the last read used this item (what :attr:`used` records of it).

        Names are kept within one read only (co-authors recur): an entry's persons are
        kept with its parsed text (:class:`_Made`).
        """
        if section == "names":
            return False
        if section in _USED_AS:
            return (_USED_AS[section], key) in self.used
        return key in self.used

    def used_of(self, section: str, keys: Iterable[Any]) -> set[Any]:
        """Those of ``keys`` (of ``section``) that the last read used: :meth:`in_use` for
        many keys at once, with set operations (item by item took 0.1 s per save)."""
        tag = _USED_AS.get(section)
        if tag is not None:
            return {key for key in keys if (tag, key) in self.used}
        if section == "names":
            return set()
        return self.used.intersection(keys)

    def size(self) -> int:
        return sum(len(getattr(self, section)) for section in SECTIONS)

    def merge(self, other: ReadCache) -> None:
        """Add what another read learned (everything here is keyed by content)."""
        for section in SECTIONS:
            getattr(self, section).update(getattr(other, section))


class Fields(OrderedCaseInsensitiveDict):
    """pybtex's case-insensitive fields and names of an entry, read at the speed of a dict.

    pybtex's mapping gets ``get``, ``items`` and ``values`` from
    :class:`~collections.abc.MutableMapping`, which look each key up again through
    ``__getitem__`` (a ``lower()`` and a call): reading and showing 5,000 entries
    made 100,000 such look-ups. The same answers, from the two dicts it keeps (in
    the same order: every change updates both).
    """

    def __init__(self, pairs: Iterable[tuple[str, Any]] | Mapping[str, Any] = ()) -> None:
        # pybtex's copies them into an OrderedDict first: the same mappings, made once.
        items = list(pairs.items() if isinstance(pairs, Mapping) else pairs)
        self._dict = {key.lower(): value for key, value in items}
        self._keys = OrderedDict([(key.lower(), key) for key, _ in items])

    @classmethod
    def lowered(cls, values: dict[str, Any]) -> Fields:
        """The fields of ``values``, whose names are lower case already (copied)."""
        fields = cls.__new__(cls)
        fields._dict = dict(values)
        fields._keys = OrderedDict(zip(values, values, strict=True))
        return fields

    def get(self, key: str, default: Any = None) -> Any:
        return self._dict.get(key.lower(), default)

    def items(self) -> ItemsView:  # type: ignore[override]
        return _FieldItems(self)

    def values(self) -> ValuesView:  # type: ignore[override]
        return _FieldValues(self)


def new_entry(type_: str, fields: Fields, persons: Fields) -> Entry:
    """A pybtex entry with these fields and names, as ``Entry(type_)`` would start it.

    ``Entry.__init__`` makes two mappings of its own, which would be replaced at once.
    """
    entry = Entry.__new__(Entry)
    entry.type, entry.original_type = type_.lower(), type_
    entry.fields, entry.persons = fields, persons
    return entry


def add_entry(data: BibliographyData, key: str, entry: Entry) -> None:
    """``data.add_entry(key, entry)``, for a new key of a bibliography that wants every entry.

    pybtex's looks the key up three times, and raises and catches a ``KeyError`` for
    each entry without ``crossref``: 10,000 times in a read of 5,000 entries.
    """
    if data.wanted_entries is not None or data.citations or key in data.entries:
        data.add_entry(key, entry)  # what pybtex does about it, then
        return
    entry.key = key
    data.entries[key] = entry


class _FieldItems(ItemsView):
    def __iter__(self) -> Iterator[tuple[str, Any]]:
        fields = self._mapping
        return zip(fields._keys.values(), fields._dict.values(), strict=True)  # type: ignore[attr-defined]


class _FieldValues(ValuesView):
    def __iter__(self) -> Iterator[Any]:
        return iter(self._mapping._dict.values())  # type: ignore[attr-defined]


def basis_token(value: object) -> str:
    """A short stand-in for settings in the cache's keys: a digest of their ``repr``.

    Settings hold names, fields and labels (strings and tuples, whose ``repr`` is
    complete and the same in every process). A tuple of them as a key is hashed again
    at each look-up, 5,000 times a read; the token's hash is computed once.
    """
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


@dataclass
class BibFile:
    """One .bib file as read: the entries to show, where each is, and what was found."""

    path: Path
    shown: str  # the name messages use ("refs.bib")
    data: BibliographyData
    sources: dict[str, Source]  # casefolded key -> where the entry is
    findings: list[Finding]
    #: Entries only kept as ``crossref`` parents (a DBLP proceedings volume): not papers.
    parents: dict[str, Entry] = field(default_factory=dict)
    encoding: str = "utf-8"

    def source(self, key: str) -> Source:
        return self.sources.get(key.casefold(), Source(0))


class _Report:
    """Findings of one file, with the file name filled in."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.findings: list[Finding] = []

    def __call__(
        self, line: int, key: str, field: str, message: str, level: Level, code: str
    ) -> None:
        self.findings.append(Finding(self.shown, line, key, field, message, level, code))


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str, int]:
    """The text of a .bib file, the encoding used, and the first line that was not UTF-8 (or 0).

    ``encoding`` (``bibtex_encoding``, when the site sets one other than UTF-8) is
    used as given.
    """
    if encoding and encoding.replace("_", "-").lower() not in ("utf-8", "utf-8-sig", "utf8"):
        return data.decode(encoding, errors="replace"), encoding, 0
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    utf16 = _utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace").lstrip("\ufeff"), "utf-16", 1
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
    # Windows-1252 has five unassigned bytes; Latin-1 reads those.
    text = "".join(
        chunk.decode("cp1252", errors="strict") if _cp1252_ok(chunk) else chunk.decode("latin-1")
        for chunk in re.split(rb"(\n)", data)
    )
    return text, "cp1252", line


def _utf16(data: bytes) -> str:
    """The codec of a UTF-16 file (Notepad's "Unicode", PowerShell's ``>``), or "".

    By its byte order mark, or without one by the zero bytes every other byte of ASCII
    text has (no UTF-8 or Windows-1252 .bib file holds a zero byte).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    return ""


def _cp1252_ok(chunk: bytes) -> bool:
    try:
        chunk.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


#: The rest of a field name after pybtex's ``NAME``, up to its "=": characters BibTeX
#: reads as part of a name that pybtex does not (``í``, a digit after a space), and
#: further words on the same line (Scopus writes ``funding_text 1 = {...}``).
_NAME_REST = re.compile(r'[^\s"#%\'(),={}]*((?:[^\S\n]+[^\s"#%\'(),={}]+)*)(?=\s*=)')


class _EntryParser(LowLevelParser):
    """pybtex's low-level BibTeX parser, noting lines, and errors per command."""

    def __init__(self, text: str, macros: CaseInsensitiveDict) -> None:
        # The error handler is a method, not ``handle_error=self._note``: a parser holding
        # its own bound method is a reference cycle, and it and all it read would wait
        # for the cyclic collector (5,000 parsers in a read of 5,000 entries).
        super().__init__(text, macros=macros)
        self.command_line = 0
        self.field_lines: list[tuple[str, int]] = []
        self.errors: list[PybtexSyntaxError] = []  # of the command just read
        #: Commands that could not be read at all: (offset of their "@", error).
        self.failed: list[tuple[int, PybtexSyntaxError]] = []
        #: Field names of several words (Scopus's ``funding_text 1``): (name, line).
        self.spaced: list[tuple[str, int]] = []
        self.last_end = 0

    def handle_error(self, error: Exception) -> None:
        if not isinstance(error, PybtexSyntaxError):
            raise error
        self.errors.append(error)

    def parse_command(self):
        self.command_line = self.lineno
        self.field_lines = []
        self.errors = []
        self.spaced = []
        start = self.command_start
        try:
            result = super().parse_command()
        except PybtexSyntaxError as error:
            self.failed.append((start, error))
            raise
        self.last_end = self.pos
        return result

    def parse_field(self) -> None:
        name = self.optional([self.NAME])
        if not name:
            return
        value = name.value
        rest = _NAME_REST.match(self.text, self.pos)
        if rest and rest.group():  # "título", Scopus's "funding_text 1"
            self.pos = rest.end()
            value = " ".join((value + rest.group()).split())
            if rest.group(1):
                self.spaced.append((value, self.lineno))
        self.field_lines.append((value, self.lineno))
        self.current_field_name = value
        self.required([self.EQUALS])
        self.parse_value()


@dataclass
class _Parsed:
    type: str
    key: str
    line: int
    #: (name, value, line) in file order; emptied once :attr:`made` holds them.
    fields: list[tuple[str, str, int]]
    errors: list[tuple[int, str]]  # (line, message) of syntax errors inside the entry
    #: What the entry is made of, wherever it is in the file (:meth:`digest`).
    source: str = ""
    #: The entry's :class:`_Made`, once worked out (kept with it in the read cache).
    made: _Made | None = None

    def digest(self) -> str:
        """A fingerprint of the entry's type, key and fields, its lines left out.

        Kept with the parsed chunk in the read cache, so that a read which finds the
        chunk there does not work it out again.
        """
        if not self.source:
            raw = repr((self.type.lower(), self.key, [(n, v) for n, v, _ in self.fields]))
            self.source = hashlib.sha1(raw.encode()).hexdigest()
        return self.source


@dataclass
class _Made:
    """What an entry is made of once its text is parsed, at the lines of the read cache.

    Made once per text (the loops over its fields, its names looked up, control
    characters removed): a read of 5,000 unchanged entries then copies dicts (0.1 s
    less for 5,000 entries).
    """

    values: dict[str, str]  # lower-case field name -> value, the first of a name given twice
    persons: dict[str, tuple[Person, ...]]
    equal: list[str]  # names marked as equal contribution
    #: Notes and errors: (line, field, message, level, code, line the message names or 0).
    findings: list[tuple[int, str, str, Level, str, int]]
    lines: dict[str, int]  # lower-case field name -> line (the last of a name given twice)


#: Bare words read as themselves, as jekyll-scholar reads them: al-folio's flags
#: (``selected = true``, ``bibtex_show = true``). BibTeX would read these undefined
#: macros as empty, and the paper would silently lose its flag.
FLAG_WORDS = {"true": "true", "false": "false"}


def read(
    path: Path,
    shown: str | None = None,
    encoding: str | None = None,
    cache: ReadCache | None = None,
) -> BibFile:
    """Read one .bib file: its entries to show and every finding, in file order.

    ``cache`` (optional) holds what earlier reads parsed (:class:`ReadCache`).
    """
    shown = shown or path.name
    report = _Report(shown)
    try:
        raw = path.read_bytes()
    except OSError as error:
        report(0, "", "", f"cannot read the file: {error.strerror or error}", "error", "unreadable")
        return BibFile(path, shown, BibliographyData(), {}, report.findings)
    text, used, bad_line = decode(raw, encoding)
    if bad_line:
        message = (
            'the file is UTF-16 (as Notepad\'s "Unicode" and PowerShell write it), which '
            "BibTeX cannot read; it was read as UTF-16: save it as UTF-8"
            if used == "utf-16"
            else "the file is not UTF-8 (first here); it was read as Windows-1252: "
            "save it as UTF-8 to be sure every accent is right"
        )
        report(bad_line, "", "", message, "note", "encoding")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cache = cache if cache is not None else ReadCache()
    parsed = _parse(text, report, cache)
    data, sources, parents = _entries(parsed, report, cache)
    report.findings.sort(key=lambda f: (f.line, f.level != "error"))
    return BibFile(path, shown, data, sources, report.findings, parents, used)


def text_of(path: Path, encoding: str | None = None) -> str | None:
    """The file's text as :func:`read` decodes it (None if it cannot be read)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    text = decode(raw, encoding)[0]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def entry_count(text: str) -> int:
    """How many entries the text has (its ``@string`` and ``@comment`` commands too)."""
    return sum(1 for _ in _ENTRY_START.finditer(text))


def halves(text: str) -> tuple[str, str]:
    """The text cut before its middle entry, the macro definitions above it kept in both.

    Each entry of a half is the same chunk, after the same macro definitions, as in the
    whole text: what :func:`learn` keeps of either half, the whole text's read finds.
    """
    starts = [match.start() for match in _ENTRY_START.finditer(text)]
    if len(starts) < 2:
        return text, ""
    middle = starts[len(starts) // 2]
    ends = [*starts[1:], len(text)]
    definitions = "".join(
        text[start:end]
        for start, end in zip(starts, ends, strict=True)
        if start < middle and _DEFINES.search(text[start:end])
    )
    return text[:middle], definitions + text[middle:]


def learn(text: str, shown: str, cache: ReadCache) -> BibFile:
    """Read a decoded text (part of a file) into ``cache``, for a later :func:`read`."""
    report = _Report(shown)
    data, sources, parents = _entries(_parse(text, report, cache), report, cache)
    return BibFile(Path(shown), shown, data, sources, report.findings, parents)


def _parse(text: str, report: _Report, cache: ReadCache) -> list[tuple[_Parsed, int]]:
    """Every entry of the text, each parsed on its own (a broken one costs only itself),
    with the lines it is below where the read cache keeps it (its chunk's first line)."""
    starts = [match.start() for match in _ENTRY_START.finditer(text)]
    _lost_entries(text[: starts[0] if starts else len(text)], 1, report)
    macros = CaseInsensitiveDict({**month_names, **FLAG_WORDS})
    fingerprint = ""
    entries: list[tuple[_Parsed, int]] = []
    depths = _brace_depths(text, starts)
    index = 0
    offset, counted = 0, 0  # lines before ``counted`` (the last entry's start)
    while index < len(starts):
        start = starts[index]
        following = index + 1
        cached = None
        closing = _closing_start(depths, index)
        if closing is not None:
            # An "@" at the start of a line inside an open value (an al-folio ``bibtex``
            # field holding the entry again): BibTeX reads on until the braces close.
            merged = text[start : _end(starts, closing, text)]
            trial = _parsed_chunk(merged, fingerprint, macros, report, cache)
            cache.used.add(trial[3])  # kept either way: the next build need not parse it again
            if not _has_syntax_error(trial):
                cached, following = trial, closing
        if cached is None:
            chunk = text[start : _end(starts, following, text)]
            cached = _parsed_chunk(chunk, fingerprint, macros, report, cache)
        cache.used.add(cached[3])
        found, findings, defined, _ = cached
        for name, value in defined:
            macros[name] = value
        if defined:
            fingerprint = hashlib.sha1(f"{fingerprint}{defined!r}".encode()).hexdigest()
        offset += text.count("\n", counted, start)
        counted = start
        entries += [(item, offset) for item in found]
        report.findings += [replace(f, line=f.line + offset) if f.line else f for f in findings]
        index = following
    return entries


def _end(starts: list[int], index: int, text: str) -> int:
    return starts[index] if index < len(starts) else len(text)


def _brace_depths(text: str, starts: list[int]) -> list[int]:
    """Open braces before each entry start, counted as BibTeX counts them (``\\{`` too)."""
    depths = []
    depth = 0
    previous = 0
    for start in [*starts, len(text)]:
        part = text[previous:start]
        depth += part.count("{") - part.count("}")
        depths.append(depth)
        previous = start
    return depths


def _closing_start(depths: list[int], index: int) -> int | None:
    """The entry start where braces opened before the next one have closed, if not there."""
    base = depths[index]
    if index + 1 >= len(depths) - 1 or depths[index + 1] <= base:
        return None
    for later in range(index + 2, len(depths)):
        if depths[later] <= base:
            return later
    return None


def _parsed_chunk(
    chunk: str, fingerprint: str, macros: CaseInsensitiveDict, report: _Report, cache: ReadCache
) -> tuple[list[_Parsed], list[Finding], tuple, tuple[str, str]]:
    """One chunk parsed (from ``cache`` when the same text was parsed after the same macros)."""
    key = (chunk, fingerprint)
    cached = cache.chunks.get(key)
    if cached is None:
        local = _Report(report.shown)
        before = dict(macros.items()) if _DEFINES.search(chunk) else None
        scratch = CaseInsensitiveDict(macros.items()) if before is not None else macros
        found = _parse_chunk(chunk, 1, scratch, local)
        defined = tuple(
            (k, v) for k, v in scratch.items() if before is not None and before.get(k) != v
        )
        cached = cache.chunks[key] = (found, local.findings, defined)
    return (*cached, key)


def _has_syntax_error(parsed: tuple[list[_Parsed], list[Finding], tuple, tuple]) -> bool:
    return any(item.errors for item in parsed[0])


def _parse_chunk(
    chunk: str, first_line: int, macros: CaseInsensitiveDict, report: _Report
) -> list[_Parsed]:
    """The commands of one chunk: from an "@" at the start of a line to the next one.

    Lines starting with ``%`` are blanked first: people comment out an entry that way,
    as in LaTeX, and biber skips them (BibTeX would read the entry and stumble on the
    ``%`` lines inside it).
    """
    chunk = _COMMENT_LINE.sub(lambda line: " " * len(line.group()), chunk)
    parser = _EntryParser(chunk, macros)
    offset = first_line - 1
    found: list[_Parsed] = []
    for command, body in parser:
        kind = command.lower()
        line = parser.command_line + offset
        syntax = [e for e in parser.errors if not isinstance(e, UndefinedMacro)]
        key = body[0] if kind not in ("string", "preamble") else ""
        for error in parser.errors:
            if isinstance(error, UndefinedMacro):
                _undefined_macro(error, key or "", offset, report)
        if kind in ("string", "preamble"):
            for error in syntax:
                report(_line(error, offset), "", "", _syntax(error), "error", "syntax")
            continue
        fields = body[1]
        lines = list(parser.field_lines)
        values = []
        for name, value in fields:
            while lines and lines[0][0] != name:
                lines.pop(0)
            field_line = lines.pop(0)[1] if lines else parser.command_line
            values.append(
                (name, textutils.normalize_whitespace("".join(value)), field_line + offset)
            )
        problems = [_located(error, chunk, offset) for error in syntax]
        for spaced, spaced_line in parser.spaced:
            report(
                spaced_line + offset,
                key or "",
                spaced.lower(),
                "a field name with a space: read as one name; BibTeX stops reading the "
                "entry here and loses the fields after it (write it without the space)",
                "note",
                "spaced-field",
            )
        found.append(_Parsed(kind, key or "", line, values, problems))
    for start, error in parser.failed:
        if chunk[:start].strip():
            continue  # an "@" inside a comment line: BibTeX skips it too, and it starts no entry
        name = re.match(r"@\s*([A-Za-z]*)\s*[{(]?\s*([^\s,{}()]*)", chunk[start:])
        key = name.group(2) if name else ""
        found.append(
            _Parsed("", key, _line(error, offset), [], [(_line(error, offset), _syntax(error))])
        )
    _lost_entries(
        chunk[parser.last_end :], first_line + chunk.count("\n", 0, parser.last_end), report
    )
    return found


def _located(error: PybtexSyntaxError, chunk: str, offset: int) -> tuple[int, str]:
    """A syntax error's line and message; an unclosed value's at the line where it opens.

    pybtex reports the end of the entry's text ("premature end of file"), which is
    where the next entry starts: the brace left open is lines above.
    """
    unclosed = _unclosed_value(chunk) if "premature end" in str(error) else None
    if unclosed is None:
        return _line(error, offset), _syntax(error)
    line, name = unclosed
    value = f"the value of '{name}'" if name else "a value"
    return line + offset, (
        f"BibTeX syntax error: {value} opens a brace that is never closed (BibTeX would read "
        "the entries after it as part of it); the entry is not shown until it is fixed"
    )


def _unclosed_value(chunk: str) -> tuple[int, str] | None:
    """(line in the chunk, field name) of the value whose opening brace is never closed:
    still open where the next field starts, or at the end of the entry's text."""
    opening = re.match(r"\s*@\s*\w+\s*([{(])", chunk)
    if opening is None:
        return None
    # Braces are counted as BibTeX counts them (``\{`` too); values open one level in.
    depth, value_depth = 0, 2 if opening.group(1) == "{" else 1
    opened: tuple[int, str] | None = None
    for index in range(opening.end(1) - 1, len(chunk)):
        char = chunk[index]
        if char == "{":
            depth += 1
            if depth == value_depth:
                name = _FIELD_BEFORE.search(chunk, max(0, index - 80), index)
                opened = (index, name.group(1) if name else "")
        elif char == "}":
            depth -= 1
        elif char == "\n" and depth >= value_depth and _NEXT_FIELD.match(chunk, index + 1):
            break
    else:
        if depth < value_depth:
            return None
    return (chunk.count("\n", 0, opened[0]) + 1, opened[1]) if opened else None


#: ``title = `` just before a value's brace; a line that starts the next field.
_FIELD_BEFORE = re.compile(r"([A-Za-z][\w:.+-]*)\s*=\s*$")
_NEXT_FIELD = re.compile(r"[ \t]*[A-Za-z][\w:.+-]*[ \t]*=")


def _line(error: PybtexSyntaxError, offset: int) -> int:
    return (getattr(error, "lineno", 0) or 1) + offset


#: pybtex's wording of a syntax error, and what it usually means.
_SYNTAX_HINTS = {
    "'}' expected": "',' or '}' expected (a comma missing after the field before?)",
}


def _syntax(error: PybtexSyntaxError) -> str:
    message = re.sub(r"^syntax error in line \d+: ", "", str(error))
    message = _SYNTAX_HINTS.get(message, message)
    return f"BibTeX syntax error: {message}; the entry is not shown until it is fixed"


def _undefined_macro(error: UndefinedMacro, key: str, offset: int, report: _Report) -> None:
    name = str(error).rsplit(":", 1)[-1].strip()
    report(
        _line(error, offset),
        key,
        "",
        f"undefined @string {name!r}: read as empty, as BibTeX does "
        "(put the value in braces if it is text)",
        "note",
        "undefined-string",
    )


def _lost_entries(text: str, first_line: int, report: _Report) -> None:
    for match in _LOST_ENTRY.finditer(text):
        if match.group(1).lower() in ENTRY_TYPES:
            report(
                first_line + text.count("\n", 0, match.start()),
                match.group(2),
                "",
                f"this looks like an entry without its '@' ({match.group(1)}{{...): BibTeX "
                "ignores it; add the '@' to list the paper",
                "note",
                "lost-entry",
            )


# -- From parsed commands to entries ------------------------------------------------------


def _entries(
    parsed: list[tuple[_Parsed, int]], report: _Report, cache: ReadCache
) -> tuple[BibliographyData, dict[str, Source], dict[str, Entry]]:
    data = BibliographyData()
    data.entries = Fields()  # looked up and walked at a dict's speed
    sources: dict[str, Source] = {}
    seen: dict[str, tuple[_Parsed, int, Entry]] = {}
    for item, offset in parsed:
        if item.errors:
            for line, message in item.errors:
                report(line + offset, item.key, "", message, "error", "syntax")
            continue
        if not item.key:
            report(
                item.line + offset, "", "", "an entry without a key is not shown", "error", "no-key"
            )
            continue
        made = item.made
        if made is None:  # first read of this text: kept with it in the read cache
            made = item.made = _make(item, cache)
        entry = _entry(item, made, offset, report)
        folded = item.key.casefold()
        if folded in seen:
            _duplicate(item, offset, entry, seen[folded], report)
            continue
        seen[folded] = (item, offset, entry)
        sources[folded] = Source(item.line + offset, made.lines, offset)
        add_entry(data, item.key, entry)
    parents = _resolve_crossrefs(data, sources, report)
    for key in parents:
        del data.entries[key]
    return data, sources, parents


def _entry(item: _Parsed, made: _Made, offset: int, report: _Report) -> Entry:
    """The entry of ``item``, ``offset`` lines below where the read cache keeps it."""
    for line, name, message, level, code, also in made.findings:
        if also:  # a line number in the message: where the entry is now
            message = _given_twice(also + offset)
        report(line + offset, item.key, name, message, level, code)
    persons = Fields.lowered({role: list(people) for role, people in made.persons.items()})
    entry = new_entry(item.type, Fields.lowered(made.values), persons)
    # What the entry is made of, for views kept between builds (records.publication_of).
    entry.source_digest = item.digest()  # type: ignore[attr-defined]
    if made.equal:
        entry.fields["equal"] = " and ".join(
            [*filter(None, [entry.fields.get("equal", "")]), *made.equal]
        )
    return entry


def _make(item: _Parsed, cache: ReadCache) -> _Made:
    """What ``item`` is made of, at the lines it has in the read cache."""
    findings: list[tuple[int, str, str, Level, str, int]] = []
    seen: dict[str, int] = {}
    values: dict[str, str] = {}
    persons: dict[str, tuple[Person, ...]] = {}
    equal: list[str] = []
    named: list[tuple[int, str, str, str, Level, str]] = []  # the person fields' problems
    for name, value, line in item.fields:
        # One string per field name: the read cache pickles it once, not once an entry.
        lower = sys.intern(name.lower())
        if lower in seen:
            findings.append((line, lower, "", "note", "field-twice", seen[lower]))
            continue
        seen[lower] = line
        if _CONTROL.search(value):
            value = _CONTROL.sub("", value)
            findings.append((line, lower, "control characters removed", "note", "control", 0))
        if lower in PERSON_FIELDS:
            found, marked, problems = _persons(value, cache)
            if found:
                persons[lower] = tuple(found)
            equal += marked
            named += [(line, lower, *problem) for problem in problems]  # type: ignore[misc]
        else:
            values[lower] = value
    for line, role, message, level, code in named:
        if level == "error" and role != "author" and persons.get("author"):
            # Editors are shown only for an entry without authors (BibTeX's styles too).
            level, message = "note", f"{message}; left out (editors are not shown here)"
        findings.append((line, role, message, level, code, 0))
    lines = {sys.intern(name.lower()): line for name, _, line in item.fields}
    # The fields are in what was made now: the read cache need not keep them twice.
    item.digest()
    item.fields = []
    return _Made(values, persons, equal, findings, lines)


def _given_twice(first: int) -> str:
    return f"given twice (also on line {first}): the first value is kept, as in BibTeX"


def _persons(
    value: str, cache: ReadCache
) -> tuple[list[Person], list[str], list[tuple[str, str, str]]]:
    """The names of a person field, those marked as equal contribution, and what was
    wrong (message, level, code)."""
    cached = cache.names.get(("field", value))  # type: ignore[call-overload]
    if cached is None:
        cached = cache.names[("field", value)] = _read_names(value, cache)  # type: ignore[index]
    persons, marked, problems = cached  # type: ignore[misc]
    return list(persons), list(marked), list(problems)


def _read_names(value: str, cache: ReadCache) -> tuple[list[Person], list[str], list]:
    """The persons of a field, the names marked as equal, and what was wrong (message, level)."""
    persons: list[Person] = []
    marked: list[str] = []
    problems: list[tuple[str, str, str]] = []
    names = split_name_list(value)
    if names and re.search(r"\s(and)\s*$", names[-1], re.IGNORECASE):
        names[-1] = re.sub(r"\s+and\s*$", "", names[-1], flags=re.IGNORECASE)
        problems.append(("the list ends with 'and': the last 'and' is ignored", "note", "and"))
    for raw in names:
        name, has_mark, person = _person(raw, cache)
        if not name:
            problems.append(("an empty name ('and and') is ignored", "note", "and"))
        elif isinstance(person, str):  # pybtex could not read it ("a, b, c, d")
            problems.append(
                (
                    f"cannot read the name {name!r} ({person}): separate names with 'and'",
                    "error",
                    "name",
                )
            )
        else:
            persons.append(person)
            if has_mark and not is_others(person):
                marked.append(name)
    return persons, marked, problems


def _person(raw: str, cache: ReadCache) -> tuple[str, bool, Person | str]:
    """A name read once per distinct spelling: (without marks, had marks, Person or error)."""
    cached = cache.names.get(raw)
    if cached is None:
        name, has_mark = strip_marks(raw)
        name = extended_name(unwrapped(name))
        try:
            person: Person | str = Person(name) if name else ""
        except Exception as error:
            person = str(error)
        cached = cache.names[raw] = (name, has_mark, person)
    return cached  # type: ignore[return-value]


def _duplicate(
    item: _Parsed,
    offset: int,
    entry: Entry,
    first: tuple[_Parsed, int, Entry],
    report: _Report,
) -> None:
    earlier, earlier_offset, earlier_entry = first
    line, earlier_line = item.line + offset, earlier.line + earlier_offset
    if _same(entry, earlier_entry) and item.key == earlier.key:
        report(
            line,
            item.key,
            "",
            f"the same entry as on line {earlier_line}, repeated: shown once",
            "note",
            "repeated-entry",
        )
        return
    report(
        line,
        item.key,
        "",
        f"the key is already used on line {earlier_line} ({earlier.key}) for a different entry "
        "(keys are case-insensitive): this one is not shown; give it a key of its own",
        "error",
        "duplicate-key",
    )


def _same(a: Entry, b: Entry) -> bool:
    return (
        a.type.lower() == b.type.lower()
        and {k.lower(): v for k, v in a.fields.items()}
        == {k.lower(): v for k, v in b.fields.items()}
        and {r: [str(p) for p in ps] for r, ps in a.persons.items()}
        == {r: [str(p) for p in ps] for r, ps in b.persons.items()}
    )


#: biblatex's inheritance from a parent's fields under other names (``title`` of a
#: proceedings volume is the ``booktitle`` of a paper in it).
_INHERITED_AS: Mapping[str, str] = {"title": "booktitle", "subtitle": "booksubtitle"}


#: biblatex entries that are never printed as works of their own.
_NOT_PAPERS = {
    "set": "a biblatex @set groups other entries (entryset): they are listed, the set is not",
    "xdata": "a biblatex @xdata holds fields for other entries: not listed as a paper "
    "(the entries naming it in 'xdata' do not inherit its fields here)",
}


def _resolve_crossrefs(
    data: BibliographyData, sources: dict[str, Source], report: _Report
) -> dict[str, Entry]:
    """Copy what a ``crossref`` parent provides into each child; return the parents to hide.

    biblatex's ``@set`` and ``@xdata`` entries are hidden too: biblatex never prints them
    as works of their own; so are entries whose ``options`` say ``skipbib`` or ``dataonly``.
    """
    by_key = {key.casefold(): entry for key, entry in data.entries.items()}
    children: dict[str, int] = {}
    for key, entry in data.entries.items():
        target = entry.fields.get("crossref", "").strip()
        if not target:
            continue
        parent = by_key.get(target.casefold())
        source = sources[key.casefold()]
        if parent is None:
            report(
                source.line_of("crossref"),
                key,
                "crossref",
                f"refers to {target!r}, which is not in the file: nothing is inherited",
                "note",
                "crossref",
            )
            continue
        children[parent.key.casefold()] = children.get(parent.key.casefold(), 0) + 1
        both = f"{getattr(entry, 'source_digest', '')}{getattr(parent, 'source_digest', '')}"
        entry.source_digest = hashlib.sha1(both.encode()).hexdigest()  # type: ignore[attr-defined]
        for name, value in parent.fields.items():
            lower = name.lower()
            target_name = _INHERITED_AS.get(lower, lower) if lower in _INHERITED_AS else lower
            if lower == "crossref" or target_name in entry.fields:
                continue
            entry.fields[target_name] = value
        for role, persons in parent.persons.items():
            if role == "editor" and role not in entry.persons:
                for person in persons:
                    entry.add_person(person, role)
    parents = {}
    for key, entry in data.entries.items():
        count = children.get(key.casefold(), 0)
        if count and entry.type.lower() in CONTAINER_TYPES:
            parents[key] = entry
            report(
                sources[key.casefold()].line,
                key,
                "",
                f"a @{entry.type.lower()} that {count} entr{'y' if count == 1 else 'ies'} refer to "
                "(crossref): their parent, not listed as a paper",
                "note",
                "crossref-parent",
            )
        elif entry.type.lower() in _NOT_PAPERS:
            parents[key] = entry
            report(
                sources[key.casefold()].line,
                key,
                "",
                _NOT_PAPERS[entry.type.lower()],
                "note",
                "not-a-paper",
            )
        elif option := _left_out(entry.fields.get("options", "")):
            parents[key] = entry
            report(
                sources[key.casefold()].line_of("options"),
                key,
                "options",
                f"biblatex's {option} option leaves the entry out of the bibliography: "
                "not listed as a paper",
                "note",
                "not-a-paper",
            )
    return parents


#: biblatex's entry options that keep an entry out of the bibliography.
_LEFT_OUT = ("skipbib", "dataonly")


def _left_out(options: str) -> str:
    """``skipbib`` or ``dataonly`` when ``options = {skipbib, ...}`` sets one, else ""."""
    for option in options.split(","):
        name, _, value = option.partition("=")
        name = name.strip().lower()
        if name in _LEFT_OUT and value.strip().lower() in ("", "true"):
            return name
    return ""
