"""Preview images of publications, made into small WebP thumbnails when the site is built.

A publication may name a preview image, as al-folio's ``preview = {densenet.png}``
field does, or have one named after its BibTeX key in a preview folder
(:func:`find_preview`). A list shows dozens of them at once, so each is resized
to the width it is shown at, encoded as WebP within a byte budget, with a second
file for screens of two device pixels per CSS pixel, and its size is known so
the page reserves its space before it loads (:func:`make_thumbnail`).

Choices, and why:

* **Never upscaled.** A source narrower than the asked width keeps its own width;
  a ``2x`` file is made only from a source with at least twice the 1x's pixels
  across. Upscaling adds bytes and no detail.
* **Within budget or an error, never silently over.** The 1x is encoded at WebP
  quality 80, then 75, ... down to 40 until it fits ``max_bytes``; an image of
  few colours (a diagram, a logo) is lossless instead when that is no larger than
  quality 80. If quality 40 is still too large, the 1x is made as wide as fits,
  at most down to half its width: :attr:`Thumbnail.reduced` says so, and
  ``width``, ``height`` and ``bytes_1x`` give what was reached. Below half,
  :class:`ThumbnailError` asks for another image or budget: a thumbnail that
  small is not worth showing. The 2x may have twice the budget; if it cannot
  fit at quality 40, there is no 2x (a 1x is still sharp enough).
* **Colours as browsers show them.** EXIF orientation is applied; an embedded
  ICC profile (Display P3, Adobe RGB, CMYK) is converted to sRGB and not kept;
  palette, CMYK and 16-bit images become 8-bit RGB; transparency is kept (and an
  alpha channel that is opaque everywhere is not stored). EXIF (camera, GPS) is not
  copied into the thumbnail.
* **SVG is copied, not rasterised**: it is small and sharp at any size already.
  Its size comes from numeric ``width``/``height`` attributes or its ``viewBox``;
  an SVG larger than the budget, or without a usable size, is an error.
* **Deterministic and incremental.** The same source and settings give the same
  bytes (with the same libwebp). A small JSON sidecar beside the images,
  ``<name>-160.json``, records a hash of the source's path, size and modification
  time, and the settings; when it matches and the images have the sizes it
  records, nothing is decoded or encoded. This is stricter than "newer than the
  source": a preview replaced by an older file is noticed too. File names are the
  key made URL-safe as for paper pages (:func:`.papers.paper_slug`) plus the asked
  width: ``huang2017densely-160.webp``, ``huang2017densely-160-2x.webp``; an SVG
  keeps its name, ``huang2017densely.svg``.
* **Bounded.** Images of more than :data:`MAX_PIXELS` pixels are refused before
  they are decoded; JPEGs are decoded at a reduced scale when they are large.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from xml.etree import ElementTree

from .papers import paper_slug

#: Where the thumbnails go, relative to the builder's output folder.
FOLDER = "_images/pub"
#: The CSS width a list shows previews at.
WIDTH = 160
#: The most bytes a 1x thumbnail may have; a 2x may have twice as many.
MAX_BYTES = 15 * 1024
#: The file endings looked for when a key names its preview, in this order.
PREVIEW_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg")
#: WebP qualities tried in turn until the file fits the budget.
QUALITIES = (80, 75, 70, 65, 60, 55, 50, 45, 40)
#: Lossless WebP is tried for images of at most this many colours (diagrams, logos).
LOSSLESS_COLOURS = 1024
#: Larger sources are refused unread: a 64-megapixel RGBA image takes 256 MB decoded.
MAX_PIXELS = 64_000_000
#: Changes when the pipeline makes different files: sidecars of another version are stale.
PIPELINE_VERSION = 1

_SVG_LENGTH = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*(?:px)?\s*")
_SVG_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """A made thumbnail: what an ``<img>`` needs, and what the budget search reached."""

    #: The 1x file, relative to the output folder, POSIX: ``_images/pub/<name>-160.webp``.
    path_1x: str
    #: The 2x file, or ``None`` when the source is too small for one (or it missed its budget).
    path_2x: str | None
    #: CSS pixels of the 1x image, for the ``width`` and ``height`` attributes.
    width: int
    height: int
    #: Size of the 1x file in bytes, at most the budget.
    bytes_1x: int
    #: WebP quality of the 1x; ``None`` when it is lossless or an SVG copy.
    quality: int | None
    #: True when the 1x had to be made narrower than asked (and than its source) to fit.
    reduced: bool = False

    def srcset(self, base: str = "") -> str | None:
        """The ``srcset`` value, paths prefixed with ``base`` (e.g. ``"../"``); None without 2x."""
        if self.path_2x is None:
            return None
        return f"{base}{self.path_1x} 1x, {base}{self.path_2x} 2x"


class ThumbnailError(Exception):
    """A preview image cannot be used: its message, for the site owner, names the file and why."""


def find_preview(key: str, preview_field: str | None, folders: Sequence[Path]) -> Path | None:
    """The preview image of the entry ``key``, looked up in ``folders`` in order.

    With a ``preview_field`` (al-folio's ``preview``: a file name or a relative
    path, e.g. ``densenet.png``), the first folder holding that file wins; if none
    does, that is an error: the site owner asked for it. Without one, the image is
    ``<slug>.<png|jpg|jpeg|webp|gif|svg>`` (also upper case), where the slug is the key
    made safe for a file name as for paper pages: ``DBLP:conf/cvpr/HuangLMW17``
    looks for ``DBLP-conf-cvpr-HuangLMW17.png``, ...; None when there is no such file.

    Paths never lead outside the folders: absolute paths, ``..`` and symbolic
    links that point elsewhere raise :class:`ThumbnailError`; so do URLs, which
    are not fetched at build time.
    """
    field = (preview_field or "").strip()
    if field:
        relative = _relative_path(field, key)
        for folder in folders:
            candidate = folder / relative
            if candidate.is_file():
                return _inside(folder, candidate)
        searched = ", ".join(str(folder) for folder in folders) or "no folder"
        raise ThumbnailError(f"preview {field!r} of {key!r}: no such file in {searched}")
    slug = paper_slug(key)
    for folder in folders:
        present = _names_in(folder)
        for suffix in PREVIEW_SUFFIXES:
            for name in (slug + suffix, slug + suffix.upper()):
                if name in present and (folder / name).is_file():
                    return _inside(folder, folder / name)
    return None


def _names_in(folder: Path) -> frozenset[str]:
    """The names in a folder: listed once per change of the folder, not probed per entry."""
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return frozenset()
    return _listing(os.fspath(folder), stamp)


@lru_cache(maxsize=64)
def _listing(folder: str, stamp: int) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def make_thumbnail(
    source: Path,
    outdir: Path,
    name: str,
    width: int = WIDTH,
    max_bytes: int = MAX_BYTES,
    *,
    folder: str = FOLDER,
) -> Thumbnail:
    """The thumbnail of ``source``, written into ``outdir/folder`` unless it is there already.

    ``outdir`` is the builder's output folder, and the returned paths are relative
    to it. ``name`` (a BibTeX key, say) is made URL-safe like a paper page's name.
    ``width`` is the CSS width asked for, ``max_bytes`` the 1x's budget.
    Raises :class:`ThumbnailError` for a missing, unreadable, corrupt or oversized
    source, or one that cannot fit the budget at half the width.
    """
    if width < 1 or max_bytes < 1:
        raise ValueError(f"width and max_bytes must be positive, not {width} and {max_bytes}")
    stem = paper_slug(name)
    target = outdir / folder
    try:
        stat = source.stat()
    except OSError as error:
        raise ThumbnailError(f"{source}: cannot read the preview image: {error}") from error
    if source.suffix.lower() == ".svg":
        return _copy_svg(source, stat, target, folder, stem, width, max_bytes)

    file_1x, file_2x = f"{stem}-{width}.webp", f"{stem}-{width}-2x.webp"
    sidecar = target / f"{stem}-{width}.json"
    identity = f"{source.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
    stamp = {
        "version": PIPELINE_VERSION,
        "source": hashlib.sha256(identity).hexdigest()[:20],
        "width": width,
        "max_bytes": max_bytes,
    }
    cached = _cached(sidecar, stamp, target)
    if cached is not None:
        return cached

    from . import thumbnail_images  # Pillow: only when an image is made

    encoded = thumbnail_images.encode(
        source, thumbnail_images.load(source, width), width, max_bytes
    )
    data_1x, data_2x = encoded.data_1x, encoded.data_2x
    thumbnail = Thumbnail(
        path_1x=f"{folder}/{file_1x}",
        path_2x=f"{folder}/{file_2x}" if data_2x is not None else None,
        width=encoded.size[0],
        height=encoded.size[1],
        bytes_1x=len(data_1x),
        quality=encoded.quality,
        reduced=encoded.reduced,
    )
    target.mkdir(parents=True, exist_ok=True)
    _write(target / file_1x, data_1x)
    if data_2x is not None:
        _write(target / file_2x, data_2x)
    else:
        (target / file_2x).unlink(missing_ok=True)
    # Last: a build stopped before this line leaves no matching sidecar: the next re-encodes.
    files = {file_1x: len(data_1x)}
    if data_2x is not None:
        files[file_2x] = len(data_2x)
    record = {"stamp": stamp, "files": files, "thumbnail": asdict(thumbnail)}
    _write(sidecar, json.dumps(record, sort_keys=True).encode())
    return thumbnail


def _relative_path(field: str, key: str) -> PurePosixPath:
    """A preview field as a path that stays inside a folder, or an error saying why not."""
    where = f"preview {field!r} of {key!r}"
    if "://" in field or field.startswith("//"):
        raise ThumbnailError(f"{where}: remote images are not fetched at build time")
    path = PurePosixPath(field)
    if "\\" in field or "\0" in field or PureWindowsPath(field).drive or path.is_absolute():
        raise ThumbnailError(f"{where}: give a path relative to the preview folder")
    if ".." in path.parts or not path.parts:
        raise ThumbnailError(f"{where}: the path must not leave the preview folder")
    return path


def _inside(folder: Path, candidate: Path) -> Path:
    """``candidate`` if it really is inside ``folder`` once symbolic links are followed."""
    if not candidate.resolve().is_relative_to(folder.resolve()):
        raise ThumbnailError(f"{candidate}: leads outside the preview folder {folder}")
    return candidate


def _cached(sidecar: Path, stamp: dict[str, object], target: Path) -> Thumbnail | None:
    """The thumbnail made earlier from the same source and settings, if its files are intact."""
    try:
        record = json.loads(sidecar.read_bytes())
        if record["stamp"] != stamp:
            return None
        for file, size in record["files"].items():
            if (target / file).stat().st_size != size:
                return None
        return Thumbnail(**record["thumbnail"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file, so a stopped build never leaves half an image."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _copy_svg(
    source: Path,
    stat: os.stat_result,
    target: Path,
    folder: str,
    stem: str,
    width: int,
    max_bytes: int,
) -> Thumbnail:
    """An SVG preview, copied as it is (with its modification time, to skip the next copy)."""
    if stat.st_size > max_bytes:
        raise ThumbnailError(
            f"{source}: {stat.st_size:,} bytes is more than the {max_bytes:,} a preview may"
            " have; simplify the SVG or use a PNG"
        )
    svg_width, svg_height, intrinsic = _svg_size(source)
    shown = min(width, svg_width) if intrinsic else width
    height = max(1, round(svg_height * shown / svg_width))
    file = f"{stem}.svg"
    copy = target / file
    try:
        current = copy.stat()
        fresh = current.st_size == stat.st_size and current.st_mtime_ns == stat.st_mtime_ns
    except OSError:
        fresh = False
    if not fresh:
        target.mkdir(parents=True, exist_ok=True)
        _write(copy, source.read_bytes())
        os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return Thumbnail(
        path_1x=f"{folder}/{file}",
        path_2x=None,
        width=round(shown),
        height=height,
        bytes_1x=stat.st_size,
        quality=None,
    )


def _svg_size(source: Path) -> tuple[float, float, bool]:
    """An SVG's width and height, and whether they are its own size or only its aspect ratio.

    Numeric ``width``/``height`` (in px) give its size; a ``viewBox`` gives the ratio
    (and the missing one of the two). Only the root element is read.
    """
    try:
        with source.open("rb") as file:
            _event, root = next(ElementTree.iterparse(file, events=("start",)))
    except (ElementTree.ParseError, StopIteration, OSError) as error:
        raise ThumbnailError(f"{source}: not a readable SVG file: {error}") from error
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        raise ThumbnailError(f"{source}: not an SVG image (its root is <{root.tag}>)")

    def length(attribute: str) -> float | None:
        match = _SVG_LENGTH.fullmatch(root.get(attribute, ""))
        value = float(match[1]) if match else 0.0
        return value if value > 0 else None

    width, height = length("width"), length("height")
    numbers = [float(n) for n in _SVG_NUMBER.findall(root.get("viewBox", ""))]
    ratio = numbers[2] / numbers[3] if len(numbers) == 4 and min(numbers[2:]) > 0 else None
    if width and height:
        return width, height, True
    if ratio and width:
        return width, width / ratio, True
    if ratio and height:
        return height * ratio, height, True
    if ratio:
        return ratio, 1.0, False
    raise ThumbnailError(
        f"{source}: give the SVG numeric width and height attributes or a viewBox,"
        " so the page can reserve its size"
    )
