"""Preview thumbnails: sizes within budget, never upscaled, upright, transparent where the
source is, identical bytes for identical inputs, not re-encoded when current, and paths
that stay inside the preview folders. Every image is drawn here with Pillow."""

from __future__ import annotations

import io
import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from sphinx_publications.thumbnails import (
    MAX_BYTES,
    Thumbnail,
    ThumbnailError,
    find_preview,
    make_thumbnail,
)

URL_SAFE = re.compile(r"[A-Za-z0-9_./-]+")
OLD = 1_000_000_000  # an mtime long past, in seconds


def photo(width: int, height: int) -> Image.Image:
    """A photo-like image: gradients, soft blobs and detail at several scales, and grain."""
    gradient = Image.linear_gradient("L").resize((width, height))

    def noise(divisor: int, sigma: float) -> Image.Image:
        small = Image.effect_noise((width // divisor, height // divisor), sigma)
        return small.resize((width, height), Image.Resampling.BICUBIC)

    channels = [
        Image.blend(Image.blend(gradient, noise(40, 90), 0.5), noise(8, 60), 0.4),
        Image.blend(gradient.transpose(Image.Transpose.ROTATE_180), noise(40, 90), 0.5),
        Image.blend(noise(20, 80), noise(4, 40), 0.3),
    ]
    return Image.merge("RGB", channels)


def save(image: Image.Image, path: Path, **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, **options)
    return path


def opened(outdir: Path, path: str) -> Image.Image:
    """A written thumbnail, decoded; also checks its path is URL-safe and it is WebP."""
    assert URL_SAFE.fullmatch(path), path
    with Image.open(outdir / path) as image:
        image.load()
        assert image.format == "WEBP"
        return image


@pytest.fixture(scope="module")
def large_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2400x1600, about 11 MB: stored uncompressed, which is faster to write and read."""
    folder = tmp_path_factory.mktemp("photo")
    return save(photo(2400, 1600), folder / "large.png", compress_level=0)


@pytest.fixture(scope="module")
def large_thumbnail(
    large_photo: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Thumbnail]:
    outdir = tmp_path_factory.mktemp("html")
    return outdir, make_thumbnail(large_photo, outdir, "huang2017densely")


@pytest.fixture(scope="module")
def medium_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A photo with more detail per pixel of the thumbnail, for tight budgets."""
    folder = tmp_path_factory.mktemp("medium")
    noisy = Image.merge("RGB", [Image.effect_noise((480, 360), 100) for _ in range(3)])
    return save(Image.blend(photo(480, 360), noisy, 0.5), folder / "medium.png")


# Sizes and the budget


def test_large_photo_gets_1x_and_2x_within_budget(large_thumbnail):
    outdir, thumb = large_thumbnail
    assert (thumb.width, thumb.height) == (160, 107)
    assert thumb.path_1x == "_images/pub/huang2017densely-160.webp"
    assert thumb.path_2x == "_images/pub/huang2017densely-160-2x.webp"
    assert opened(outdir, thumb.path_1x).size == (160, 107)
    assert opened(outdir, thumb.path_2x).size == (320, 214)
    size_1x = (outdir / thumb.path_1x).stat().st_size
    assert size_1x == thumb.bytes_1x <= MAX_BYTES
    assert (outdir / thumb.path_2x).stat().st_size <= 2 * MAX_BYTES
    assert thumb.quality == 80 and not thumb.reduced
    assert thumb.srcset("../") == (
        "../_images/pub/huang2017densely-160.webp 1x,"
        " ../_images/pub/huang2017densely-160-2x.webp 2x"
    )


def test_the_thumbnail_looks_like_its_source(large_photo, large_thumbnail):
    """Not merely some picture of the right size: the colours of the scaled-down source."""
    outdir, thumb = large_thumbnail
    with Image.open(large_photo) as source:
        expected = source.resize((16, 11), Image.Resampling.BOX)
    got = opened(outdir, thumb.path_1x).convert("RGB").resize((16, 11), Image.Resampling.BOX)
    differences = [abs(a - b) for a, b in zip(expected.tobytes(), got.tobytes(), strict=True)]
    assert sum(differences) / len(differences) < 6


def test_a_tight_budget_lowers_the_quality(medium_photo, tmp_path):
    roomy = make_thumbnail(medium_photo, tmp_path / "a", "x")
    assert roomy.quality == 80
    tight = make_thumbnail(medium_photo, tmp_path / "b", "x", max_bytes=roomy.bytes_1x - 500)
    assert tight.quality is not None and 40 <= tight.quality < 80
    assert tight.bytes_1x == (tmp_path / "b" / tight.path_1x).stat().st_size
    assert tight.bytes_1x <= roomy.bytes_1x - 500
    assert (tight.width, tight.height, tight.reduced) == (160, 120, False)


def test_a_budget_too_tight_for_quality_40_narrows_the_image(medium_photo, tmp_path):
    budget = 1500
    thumb = make_thumbnail(medium_photo, tmp_path / "b", "x", max_bytes=budget)
    assert thumb.reduced and thumb.quality == 40
    assert 80 <= thumb.width < 160
    assert thumb.bytes_1x > 0.9 * budget  # the widest that fits, not just narrow enough
    assert thumb.height == round(360 * thumb.width / 480)
    assert opened(tmp_path / "b", thumb.path_1x).size == (thumb.width, thumb.height)
    assert thumb.bytes_1x == (tmp_path / "b" / thumb.path_1x).stat().st_size <= budget


def test_an_impossible_budget_is_an_error_naming_the_file(medium_photo, tmp_path):
    with pytest.raises(ThumbnailError, match=r"medium\.png.*cannot fit 100 bytes"):
        make_thumbnail(medium_photo, tmp_path, "x", max_bytes=100)
    assert not list(tmp_path.rglob("*.webp"))


# Never upscaled; 2x only from enough pixels


def test_a_small_image_is_not_upscaled(tmp_path):
    source = save(Image.new("RGB", (100, 80), "teal"), tmp_path / "small.png")
    thumb = make_thumbnail(source, tmp_path / "html", "small")
    assert (thumb.width, thumb.height, thumb.path_2x) == (100, 80, None)
    assert opened(tmp_path / "html", thumb.path_1x).size == (100, 80)
    assert thumb.srcset() is None


@pytest.mark.parametrize(("source_width", "has_2x"), [(200, False), (319, False), (320, True)])
def test_2x_only_from_a_source_twice_as_wide(tmp_path, source_width, has_2x):
    source = save(photo(source_width, source_width // 2), tmp_path / "p.png")
    thumb = make_thumbnail(source, tmp_path / "html", "p")
    assert (thumb.width, thumb.height) == (160, 80)
    assert (thumb.path_2x is not None) == has_2x
    assert (tmp_path / "html" / "_images/pub/p-160-2x.webp").exists() == has_2x
    if has_2x:
        assert opened(tmp_path / "html", thumb.path_2x).size == (320, 160)


def test_other_widths(medium_photo, tmp_path):
    thumb = make_thumbnail(medium_photo, tmp_path, "k", width=240, max_bytes=40_000)
    assert (thumb.width, thumb.height) == (240, 180)
    assert thumb.path_1x.endswith("k-240.webp")
    assert opened(tmp_path, thumb.path_2x).size == (480, 360)


# Orientation, colours, transparency


def test_exif_orientation_is_applied(tmp_path):
    """Stored landscape, left red and right blue; orientation 6 shows it turned clockwise."""
    stored = Image.new("RGB", (1500, 1000), "red")
    ImageDraw.Draw(stored).rectangle((750, 0, 1500, 1000), fill="blue")
    exif = Image.Exif()
    exif[0x0112] = 6
    source = save(stored, tmp_path / "camera.jpg", exif=exif, quality=90)
    thumb = make_thumbnail(source, tmp_path / "html", "camera")
    assert (thumb.width, thumb.height) == (160, 240)
    image = opened(tmp_path / "html", thumb.path_1x).convert("RGB")
    top, bottom = image.getpixel((80, 20)), image.getpixel((80, 220))
    assert top[0] > 200 and top[2] < 60, top
    assert bottom[2] > 200 and bottom[0] < 60, bottom
    assert "exif" not in image.info  # nor the camera's other data
    assert opened(tmp_path / "html", thumb.path_2x).size == (320, 480)


def test_transparency_is_kept(tmp_path):
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((100, 50, 300, 250), fill=(200, 30, 30, 255))
    source = save(image, tmp_path / "logo.png")
    thumb = make_thumbnail(source, tmp_path / "html", "logo")
    for path in (thumb.path_1x, thumb.path_2x):
        result = opened(tmp_path / "html", path)
        assert result.mode == "RGBA"
        w, h = result.size
        assert result.getpixel((1, 1))[3] == 0
        assert result.getpixel((w // 2, h // 2)) == (200, 30, 30, 255)
    assert thumb.quality is None  # flat colours: lossless is the smaller


@pytest.mark.parametrize("colours", [1, 5000])  # lossless and lossy
def test_an_alpha_channel_that_is_opaque_everywhere_is_not_stored(tmp_path, colours):
    image = photo(400, 300) if colours > 1 else Image.new("RGB", (400, 300), (10, 120, 200))
    source = save(image.convert("RGBA"), tmp_path / "opaque.png")
    thumb = make_thumbnail(source, tmp_path / "html", "opaque")
    assert (thumb.quality is None) == (colours == 1)
    assert opened(tmp_path / "html", thumb.path_1x).mode == "RGB"


def test_palette_gif_first_frame_with_transparency(tmp_path):
    frames = []
    for colour in (1, 2):
        frame = Image.new("P", (400, 300), 0)
        frame.putpalette([0, 0, 0, 0, 0, 200, 220, 120, 0] + [0] * 759)
        ImageDraw.Draw(frame).rectangle((100, 100, 300, 200), fill=colour)
        frames.append(frame)
    source = tmp_path / "anim.gif"
    frames[0].save(source, save_all=True, append_images=frames[1:], transparency=0, duration=100)
    thumb = make_thumbnail(source, tmp_path / "html", "anim")
    assert (thumb.width, thumb.height) == (160, 120) and thumb.path_2x is not None
    result = opened(tmp_path / "html", thumb.path_1x)
    assert result.mode == "RGBA"
    assert result.getpixel((2, 2))[3] == 0
    r, g, b, a = result.getpixel((80, 60))
    assert r < 20 and g < 20 and b > 180 and a == 255, (r, g, b, a)  # the first frame's blue


def test_16_bit_grey_is_scaled_not_clipped(tmp_path):
    ramp = Image.new("I;16", (256, 16))
    ramp.putdata([x * 257 for _ in range(16) for x in range(256)])
    source = save(ramp, tmp_path / "depth.png")
    with Image.open(source) as check:
        assert check.mode.startswith("I")  # what the test is about
    result = opened(tmp_path / "html", make_thumbnail(source, tmp_path / "html", "d").path_1x)
    middle = result.convert("L").getpixel((80, 8))
    assert 100 < middle < 156, middle


def test_cmyk_jpeg_becomes_rgb(tmp_path):
    source = save(Image.new("CMYK", (400, 300), (255, 0, 0, 0)), tmp_path / "print.jpg")
    result = opened(tmp_path / "html", make_thumbnail(source, tmp_path / "html", "c").path_1x)
    r, g, b = result.convert("RGB").getpixel((80, 60))
    assert r < 40 and g > 215 and b > 215, (r, g, b)


def swapped_profile() -> bytes:
    """An RGB profile whose red primary is sRGB's blue and whose blue is sRGB's red.

    It is Pillow's sRGB profile with two entries of the tag table swapped: an image
    with it shows blue where its pixel values say red, as a browser would display it.
    """
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (count,) = struct.unpack(">I", profile[128:132])
    entries = {}
    for start in range(132, 132 + 12 * count, 12):
        signature, offset, size = struct.unpack(">4sII", profile[start : start + 12])
        entries[signature] = start, offset, size
    (red, *red_data), (blue, *blue_data) = entries[b"rXYZ"], entries[b"bXYZ"]
    profile[red : red + 12] = struct.pack(">4sII", b"rXYZ", *blue_data)
    profile[blue : blue + 12] = struct.pack(">4sII", b"bXYZ", *red_data)
    return bytes(profile)


@pytest.mark.parametrize(
    ("profile", "mode", "shown"),
    [
        (swapped_profile(), "RGB", (0, 0, 255)),
        (swapped_profile(), "RGBA", (0, 0, 255, 128)),
        (b"not a profile", "RGB", (255, 0, 0)),  # damaged: the pixels taken as sRGB
    ],
)
def test_icc_profiles_are_converted_to_srgb_and_not_kept(tmp_path, profile, mode, shown):
    source = save(
        Image.new(mode, (400, 300), (255, 0, 0, 128)), tmp_path / "p.png", icc_profile=profile
    )
    thumb = make_thumbnail(source, tmp_path / "html", "p")
    result = opened(tmp_path / "html", thumb.path_1x)
    assert "icc_profile" not in result.info
    pixel = result.getpixel((80, 60))
    assert all(abs(a - b) <= 4 for a, b in zip(pixel, shown, strict=True)), pixel


# Bad files


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("text.png", b"not an image at all"),
        ("empty.jpg", b""),
        ("drawing.bmp", None),  # a real image, of a format not accepted
        ("truncated.png", "truncate"),
    ],
)
def test_an_unreadable_file_is_an_error_naming_it(tmp_path, name, content):
    source = tmp_path / name
    if content is None:
        Image.new("RGB", (50, 50)).save(source, "BMP")
    elif content == "truncate":
        data = io.BytesIO()
        photo(300, 200).save(data, "PNG")
        source.write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    else:
        source.write_bytes(content)
    with pytest.raises(ThumbnailError, match=re.escape(name)):
        make_thumbnail(source, tmp_path / "html", "bad")
    assert not (tmp_path / "html" / "_images" / "pub" / "bad-160.webp").exists()


def test_a_missing_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(ThumbnailError, match=r"gone\.png"):
        make_thumbnail(tmp_path / "gone.png", tmp_path / "html", "gone")


def test_huge_but_simple_image(tmp_path):
    """6000x4000 pixels in 100 KB: decoded and scaled down, not refused."""
    huge = Image.new("L", (6000, 4000), 255)
    ImageDraw.Draw(huge).rectangle((0, 0, 2999, 3999), fill=0)
    source = save(huge, tmp_path / "poster.png", compress_level=1)
    assert source.stat().st_size < 500_000
    thumb = make_thumbnail(source, tmp_path / "html", "poster")
    assert (thumb.width, thumb.height) == (160, 107)
    result = opened(tmp_path / "html", thumb.path_1x).convert("L")
    assert result.getpixel((20, 50)) < 10 and result.getpixel((140, 50)) > 245
    assert thumb.bytes_1x < 1000


@pytest.mark.parametrize("size", [(9000, 8000), (20000, 20000)])
def test_too_many_pixels_are_refused_before_decoding(tmp_path, size):
    """A PNG whose header claims more pixels than MAX_PIXELS (72 MP), or than Pillow allows
    (400 MP: 1.6 GB decoded). It has no pixel data: decoding would fail differently."""
    data = io.BytesIO()
    Image.new("RGBA", (1, 1)).save(data, "PNG")
    png = bytearray(data.getvalue())
    header = struct.pack(">II", *size) + bytes(png[24:29])
    png[16:29] = header
    png[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    source = tmp_path / "bomb.png"
    source.write_bytes(bytes(png))
    with pytest.raises(ThumbnailError, match=r"bomb\.png.* pixels"):
        make_thumbnail(source, tmp_path / "html", "bomb")


# Deterministic and incremental


def test_same_input_gives_identical_bytes(large_photo, large_thumbnail, tmp_path):
    outdir, thumb = large_thumbnail
    again = make_thumbnail(large_photo, tmp_path, "huang2017densely")
    assert again == thumb
    for path in (thumb.path_1x, thumb.path_2x):
        assert (tmp_path / path).read_bytes() == (outdir / path).read_bytes()


def test_a_current_thumbnail_is_not_made_again(tmp_path):
    source = save(photo(400, 300), tmp_path / "p.png")
    outdir = tmp_path / "html"
    first = make_thumbnail(source, outdir, "p")
    files = [outdir / first.path_1x, outdir / first.path_2x, outdir / "_images/pub/p-160.json"]
    for file in files:
        os.utime(file, (OLD, OLD))
    assert make_thumbnail(source, outdir, "p") == first
    assert [file.stat().st_mtime for file in files] == [OLD] * 3

    # Other settings, a changed source or a damaged output: made again.
    make_thumbnail(source, outdir, "p", max_bytes=MAX_BYTES - 1)
    assert (outdir / first.path_1x).stat().st_mtime != OLD
    os.utime(outdir / first.path_1x, (OLD, OLD))
    make_thumbnail(source, outdir, "p")  # the settings as before
    assert (outdir / first.path_1x).stat().st_mtime != OLD
    os.utime(outdir / first.path_1x, (OLD, OLD))
    os.utime(source, (OLD + 1, OLD + 1))  # even an older source: it is another file
    make_thumbnail(source, outdir, "p")
    assert (outdir / first.path_1x).stat().st_mtime != OLD
    (outdir / first.path_2x).write_bytes(b"")
    assert make_thumbnail(source, outdir, "p") == first
    assert (outdir / first.path_2x).stat().st_size > 0


def test_a_smaller_source_removes_the_old_2x(tmp_path):
    source = save(photo(400, 300), tmp_path / "p.png")
    outdir = tmp_path / "html"
    first = make_thumbnail(source, outdir, "p")
    assert (outdir / first.path_2x).exists()
    save(photo(200, 150), source)
    second = make_thumbnail(source, outdir, "p")
    assert second.path_2x is None and not (outdir / first.path_2x).exists()


def test_names_are_url_safe_and_stable(tmp_path):
    source = save(photo(400, 300), tmp_path / "p.png")
    thumb = make_thumbnail(source, tmp_path, "DBLP:conf/cvpr/HuangLMW17")
    assert thumb.path_1x == "_images/pub/DBLP-conf-cvpr-HuangLMW17-160.webp"
    assert thumb.path_2x == "_images/pub/DBLP-conf-cvpr-HuangLMW17-160-2x.webp"
    other = make_thumbnail(source, tmp_path, "x", folder="_static/previews")
    assert other.path_1x == "_static/previews/x-160.webp"
    assert (tmp_path / other.path_1x).is_file()


# SVG: copied, with a size for the page


@pytest.mark.parametrize(
    ("attributes", "size"),
    [
        ('viewBox="0 0 320 180"', (160, 90)),
        ('width="100" height="50"', (100, 50)),
        ('width="400px" height="200px" viewBox="0 0 40 20"', (160, 80)),
        ('width="90" viewBox="0,0,30,60"', (90, 180)),
    ],
)
def test_svg_is_copied_with_its_size(tmp_path, attributes, size):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}><rect width="9" height="9"/></svg>'
    source = tmp_path / "fig.svg"
    source.write_text(svg)
    thumb = make_thumbnail(source, tmp_path / "html", "fig")
    assert (thumb.width, thumb.height) == size
    assert (thumb.path_1x, thumb.path_2x) == ("_images/pub/fig.svg", None)
    assert (tmp_path / "html" / thumb.path_1x).read_text() == svg


@pytest.mark.parametrize(
    ("svg", "error"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="100%"/>', "viewBox"),
        ("<svg", "not a readable SVG"),
        ("<html/>", "not an SVG"),
        ('<svg viewBox="0 0 9 9">' + "<g/>" * 5000 + "</svg>", "more than"),
    ],
)
def test_an_unusable_svg_is_an_error(tmp_path, svg, error):
    source = tmp_path / "fig.svg"
    source.write_text(svg)
    with pytest.raises(ThumbnailError, match=rf"fig\.svg.*{error}"):
        make_thumbnail(source, tmp_path / "html", "fig")


def test_svg_copy_is_incremental(tmp_path):
    source = tmp_path / "fig.svg"
    source.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"/>')
    thumb = make_thumbnail(source, tmp_path / "html", "fig")
    copy = tmp_path / "html" / thumb.path_1x
    inode = copy.stat().st_ino  # a copy replaces the file: another inode
    make_thumbnail(source, tmp_path / "html", "fig")
    assert copy.stat().st_ino == inode
    source.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"/>')
    assert make_thumbnail(source, tmp_path / "html", "fig").height == 80
    assert "0 0 4 2" in copy.read_text()


# Finding the preview


@pytest.fixture
def folders(tmp_path: Path) -> list[Path]:
    first, second = tmp_path / "assets/img/publication_preview", tmp_path / "previews"
    for folder in (first, second, first / "sub"):
        folder.mkdir(parents=True)
    for path in (second / "densenet.png", first / "sub" / "fig.jpg", tmp_path / "secret.png"):
        path.write_bytes(b"x")
    return [first, second]


def test_the_preview_field_is_looked_up_in_the_folders_in_order(folders):
    assert find_preview("k", "densenet.png", folders) == folders[1] / "densenet.png"
    (folders[0] / "densenet.png").write_bytes(b"x")
    assert find_preview("k", " densenet.png ", folders) == folders[0] / "densenet.png"
    assert find_preview("k", "sub/fig.jpg", folders) == folders[0] / "sub" / "fig.jpg"


def test_a_preview_field_naming_no_file_is_an_error(folders):
    with pytest.raises(ThumbnailError, match=r"'missing\.png' of 'k'"):
        find_preview("k", "missing.png", folders)


@pytest.mark.parametrize(
    "field",
    [
        "../secret.png",
        "sub/../../../secret.png",
        "/etc/passwd",
        "..\\secret.png",
        "C:/secret.png",
        "https://example.org/x.png",
        "..",
    ],
)
def test_preview_paths_never_leave_the_folders(folders, field):
    with pytest.raises(ThumbnailError, match="of 'k'"):
        find_preview("k", field, folders)


def test_symbolic_links_out_of_the_folder_are_refused(folders, tmp_path):
    (folders[0] / "escape.png").symlink_to(tmp_path / "secret.png")
    with pytest.raises(ThumbnailError, match="outside"):
        find_preview("k", "escape.png", folders)
    (folders[0] / "k.png").symlink_to(tmp_path / "secret.png")
    with pytest.raises(ThumbnailError, match="outside"):
        find_preview("k", None, folders)


def test_a_key_names_its_preview(folders):
    key = "DBLP:conf/cvpr/HuangLMW17"
    assert find_preview(key, None, folders) is None
    (folders[1] / "DBLP-conf-cvpr-HuangLMW17.jpeg").write_bytes(b"x")
    assert find_preview(key, None, folders) == folders[1] / "DBLP-conf-cvpr-HuangLMW17.jpeg"
    (folders[1] / "DBLP-conf-cvpr-HuangLMW17.png").write_bytes(b"x")
    assert find_preview(key, "", folders) == folders[1] / "DBLP-conf-cvpr-HuangLMW17.png"
    (folders[0] / "DBLP-conf-cvpr-HuangLMW17.GIF").write_bytes(b"x")
    assert find_preview(key, None, folders) == folders[0] / "DBLP-conf-cvpr-HuangLMW17.GIF"


def test_thumbnail_is_a_frozen_value():
    thumb = Thumbnail("a-160.webp", None, 160, 90, 1000, 80)
    with pytest.raises(AttributeError):
        thumb.width = 1  # type: ignore[misc]


def test_a_removed_paper_takes_its_thumbnails_with_it(project, tmp_path):
    """An incremental build leaves no thumbnail a clean build would not write."""
    entry = (
        "@article{{{key},\n  title = {{Paper {key}}},\n  author = {{Marie Curie}},\n"
        "  journal = {{Annals}},\n  year = {{1903}},\n}}\n"
    )
    image = io.BytesIO()
    photo(400, 300).save(image, "PNG")
    files = {
        "index.md": "# Marie Curie\n\n```{publication-list}\n```\n",
        "refs.bib": entry.format(key="curie1903radium") + entry.format(key="curie1904polonium"),
        "assets/img/publication_preview/curie1903radium.png": image.getvalue(),
        "assets/img/publication_preview/curie1904polonium.png": image.getvalue(),
    }
    owner = ("Marie Curie",)
    assert project(files, owner=owner).returncode == 0
    thumbnails = tmp_path / "html" / "_images" / "pub"
    assert any(name.startswith("curie1904polonium-") for name in os.listdir(thumbnails))

    files["refs.bib"] = entry.format(key="curie1903radium")
    result = project(files, owner=owner)
    assert result.returncode == 0, result.stderr
    names = os.listdir(thumbnails)
    assert not [name for name in names if name.startswith("curie1904polonium")]
    assert any(name.startswith("curie1903radium-") for name in names)
