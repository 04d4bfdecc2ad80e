"""The same bibliography as a plain Hugo site: the yardstick of "fast at scale" (issue 12).

Hugo is the fastest common static site generator, so the benchmark builds each
synthetic bibliography with it too and prints how far this site is from it. The
Hugo project is shaped like Hugo Blox's academic template (a publication list and a
page bundle per publication with its ``cite.bib``) but plain: a minimal layout
written here (``baseof``, ``single``, ``list`` and a home page), no theme, no modules,
nothing fetched. It is generated from the site's ``refs.bib`` (as Hugo Blox's
``academic import`` does, untimed); only ``hugo`` itself is measured.

Each paper page has what this site's paper page shows: title, authors, venue, year,
links and the entry's BibTeX in a ``<pre>``, plus the ``.bib`` file to download.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pybtex.backends.plaintext import Backend
from pybtex.database import Entry, Person, parse_file
from pybtex.richtext import Text

from . import builds, projects

SECTION = "publication"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")  # as the site names its paper pages
_ENTRY = re.compile(r"^@(?!comment|string|preamble)\w+\s*[{(]\s*([^,\s]+)", re.I | re.M)
_TITLE = re.compile(r'^title: "', re.M)

#: Plain: no minification, no garbage collection of resources, no RSS; a sitemap and
#: robots.txt as the site has; dates of any year built (papers can be "in press").
CONFIG = """\
baseURL = "http://localhost:8000/"
languageCode = "en"
title = {title}
buildFuture = true
enableRobotsTXT = true
disableKinds = ["taxonomy", "term", "RSS"]

[markup.highlight]
codeFences = false  # BibTeX as plain text, as on this site's paper pages
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><nav><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<a href="{{ "publication/" | relURL }}">Publications</a></nav></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="authors">{{ delimit .Params.authors ", " }}</p>
<dl>
{{ with .Params.venue }}<dt>Venue</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.year }}<dt>Year</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.links }}<dt>Links</dt><dd><ul>
{{ range . }}<li><a href="{{ .url }}">{{ .name }}</a></li>{{ end }}
</ul></dd>{{ end }}
</dl>
<h2>BibTeX</h2>
{{ .Content }}
{{ with .Resources.GetMatch "cite.bib" }}
<p>Download: <a href="{{ .RelPermalink }}">cite.bib</a></p>
{{ end }}
</article>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ range .Pages.GroupByParam "year" "desc" }}
<h2>{{ .Key }}</h2>
<ol class="publications">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><br>
{{ delimit .Params.authors ", " }}.
{{ with .Params.venue }}<em>{{ . }}</em>,{{ end }} {{ .Params.year }}.</li>
{{ end }}
</ol>
{{ end }}
{{ end }}
"""

HOME = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ with site.GetPage "/publication" }}
<p><a href="{{ .RelPermalink }}">All {{ len .Pages }} publications</a>; the latest:</p>
<ul>{{ range first 5 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
{{ end }}
"""

STYLE = """\
body { max-width: 46rem; margin: 0 auto; padding: 1rem; font-family: system-ui, sans-serif; }
nav a { margin-right: 1rem; }
.publications li { margin-bottom: 0.75rem; }
pre { overflow-x: auto; background: #f6f6f6; padding: 0.75rem; }
"""

LAYOUTS = {
    "layouts/_default/baseof.html": BASEOF,
    "layouts/_default/single.html": SINGLE,
    "layouts/_default/list.html": LIST,
    "layouts/index.html": HOME,
    "static/style.css": STYLE,
}


@dataclass(frozen=True)
class Paper:
    """What a paper page and the list show, as plain text."""

    slug: str
    title: str
    authors: tuple[str, ...]
    venue: str
    year: str
    links: tuple[tuple[str, str], ...]
    bibtex: str


def executable() -> str | None:
    """Hugo's path, or None: the comparison is skipped (with a note) where it is absent."""
    return shutil.which("hugo")


def version() -> str:
    hugo = executable()
    if hugo is None:
        return "absent"
    result = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
    return result.stdout.split(" BuildDate")[0].strip() or "unknown"


@functools.cache
def plain(latex: str) -> str:
    """LaTeX as text (braces, accents, ``\\&``); cached: names and venues recur."""
    return Text.from_latex(latex).render(_BACKEND)


_BACKEND = Backend()  # one instance: pybtex's plugin look-up by name costs ms a call


def person_name(person: Person) -> str:
    parts = (
        person.first_names
        + person.middle_names
        + person.prelast_names
        + person.last_names
        + person.lineage_names
    )
    return plain(" ".join(parts))


def paper_links(entry: Entry) -> tuple[tuple[str, str], ...]:
    """Paper, arXiv and DOI links without repeats, as the site's paper pages list them."""
    fields = entry.fields
    candidates = [("Paper", fields.get("url", ""))]
    if fields.get("eprint"):
        candidates.append(
            (f"arXiv:{fields['eprint']}", f"https://arxiv.org/abs/{fields['eprint']}")
        )
    if fields.get("doi"):
        candidates.append((f"DOI:{fields['doi']}", f"https://doi.org/{fields['doi']}"))
    seen: set[str] = set()
    links = []
    for name, url in candidates:
        if url and url not in seen:
            seen.add(url)
            links.append((name, url))
    return tuple(links)


def raw_entries(text: str) -> dict[str, str]:
    """Each entry's BibTeX as written in the file (what a user pasted), by key."""
    starts = list(_ENTRY.finditer(text))
    ends = [match.start() for match in starts[1:]] + [len(text)]
    chunks = {}
    for match, end in zip(starts, ends, strict=True):
        chunk = text[match.start() : end].rstrip()
        chunks[match.group(1)] = chunk[: chunk.rfind("}") + 1]  # no comment after the entry
    return chunks


def papers_of(bib: Path) -> list[Paper]:
    text = bib.read_text("utf-8")
    raw = raw_entries(text)
    papers = []
    for key, entry in parse_file(str(bib), "bibtex").entries.items():
        fields = entry.fields
        papers.append(
            Paper(
                slug=_UNSAFE.sub("-", key).strip("-.") or "paper",
                title=plain(fields.get("title", key)),
                authors=tuple(person_name(p) for p in entry.persons.get("author", ())),
                venue=plain(fields.get("booktitle") or fields.get("journal") or ""),
                year=fields.get("year", ""),
                links=paper_links(entry),
                bibtex=raw.get(key, ""),
            )
        )
    return papers


def front_matter(paper: Paper) -> str:
    """YAML front matter, as Hugo Blox's publication pages have (strings JSON-quoted)."""
    lines = ["---", f"title: {json.dumps(paper.title, ensure_ascii=False)}"]
    if paper.year.isdigit():
        lines += [f"date: {paper.year}-01-01", f"year: {paper.year}"]
    lines.append(f"authors: {json.dumps(list(paper.authors), ensure_ascii=False)}")
    if paper.venue:
        lines.append(f"venue: {json.dumps(paper.venue, ensure_ascii=False)}")
    if paper.links:
        lines.append("links:")
        for name, url in paper.links:
            lines += [f"  - name: {json.dumps(name)}", f"    url: {json.dumps(url)}"]
    lines.append("---")
    return "\n".join(lines) + "\n"


def write_paper(section: Path, paper: Paper) -> None:
    """A page bundle: ``index.md`` (BibTeX in a fenced block) and ``cite.bib``."""
    bundle = section / paper.slug
    bundle.mkdir()
    body = f"\n```bibtex\n{paper.bibtex}\n```\n"
    (bundle / "index.md").write_text(front_matter(paper) + body, "utf-8")
    (bundle / "cite.bib").write_text(paper.bibtex + "\n", "utf-8")


def write_project(dest: Path, title: str, papers: Sequence[Paper]) -> Path:
    """A Hugo project: configuration, layouts, a home page, a list and a bundle per paper."""
    for name, text in LAYOUTS.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (dest / "config.toml").write_text(CONFIG.format(title=json.dumps(title)), "utf-8")
    section = dest / "content" / SECTION
    section.mkdir(parents=True)
    (dest / "content" / "_index.md").write_text(f"---\ntitle: {json.dumps(title)}\n---\n", "utf-8")
    (section / "_index.md").write_text('---\ntitle: "Publications"\n---\n', "utf-8")
    for paper in papers:
        write_paper(section, paper)
    return dest


def project_from_site(srcdir: Path, dest: Path) -> Path:
    """The Hugo project of a (synthetic) copy of the site: same entries, same title."""
    papers = [paper for bib in projects.bib_files(srcdir) for paper in papers_of(bib)]
    return write_project(dest, projects.config(srcdir).get("project", "Publications"), papers)


def build(srcdir: Path, outdir: Path) -> builds.Build:
    """``hugo --quiet`` of ``srcdir`` into ``outdir``; its cache beside ``outdir``, not in ~."""
    command = [
        executable() or "hugo",
        "--quiet",
        "--source",
        str(srcdir),
        "--destination",
        str(outdir),
        "--cacheDir",
        str(outdir.with_name(outdir.name + ".cache")),
    ]
    return builds.measured_run(command, outdir)


def edit_entry(srcdir: Path) -> str:
    """Prefix one paper's title in its front matter (Hugo's "edit one entry"); returns its slug."""
    page = min((srcdir / "content" / SECTION).glob("*/index.md"))
    text = page.read_text("utf-8")
    page.write_text(_TITLE.sub(f'title: "{projects.EDIT_MARKER} ', text, count=1), "utf-8")
    return page.parent.name


def count_papers(srcdir: Path) -> int:
    return sum(1 for _ in (srcdir / "content" / SECTION).glob("*/index.md"))


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m benchmarks.hugo SITE DEST``: the Hugo project of a site, to build by hand."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument(
        "site", type=Path, help="a copy of the site (python -m benchmarks.synthetic)"
    )
    parser.add_argument("dest", type=Path, help="a new folder for the Hugo project")
    args = parser.parse_args(argv)
    project_from_site(args.site, args.dest)
    print(f"wrote a Hugo project with {count_papers(args.dest)} papers to {args.dest}")


if __name__ == "__main__":
    main()
