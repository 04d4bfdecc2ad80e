"""The .bib files of a build: read once, checked, reported, and handed to sphinxcontrib-bibtex.

At ``builder-inited``, before sphinxcontrib-bibtex would parse the files itself
(and crash on a syntax error, or drop every entry after a repeated key), each file
is read by :mod:`.bibfile` and checked by :mod:`.checks`. sphinxcontrib-bibtex then
receives the entries that can be shown, through its documented cache (``BibData``),
and never parses again. Errors are logged as errors (the build fails, but every
page is still written, without the broken entry or link); notes are summarised in
one line, or fail the build too with ``publications_strict = True``.

When neither the files nor the settings changed, the previous result (kept in the
environment) is reported again and nothing is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import BibData
from sphinxcontrib.bibtex.bibfile import BibFile as UpstreamBibFile
from sphinxcontrib.bibtex.domain import BibtexDomain

from . import collector
from .bib import bibfile, cache_file, checks, export, records
from .bib.bibfile import Source
from .bib.findings import Finding, errors, notes, summary
from .bib.kinds import kind_of
from .bib.records import Settings, publication_of
from .held import Held, HeldBibliography, hold
from .read_ahead import Learn, read_ahead

logger = logging.getLogger(__name__)


@dataclass
class Loaded(Held):
    """What the environment keeps of the .bib files between builds."""

    stamp: tuple[Any, ...] = ()
    findings: list[Finding] = field(default_factory=list)
    #: Casefolded key -> (file as shown, where the entry is), for messages.
    sources: dict[str, tuple[str, Source]] = field(default_factory=dict)
    #: Keys of entries that are only crossref parents (not listed, no page).
    parents: frozenset[str] = frozenset()
    #: Relative links whose files exist (:mod:`.site_files` copies them).
    site_files: list[str] = field(default_factory=list)

    def location(self, key: str) -> str:
        """``refs.bib:12``: where an entry is written, for messages."""
        shown, source = self.sources.get(key.casefold(), ("", Source(0)))
        return f"{shown}:{source.line}" if shown else ""


def loaded(env: BuildEnvironment) -> Loaded:
    """The state of the .bib files, as the last :func:`load` left it."""
    state = getattr(env, "sphinx_publications_bib", None)
    if state is None:
        state = Loaded()
        env.sphinx_publications_bib = state  # type: ignore[attr-defined]
    return state


def settings(config: Any) -> Settings:
    """The view settings of the configuration (made once per distinct configuration)."""
    return _settings(
        tuple(config.publications_owner),
        tuple(config.publications_link_fields.items()),
        tuple(config.publications_venue_kinds.items()),
    )


@lru_cache(maxsize=8)
def _settings(
    owner: tuple[str, ...],
    link_fields: tuple[tuple[str, str], ...],
    venue_kinds: tuple[tuple[str, str], ...],
) -> Settings:
    return Settings.make(owner, dict(link_fields), dict(venue_kinds))


def files_folders(app: Sphinx) -> list[Path]:
    return [Path(app.confdir, name) for name in app.config.publications_files_dirs]


def find_file(app: Sphinx, value: str) -> tuple[Path | None, bool]:
    """A file of the site that a relative link names; and whether a miss is an error.

    It is an error once a files folder exists (a typo in a name); before that, an
    imported bibliography names files of the old site, and the note says where to
    put them.
    """
    folders = files_folders(app)
    for folder in folders:
        candidate = (folder / value).resolve()
        if folder.resolve() in candidate.parents and candidate.is_file():
            return candidate, True
    return None, any(folder.is_dir() for folder in folders)


def file_stamps(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Each file's name, modification time and size ((0, 0) when it is missing)."""
    stamps = []
    for path in paths:
        try:
            info = path.stat()
            stamps.append((str(path), info.st_mtime_ns, info.st_size))
        except OSError:
            stamps.append((str(path), 0, 0))
    return tuple(stamps)


def _stamp(app: Sphinx, paths: list[Path]) -> tuple[Any, ...]:
    config = app.config
    files = file_stamps(paths)
    folders = []
    for folder in files_folders(app):
        try:
            folders.append((str(folder), folder.stat().st_mtime_ns))
        except OSError:
            folders.append((str(folder), 0))
    return (
        files,
        tuple(folders),
        settings(config),
        config.bibtex_encoding,
        tuple(config.publications_files_dirs),
    )


def load(app: Sphinx) -> None:
    """``builder-inited``: read, check and report the .bib files; hand them over."""
    config = app.config
    confdir = Path(app.confdir)
    names = [str(name) for name in config.bibtex_bibfiles or ()]
    paths = [confdir / name for name in names]
    state = loaded(app.env)
    stamp = _stamp(app, paths)
    domain = app.env.get_domain("cite")
    if state.stamp != stamp or not _handed_over(domain, paths):
        with collector.lasting(app):
            state = _read(app, paths, names)
        state.stamp = stamp
        app.env.sphinx_publications_bib = state  # type: ignore[attr-defined]
    hold(state)
    if _handed_over(domain, paths):  # now or by the last build
        hold(domain.bibdata.data)
    report(app, state.findings, ", ".join(names))


def unpickle_before_forking(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: the saved entries are unpickled once, before reading.

    They stay pickled until used (:class:`.held.HeldBibliography`); with ``-j N``
    Sphinx reads documents in forked workers, and each would unpickle them again. A few
    documents (five or fewer, one or two workers) leave it to whoever uses them first:
    often none does.
    """
    bibdata = getattr(env.get_domain("cite"), "bibdata", None)
    if bibdata is not None and app.parallel > 1 and len(docnames) > 5:
        bibdata.data.entries  # noqa: B018 -- unpickles them if still pickled


def _handed_over(domain: Any, paths: list[Path]) -> bool:
    """Whether sphinxcontrib-bibtex holds these files as the last build handed them over."""
    bibdata = getattr(domain, "bibdata", None)
    return bibdata is not None and set(bibdata.bibfiles) == {p.resolve() for p in paths}


def _read(app: Sphinx, paths: list[Path], names: list[str]) -> Loaded:
    config = app.config
    encoding = config.bibtex_encoding
    context = checks.Context(
        owner=checks.owner_keys(config.publications_owner),
        owner_names=tuple(config.publications_owner),
        link_fields=tuple(name.lower() for name in config.publications_link_fields),
        find_file=lambda value: find_file(app, value),
        find_preview=lambda key, value: _preview_problem(app, key, value),
    )
    merged = HeldBibliography()
    upstream: dict[Path, UpstreamBibFile] = {}
    state = Loaded()
    parents: set[str] = set()
    view = settings(config)
    venue_kinds = dict(view.venue_kinds)
    kinds_token = bibfile.basis_token(tuple(venue_kinds.items()))
    stored = cache_file.load(_cache_path(app), CACHE_VERSION)
    cache = stored.cache
    fields = tuple(config.publications_export_fields)
    read_ahead(app, paths, names, cache, _learner(context, view, venue_kinds, fields))
    for path, name in zip(paths, names, strict=True):
        bib = bibfile.read(path, name, encoding, cache)
        state.findings += bib.findings + checks.check(bib, context, cache)
        for key, entry in bib.data.entries.items():
            folded = key.casefold()
            if folded in state.sources:
                where = state.location(key)
                state.findings.append(
                    Finding(
                        name,
                        bib.source(key).line,
                        key,
                        "",
                        f"the key is already used in {where}: this entry is not shown",
                        "error",
                        "duplicate-key",
                    )
                )
                continue
            state.sources[folded] = (name, bib.source(key))
            _derive_fields(entry, venue_kinds, cache, kinds_token)
            bibfile.add_entry(merged, key, entry)
        parents |= {key.casefold() for key in bib.parents}
        upstream[path.resolve()] = UpstreamBibFile(
            mtime=_mtime(path), keys=dict.fromkeys(bib.data.entries)
        )
    state.parents = frozenset(parents)
    domain = app.env.get_domain("cite")
    if isinstance(domain, BibtexDomain):
        last = getattr(domain, "bibdata", None)
        if last is not None:  # the last build's: what is unchanged is not pickled again
            merged.reuse_parts_of(last.data)
        domain.data["bibdata"] = BibData(encoding=encoding, bibfiles=upstream, data=merged)
    _views(cache, merged, view, fields)
    state.site_files = sorted(_site_files(app, merged, view))
    cache_file.save(_cache_path(app), CACHE_VERSION, stored)
    return state


def _preview_problem(app: Sphinx, key: str, value: str) -> str:
    """Why the ``preview`` named gives no thumbnail (a missing file, a URL), or ""."""
    from .thumbnails import ThumbnailError, find_preview
    from .thumbnails_nodes import preview_folders

    try:
        find_preview(key, value, preview_folders(app))
    except ThumbnailError as error:
        return str(error)
    return ""


def _learner(
    context: checks.Context, view: Settings, venue_kinds: dict[str, str], fields: tuple[str, ...]
) -> Learn:
    """What :func:`_read` does with each entry, for :mod:`.read_ahead` to do in advance."""

    def learn(text: str, name: str, cache: bibfile.ReadCache) -> None:
        bib = bibfile.learn(text, name, cache)
        checks.check(bib, context, cache, variants=False)
        kinds_token = bibfile.basis_token(tuple(venue_kinds.items()))
        for entry in bib.data.entries.values():
            _derive_fields(entry, venue_kinds, cache, kinds_token)
        _views(cache, bib.data, view, fields)

    return learn


def _views(
    cache: bibfile.ReadCache, data: BibliographyData, view: Settings, fields: tuple[str, ...]
) -> None:
    """Every entry's view and BibTeX: from the cache where the same text was seen before."""
    view_token, fields_token = bibfile.basis_token(view), bibfile.basis_token(fields)
    views, exports, used = cache.views, cache.exports, cache.used
    for entry in data.entries.values():
        digest = getattr(entry, "source_digest", None)
        if digest is None:
            continue
        key, export_key = (digest, view_token), (digest, fields_token)
        used.add(("view", key))
        used.add(("export", export_key))
        pub = views.get(key)
        if pub is not None:
            records.remember(entry, view, pub)
        else:
            views[key] = publication_of(entry, view)
        text = exports.get(export_key)
        if text is not None:
            export.remember(entry, fields, text)
        else:
            exports[export_key] = export.export_entry(entry, fields)


def _site_files(app: Sphinx, data: BibliographyData, view: Settings) -> set[str]:
    """The values of relative links (``pdf = {paper.pdf}``) whose files exist."""
    found = set()
    for entry in data.entries.values():
        for link in publication_of(entry, view).links:
            if link.local and find_file(app, link.url)[0] is not None:
                found.add(link.url)
    return found


#: Bumped when what the read cache holds changes: its shape (4: the checks' findings;
#: 6: a base and a journal, :mod:`.bib.cache_file`), or what a view of an entry says
#: (5: ``\par`` starts a paragraph of an abstract, a venue names its genre; 7: ``doi:``,
#: ``arXiv:`` and ``hdl:`` links resolved, other schemes a note, not an error; 8: bare
#: ``true`` and ``false`` read as words; 9: a syntax error's message names a missing comma;
#: 10: Zotero's and Mendeley's arXiv identifiers, EndNote's Web of Science links; 11: lines
#: commented out with ``%`` skipped, a path of the old site a note; 12: entries' kinds;
#: 13: ADS's journal macros, ``\noopsort``, ``\|`` and ``\~{}`` read; 14: an unclosed
#: value's error at the line where it opens; 15: ``collaboration``, ``howpublished = {\url{}}``;
#: 16: UTF-16 files read, names compared composed and without "Jr."; 17: biblatex's
#: extended names, ``subtitle`` and ``titleaddon``; 18: a ``preview`` without a file a note;
#: 19: a ``../`` link a note; 20: a patent's kind and number; 21: names joined by a comma;
#: 22: views with slots; 23: notes with links, pubstate, version; 24: field names with a
#: space, Scopus and IEEE exports, math spacing; 25: Scopus's record data in notes;
#: 26: CV-bold names, babel quotes, operator names, issue and pages without a volume;
#: 27: biblatex's JSTOR, PubMed, Handle and Google Books eprints linked; 28: settings in
#: keys as tokens, :func:`~.bib.bibfile.basis_token`; 29: an entry's unknown fields and
#: database note kept with its checks' findings; 30: what each parsed entry is made of,
#: kept with it; 31: kept once, not in a list shared with moved copies; 32: the fields
#: kept only in what the entry is made of).
CACHE_VERSION = 32


def _cache_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / "sphinx-publications-bib.pickle"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


def _derive_fields(
    entry: Any,
    venue_kinds: dict[str, str],
    cache: bibfile.ReadCache | None = None,
    kinds_token: str = "",
) -> None:
    """Fields lists can filter on: the ``kind``, and biblatex's ``date`` as ``year``.

    The kind is kept in ``cache`` by the text it was made from: an edit of one entry
    of 5,000 works out one kind, not 5,000 (0.15 s). ``kinds_token``: the
    :func:`~.bib.bibfile.basis_token` of ``venue_kinds``, worked out once per read.
    """
    fields = entry.fields
    if not fields.get("kind", "").strip():
        digest = getattr(entry, "source_digest", None)
        if cache is None or digest is None:
            fields["kind"] = kind_of(entry, venue_kinds)
        else:
            key = (digest, kinds_token or bibfile.basis_token(tuple(venue_kinds.items())))
            cache.used.add(key)
            kind = cache.kinds.get(key)
            if kind is None:
                kind = cache.kinds[key] = kind_of(entry, venue_kinds)
            fields["kind"] = kind
    if not fields.get("year", "").strip() and fields.get("date", "").strip():
        fields["year"] = fields["date"].strip()[:4]


def report(app: Sphinx, findings: list[Finding], files: str) -> None:
    """Log errors one by one and notes as one line (each with ``publications_strict``)."""
    strict = app.config.publications_strict
    for finding in errors(findings):
        logger.error(str(finding), type="publications", subtype="bibtex")
    if strict:
        for finding in notes(findings):
            logger.warning(str(finding), type="publications", subtype="bibtex_note")
    line = summary(findings, files or "the .bib files")
    if line and notes(findings) and not strict:
        logger.info("%s: run `python -m sphinx_publications check` to list them", line)
    if errors(findings):
        app.statuscode = 1
