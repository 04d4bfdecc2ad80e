"""The extension's message catalog: extract, update, compile (``python -m tools.catalog``).

Every word the extension shows goes through ``_()`` (:mod:`sphinx_publications.translations`).
This script keeps the catalog in ``src/sphinx_publications/locale/`` in step with the code:

1. extracts the messages: every ``_("literal")`` call in the package (also inside f-strings,
   which Babel's tokenizer does not see), with the scripts' messages
   (``script_messages()``) noted by their key, and the link labels of
   ``DEFAULT_LINK_FIELDS`` and ``EPRINT_LINKS``, which ``_(link.label)`` translates at run time;
2. writes the template ``locale/sphinx_publications.pot``;
3. updates each ``locale/<lang>/LC_MESSAGES/sphinx_publications.po`` from it, keeping the
   translations (a message whose text changed becomes fuzzy or untranslated; removed
   messages are dropped);
4. compiles each ``.po`` into the ``.mo`` that Sphinx loads (fuzzy entries left out).

Files are written only when their content changes, so running it twice changes nothing.
``--check`` writes nothing and exits 1 if a file is out of date (what the tests check);
``--init LANG`` starts the catalog of a new language.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
PACKAGE = SRC / "sphinx_publications"
DOMAIN = "sphinx_publications"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
PROJECT = "sphinx-publications"
HEADER = (
    "# The words of the sphinx_publications Sphinx extension.\n"
    "# Written by python -m tools.catalog from the code: edit the code, then run it.\n"
    "#"
)
#: The function that marks a message (``from .translations import _``).
KEYWORD = "_"
#: ``_()`` calls with a computed argument, and where their messages are written down.
DYNAMIC = {
    "link.label": "bib/records.py",
    "word": "bib/entry_types.py",
    "pub.pubstate": "bib/records.py",
}
#: Notes for translators, shown above a message in the .pot and .po files.
NOTES = {
    "et al.": "After a list of authors cut short (BibTeX 'and others').",
    "{month} {year}": "A month (translated on its own) and a year, as in 'June 2024'.",
    "ed.": "After the name of one editor, in parentheses.",
    "eds.": "After the names of several editors, in parentheses.",
    "Back to %s": "%s is the title of the page that lists the paper.",
    "Home": "The home page, in lists of pages that mention a paper.",
    "Paper": "The link to the paper itself (the publisher's or arXiv page).",
    "Updated %s": "%s is the date the page last changed.",
    "of “{title}”": "Read by screen readers after a link or button: 'BibTeX' + this.",
    "Any": "The first choice of each filter: no filter on this facet.",
    "Recognition": "Filter facet: awards, oral and spotlight presentations.",
}


@dataclass(frozen=True)
class Found:
    message: str
    path: str  # relative to src/, POSIX
    line: int
    comment: str = ""


def _calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == KEYWORD
        ):
            yield node


def _literal(call: ast.Call) -> str | None:
    if len(call.args) == 1 and not call.keywords:
        arg = call.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
    return None


def _script_keys(tree: ast.Module) -> dict[str, str]:
    """message -> its key in ``script_messages()`` (the name the scripts ask for)."""
    keys: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "script_messages":
            for child in ast.walk(node):
                if not isinstance(child, ast.Dict):
                    continue
                for key, value in zip(child.keys, child.values, strict=True):
                    literal = _literal(value) if isinstance(value, ast.Call) else None
                    if not isinstance(key, ast.Constant) or literal is None:
                        raise ValueError(
                            "translations.py: every value of script_messages() must be "
                            '_("a literal")'
                        )
                    keys[literal] = key.value
    return keys


def _link_labels() -> list[str]:
    from sphinx_publications.bib.records import DEFAULT_LINK_FIELDS, EPRINT_LINKS

    labels = [*DEFAULT_LINK_FIELDS.values(), *(label for label, _ in EPRINT_LINKS.values())]
    return list(dict.fromkeys(labels))


def found_messages() -> list[Found]:
    """Every message of the package, in file and line order."""
    found: list[Found] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        source = path.read_text("utf-8")
        tree = ast.parse(source, filename=relative)
        script_keys = _script_keys(tree) if path.name == "translations.py" else {}
        for call in sorted(_calls(tree), key=lambda c: (c.lineno, c.col_offset)):
            literal = _literal(call)
            if literal is not None:
                key = script_keys.get(literal)
                comment = f"Script message {key!r} (static/*.js)." if key else ""
                found.append(Found(literal, relative, call.lineno, comment))
                continue
            argument = ast.get_source_segment(source, call.args[0]) if call.args else ""
            if argument not in DYNAMIC:
                raise ValueError(
                    f"{relative}:{call.lineno}: _({argument}) has no literal message: "
                    "give it a string, or list where its messages are in tools/catalog.py"
                )
    records = f"sphinx_publications/{DYNAMIC['link.label']}"
    for label in _link_labels():
        found.append(Found(label, records, 0, "A link label (DEFAULT_LINK_FIELDS, EPRINT_LINKS)."))
    from sphinx_publications.bib.entry_types import GENRES
    from sphinx_publications.bib.records import MONTHS, PUBSTATES

    entry_types = f"sphinx_publications/{DYNAMIC['word']}"
    for genre in GENRES:
        found.append(Found(genre, entry_types, 0, "What a report or thesis is (GENRES)."))
    for month in MONTHS:
        found.append(Found(month, records, 0, "A month, before or after a year (MONTHS)."))
    for state in dict.fromkeys(PUBSTATES.values()):
        found.append(Found(state, records, 0, "biblatex's publication state (PUBSTATES)."))
    found.append(Found("Version", records, 0, "Before a software's version: 'Version 2.1'."))
    return found


def _new_catalog(locale: str | None = None) -> Catalog:
    from sphinx_publications import __version__

    return Catalog(
        locale=locale,
        domain=DOMAIN,
        header_comment=HEADER,
        project=PROJECT,
        version=__version__,
        copyright_holder="the sphinx-publications authors",
        last_translator="the sphinx-publications authors",
        language_team=locale or "",
        charset="utf-8",
        # Not fuzzy: a .mo without its header has no charset, and gettext reads it as ASCII.
        fuzzy=False,
    )


def extract() -> Catalog:
    """The template: every message of the package, with where it is used."""
    catalog = _new_catalog()
    for item in found_messages():
        comments = [c for c in (item.comment, NOTES.get(item.message, "")) if c]
        existing = catalog.get(item.message)
        location = (item.path, item.line)
        if existing is None:
            catalog.add(item.message, locations=[location], auto_comments=comments)
        else:
            existing.locations.append(location)
            existing.auto_comments += [c for c in comments if c not in existing.auto_comments]
    return catalog


def po_text(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # Files without line numbers: an edit elsewhere in a module changes nothing here.
    write_po(buffer, catalog, width=90, include_lineno=False, ignore_obsolete=True)
    return buffer.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale, domain=DOMAIN)


def languages() -> list[str]:
    """The languages with a catalog: ``locale/<lang>/LC_MESSAGES/sphinx_publications.po``."""
    return sorted(path.parents[1].name for path in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


#: Header lines that change with the clock or the Babel version, not with the messages.
_INCIDENTAL = (b'"POT-Creation-Date:', b'"Generated-By:')


def _essential(text: bytes) -> bytes:
    return b"\n".join(line for line in text.splitlines() if not line.startswith(_INCIDENTAL))


def mo_messages(data: bytes) -> dict[str, str]:
    """The messages of a compiled catalog (header left out), as gettext reads them."""
    translations = gettext.GNUTranslations(io.BytesIO(data))
    return {k: v for k, v in translations._catalog.items() if k != ""}  # type: ignore[attr-defined]


def up_to_date(path: Path, content: bytes) -> bool:
    """Whether ``path`` says what ``content`` says (dates and Babel's version aside)."""
    if not path.is_file():
        return False
    current = path.read_bytes()
    if path.suffix == ".mo":
        return mo_messages(current) == mo_messages(content)
    return _essential(current) == _essential(content)


def template_text() -> bytes:
    """The .pot as it should be (the committed one when it says the same)."""
    text = po_text(extract())
    return TEMPLATE.read_bytes() if up_to_date(TEMPLATE, text) else text


def plan() -> dict[Path, bytes]:
    """Every catalog file with the content it should have."""
    text = template_text()
    files = {TEMPLATE: text}
    template = read_po(io.BytesIO(text), domain=DOMAIN)
    for language in languages():
        path = po_path(language)
        catalog = read(path, language)
        catalog.update(template, update_header_comment=False)
        files[path] = po_text(catalog)
        files[path.with_suffix(".mo")] = mo_bytes(read_po(io.BytesIO(files[path]), language))
    return files


def init(language: str) -> Path:
    """An empty catalog for a new language, from the template."""
    path = po_path(language)
    if path.exists():
        raise SystemExit(f"{path.relative_to(REPO)} exists already")
    catalog = _new_catalog(language)
    catalog.update(read_po(io.BytesIO(template_text()), domain=DOMAIN))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(po_text(catalog))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.catalog", description=__doc__)
    parser.add_argument("--check", action="store_true", help="write nothing; 1 if out of date")
    parser.add_argument("--init", metavar="LANG", help="start the catalog of a new language")
    args = parser.parse_args(argv)
    if args.init:
        created = init(args.init).relative_to(REPO)
        print(f"{created}: translate it, then run python -m tools.catalog")
    stale = []
    for path, content in plan().items():
        if up_to_date(path, content):
            continue
        stale.append(path.relative_to(REPO).as_posix())
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    verb = "out of date" if args.check else "written"
    for name in stale:
        print(f"{name}: {verb}")
    untranslated = []
    for language in languages():
        catalog = read(po_path(language), language)
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        untranslated += [f"{language}: {message!r}" for message in missing]
    for line in untranslated:
        print(f"untranslated: {line}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
