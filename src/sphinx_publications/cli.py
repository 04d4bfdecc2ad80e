"""``python -m sphinx_publications``: check a .bib file, or start a new homepage.

``check`` reads the .bib files as the build does and lists every finding, errors
and notes, without building anything::

    python -m sphinx_publications check              # the files and owner of ./conf.py
    python -m sphinx_publications check refs.bib --owner "Ada Lovelace"
    python -m sphinx_publications check --strict     # notes fail too (for CI)

It exits with 1 when there is an error (or, with ``--strict``, a note), else 0.

``new`` writes a complete homepage project around a .bib file (:mod:`.quickstart`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .bib import bibfile, checks
from .bib.findings import Finding, errors, notes, summary
from .bib.records import DEFAULT_LINK_FIELDS


def read_conf(confdir: Path) -> dict[str, Any]:
    """The values of a ``conf.py`` (executed as Sphinx executes it), or {} without one."""
    path = confdir / "conf.py"
    if not path.is_file():
        return {}
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    return eval_config_file(path, Tags())


def check_files(
    paths: Sequence[Path],
    owner: Sequence[str],
    link_fields: Sequence[str],
    files_dirs: Sequence[Path],
    encoding: str | None = None,
) -> list[Finding]:
    """Every finding on the files, as the build reports them."""

    def find_file(value: str) -> tuple[Path | None, bool]:
        for folder in files_dirs:
            candidate = (folder / value).resolve()
            if folder.resolve() in candidate.parents and candidate.is_file():
                return candidate, True
        return None, any(folder.is_dir() for folder in files_dirs)

    context = checks.Context(
        owner=checks.owner_keys(owner),
        owner_names=tuple(owner),
        link_fields=tuple(name.lower() for name in link_fields),
        find_file=find_file,
    )
    found: list[Finding] = []
    seen: dict[str, str] = {}
    for path in paths:
        bib = bibfile.read(path, str(path), encoding)
        found += bib.findings + checks.check(bib, context)
        for key in bib.data.entries:
            if key.casefold() in seen:
                found.append(
                    Finding(
                        str(path),
                        bib.source(key).line,
                        key,
                        "",
                        f"the key is already used in {seen[key.casefold()]}",
                        "error",
                        "duplicate-key",
                    )
                )
            seen.setdefault(key.casefold(), str(path))
    return found


def check(arguments: argparse.Namespace) -> int:
    confdir = Path(arguments.conf_dir)
    conf = read_conf(confdir)
    names = arguments.files or [str(confdir / f) for f in conf.get("bibtex_bibfiles", [])]
    if not names:
        print("no .bib file: name one, or run where conf.py lists bibtex_bibfiles", file=sys.stderr)
        return 2
    owner = arguments.owner or list(conf.get("publications_owner", []))
    link_fields = list(conf.get("publications_link_fields", DEFAULT_LINK_FIELDS))
    files_dirs = [confdir / d for d in conf.get("publications_files_dirs", ["assets/pdf"])]
    encoding = conf.get("bibtex_encoding")
    found = check_files([Path(n) for n in names], owner, link_fields, files_dirs, encoding)
    found.sort(key=lambda f: (f.path, f.line))
    for finding in found:
        if finding.level == "error" or not arguments.errors_only:
            print(f"{finding}  [{finding.level}]")
    line = summary(found, ", ".join(Path(n).name for n in names))
    print(line or "no errors and no notes", file=sys.stderr)
    if errors(found) or (arguments.strict and notes(found)):
        return 1
    return 0


def new(arguments: argparse.Namespace) -> int:
    from .quickstart import create

    return create(
        Path(arguments.directory),
        bib=Path(arguments.bib) if arguments.bib else None,
        owner=arguments.owner or [],
        title=arguments.title,
        theme=arguments.theme,
        language=arguments.language,
    )


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="python -m sphinx_publications",
        description="A researcher's homepage from the BibTeX file they already have.",
    )
    commands = main.add_subparsers(dest="command", required=True)
    checking = commands.add_parser("check", help="list the errors and notes of .bib files")
    checking.add_argument("files", nargs="*", help=".bib files (default: those of conf.py)")
    checking.add_argument("--conf-dir", default=".", help="where conf.py is (default: .)")
    checking.add_argument(
        "--owner", action="append", help="the owner's name as the file spells it (repeatable)"
    )
    checking.add_argument("--strict", action="store_true", help="notes fail too")
    checking.add_argument("--errors-only", action="store_true", help="list errors only")
    checking.set_defaults(run=check)
    starting = commands.add_parser("new", help="write a new homepage project")
    starting.add_argument("directory", help="the folder to create")
    starting.add_argument("--bib", help="your .bib file (copied as refs.bib)")
    starting.add_argument(
        "--owner", action="append", help="your name as the .bib file spells it (repeatable)"
    )
    starting.add_argument("--title", help="the site's title (default: the first --owner)")
    starting.add_argument("--theme", default="furo", choices=["furo", "alabaster", "pydata"])
    starting.add_argument("--language", default="en", help="Sphinx's language (en, zh_CN, ...)")
    starting.set_defaults(run=new)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    return arguments.run(arguments)
