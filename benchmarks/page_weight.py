"""What a first visit to a built page downloads: requests, bytes and gzip-compressed bytes.

A page costs its HTML plus every resource the HTML references (stylesheets, scripts,
icons, images, preloads) and what those stylesheets pull in (``@import``,
``@font-face``). References are resolved against the built files, so the numbers
need no server and no browser; Lighthouse (``make lighthouse``) checks them in a
real one. Background images named in CSS are not counted: a browser fetches
them only when a rule applies.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

#: Types servers send as they are: gzip would not make them smaller.
_COMPRESSED_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".ico"}
_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "apple-touch-icon"}
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")
_FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.S)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")


@dataclass(frozen=True)
class PageWeight:
    page: str  #: path of the page in the built site, e.g. ``publications.html``
    kind: str  #: home, publications, paper or other
    html_bytes: int
    html_gzip: int
    requests: int  #: the page and every resource it loads, each counted once
    total_bytes: int
    total_gzip: int
    external: tuple[str, ...]  #: resources on other hosts (counted as requests, bytes unknown)
    missing: tuple[str, ...]  #: references to files that are not in the build


def gzip_size(data: bytes, name: str) -> int:
    """Bytes on the wire with gzip (level 6, what web servers use by default)."""
    if PurePosixPath(name).suffix.lower() in _COMPRESSED_TYPES:
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_kind(relpath: str, soup: BeautifulSoup) -> str:
    if relpath == "index.html":
        return "home"
    if soup.select_one('meta[name="citation_title"]'):  # a paper's page, in any folder
        return "paper"
    if soup.select_one("li.publication"):
        return "publications"
    return "other"


def html_references(soup: BeautifulSoup) -> Iterator[str]:
    """URLs a browser fetches while loading the page, in document order."""
    for tag in soup.find_all(["link", "script", "img", "source", "video", "iframe", "embed"]):
        if tag.name == "link":
            rels = {r.lower() for r in tag.get("rel", [])}
            if rels & _LINK_RELS and tag.get("href"):
                yield tag["href"]
        elif tag.name == "video" and tag.get("poster"):
            yield tag["poster"]
        elif tag.get("src"):
            yield tag["src"]
        if tag.get("srcset"):
            yield tag["srcset"].split(",")[0].split()[0]


def css_references(css: str) -> Iterator[str]:
    yield from _CSS_IMPORT.findall(css)
    for block in _FONT_FACE.findall(css):
        urls = _CSS_URL.findall(block)
        if urls:
            yield urls[0]  # the browser takes the first source it supports


def _resolve(outdir: Path, base: PurePosixPath, url: str) -> Path | str | None:
    """A local file under ``outdir``, an external URL, or None for inline data."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return None
    if parts.scheme or parts.netloc:
        return url
    path = unquote(parts.path)
    target = PurePosixPath(path.lstrip("/")) if path.startswith("/") else base.parent / path
    return outdir.joinpath(*_normalise(target).parts)


def _normalise(path: PurePosixPath) -> PurePosixPath:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return PurePosixPath(*parts)


def first_visit(outdir: Path, page: Path) -> PageWeight:
    """The weight of ``page`` (a built HTML file under ``outdir``) for a visitor with no cache."""
    relpath = page.relative_to(outdir).as_posix()
    html = page.read_bytes()
    soup = BeautifulSoup(html, "html.parser")
    seen: set[Path] = set()
    external: list[str] = []
    missing: list[str] = []
    total, total_gz = len(html), gzip_size(html, relpath)
    queue = [(PurePosixPath(relpath), url) for url in html_references(soup)]
    while queue:
        base, url = queue.pop(0)
        target = _resolve(outdir, base, url)
        if target is None:
            continue
        if isinstance(target, str):
            if target not in external:
                external.append(target)
            continue
        if target in seen:
            continue
        seen.add(target)
        if not target.is_file():
            missing.append(url)
            continue
        data = target.read_bytes()
        total += len(data)
        total_gz += gzip_size(data, target.name)
        if target.suffix == ".css":
            own = PurePosixPath(target.relative_to(outdir).as_posix())
            queue += [(own, ref) for ref in css_references(data.decode("utf-8", "replace"))]
    return PageWeight(
        page=relpath,
        kind=page_kind(relpath, soup),
        html_bytes=len(html),
        html_gzip=gzip_size(html, relpath),
        requests=1 + len(seen) - len(missing) + len(external),
        total_bytes=total,
        total_gzip=total_gz,
        external=tuple(external),
        missing=tuple(missing),
    )


def site_weights(outdir: Path) -> list[PageWeight]:
    """Every built page: home first, then publication lists, paper pages, the rest."""
    order = {"home": 0, "publications": 1, "paper": 2, "other": 3}
    pages = [
        page
        for page in sorted(outdir.rglob("*.html"))
        if not any(part.startswith("_") for part in page.relative_to(outdir).parts)
    ]
    weights = [first_visit(outdir, page) for page in pages]
    return sorted(weights, key=lambda w: (order[w.kind], w.page))


def representative(weights: list[PageWeight]) -> list[PageWeight]:
    """One row per page, except paper pages: only the heaviest of those."""
    papers = [w for w in weights if w.kind == "paper"]
    heaviest = max(papers, key=lambda w: w.total_gzip, default=None)
    return [w for w in weights if w.kind != "paper" or w is heaviest]
