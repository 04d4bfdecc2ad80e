"""Decoding, resizing and encoding preview images as WebP (:func:`.thumbnails.make_thumbnail`).

Pillow is imported here, and this module only when an image is made: a build whose
thumbnails are all made already (or that has no preview) never loads it, which saves
about 0.03 s of every build's start.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from PIL import Image, ImageCms, ImageOps
from PIL.GifImagePlugin import GifImageFile
from PIL.JpegImagePlugin import JpegImageFile
from PIL.MpoImagePlugin import MpoImageFile
from PIL.PngImagePlugin import PngImageFile
from PIL.WebPImagePlugin import WebPImageFile

from .thumbnails import LOSSLESS_COLOURS, MAX_PIXELS, QUALITIES, ThumbnailError

#: The image formats decoded, as Pillow names them. Importing the plugins registers them:
#: ``Image.open(formats=...)`` fails on one not yet loaded. (Pillow opens JPEGs from some
#: cameras, with a second image for a depth map or a preview, as ``MPO`` through ``JPEG``.)
FORMATS = tuple(
    plugin.format for plugin in (PngImageFile, JpegImageFile, WebPImageFile, GifImageFile)
)
_JPEG = (JpegImageFile.format, MpoImageFile.format)


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def load(source: Path, width: int) -> Image.Image:
    """The first frame of ``source``, upright, in a mode Pillow resizes well (L, RGB, RGBA...).

    Pillow's decoders raise many kinds of exceptions on damaged data, so any of
    them becomes a :class:`ThumbnailError` naming the file.
    """
    try:
        with Image.open(source, formats=FORMATS) as opened:
            pixels = opened.width * opened.height
            if pixels > MAX_PIXELS:
                raise ThumbnailError(
                    f"{source}: {opened.width}x{opened.height} pixels is more than"
                    f" {MAX_PIXELS:,}; save a smaller preview image"
                )
            if opened.format in _JPEG:
                # Decode at 1/2, 1/4 or 1/8 scale while still twice the 2x's width
                # in both directions, whichever way the EXIF orientation turns it.
                opened.draft(None, (4 * width, 4 * width))
            opened.load()
            icc = opened.info.get("icc_profile")
            image = ImageOps.exif_transpose(opened)
    except ThumbnailError:
        raise
    except Exception as error:
        reason = str(error) or type(error).__name__
        raise ThumbnailError(
            f"{source}: not a readable PNG, JPEG, WebP or GIF: {reason}"
        ) from error
    if image.mode.startswith("I"):
        # 16-bit grey: Pillow's conversion to 8 bits would clip everything above 255.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    elif image.mode in ("1", "F"):
        image = image.convert("L")
    if image.mode in ("P", "PA") or "transparency" in image.info:
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if icc:
        image.info["icc_profile"] = icc
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """``image`` as 8-bit sRGB, RGB or RGBA (libwebp stores no alpha where all is opaque).

    Done after resizing: converting a thumbnail's colours costs nothing, a photo's does.
    """
    icc = image.info.get("icc_profile")
    converted = None
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, profile, _srgb(), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None  # a damaged profile: its colours, read as sRGB, are close
    if converted is None:
        mode = "RGBA" if "A" in image.mode else "RGB"
        converted = image if image.mode == mode else image.convert(mode)
    converted.info.pop("icc_profile", None)
    return converted


def _resized(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    # reducing_gap: a fast box reduction first, then Lanczos from 3x the target.
    resized = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if "icc_profile" in image.info:
        resized.info["icc_profile"] = image.info["icc_profile"]
    return resized


class Encoded(NamedTuple):
    data_1x: bytes
    data_2x: bytes | None
    size: tuple[int, int]
    quality: int | None
    reduced: bool


def encode(source: Path, image: Image.Image, width: int, max_bytes: int) -> Encoded:
    """The 1x and 2x files' bytes, the 1x's size and quality, and whether it was narrowed."""
    full_width, full_height = image.size

    def size_at(w: int) -> tuple[int, int]:
        return w, max(1, round(full_height * w / full_width))

    w1, h1 = size_at(min(width, full_width))
    # Everything else is resized from this: at most twice the 1x's size, so cheap.
    base = _to_srgb(_resized(image, (2 * w1, 2 * h1)) if full_width >= 2 * w1 else image)
    image_1x = _resized(base, (w1, h1))
    found = _fit(image_1x, max_bytes)
    reduced = found is None
    if found is None:
        # Quality 40 is still too large: the widest image between half and all of
        # the width that fits at quality 40, by bisection (sizes grow with width).
        def attempt(w: int) -> tuple[Image.Image, bytes] | None:
            narrower = _resized(base, size_at(w))
            data = _webp(narrower, QUALITIES[-1])
            return (narrower, data) if len(data) <= max_bytes else None

        low, high = (w1 + 1) // 2, w1 - 1
        best = attempt(low) if low <= high else None
        if best is None:
            raise ThumbnailError(
                f"{source}: a thumbnail {w1} px wide cannot fit {max_bytes:,} bytes, nor at"
                " half that width; choose a simpler preview image or raise the budget"
            )
        while low < high:
            middle = (low + high + 1) // 2
            if (fits := attempt(middle)) is not None:
                low, best = middle, fits
            else:
                high = middle - 1
        image_1x, data = best
        found = data, QUALITIES[-1]
    data_1x, quality = found
    data_2x = None
    if base.width >= 2 * image_1x.width:
        found_2x = _fit(_resized(base, (2 * image_1x.width, 2 * image_1x.height)), 2 * max_bytes)
        data_2x = found_2x[0] if found_2x is not None else None
    return Encoded(data_1x, data_2x, image_1x.size, quality, reduced)


def _fit(image: Image.Image, budget: int) -> tuple[bytes, int | None] | None:
    """The best WebP encoding of ``image`` within ``budget`` bytes, and its quality.

    Lossless wins when it is no larger than the first lossy quality: flat
    diagrams and logos then keep sharp edges and exact colours. It is tried only
    for images of few colours: for a photo it is ten times larger and slow.
    """
    best, quality = _webp(image, QUALITIES[0]), QUALITIES[0]
    if image.getcolors(LOSSLESS_COLOURS) is not None:
        lossless = _webp(image, None)
        if len(lossless) <= len(best):
            best, quality = lossless, None
    if len(best) <= budget:
        return best, quality
    for quality in QUALITIES[1:]:
        data = _webp(image, quality)
        if len(data) <= budget:
            return data, quality
    return None


def _webp(image: Image.Image, quality: int | None) -> bytes:
    """WebP bytes: lossy at ``quality``, or lossless for None.

    Method 4 (libwebp's default effort): method 6 saves about 1 % and can take
    a hundred times longer, e.g. half a second for a small image with alpha.
    """
    buffer = io.BytesIO()
    if quality is None:
        image.save(buffer, "WEBP", lossless=True, quality=80, method=4)
    else:
        image.save(buffer, "WEBP", quality=quality, method=4)
    return buffer.getvalue()
