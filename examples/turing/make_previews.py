"""Draw the example site's preview images: ``python make_previews.py`` (Pillow only).

They are illustrations made for this example, not figures from Turing's papers:

* ``turing1936computable.png``: a machine's tape of 0s and 1s and its head;
* ``turing1948rounding.png``: a matrix split into its triangular factors;
* ``turing1950computing.png``: the imitation game, an interrogator behind a wall
  from a machine and a person;
* ``turing1952chemical.png``: spots from a Gray-Scott reaction-diffusion model,
  computed here in pure Python (under a minute).

The images are drawn the same way on every run (a seeded random generator); the site
turns them into small WebP thumbnails when it is built.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent / "_static" / "previews"
WIDTH, HEIGHT = 960, 600
PAPER = (247, 244, 236)
INK = (38, 50, 72)
ACCENT = (176, 58, 46)
SOFT = (120, 144, 178)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def centred_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    text: str,
    size: int,
    fill: tuple[int, int, int] = INK,
) -> None:
    draw.text(xy, text, fill=fill, font=font(size), anchor="mm")


def tape() -> Image.Image:
    """A Turing machine: a tape of cells with symbols, the head over one of them."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    cell, top = 96, 300
    symbols = ["", "1", "0", "1", "1", "0", "1", "", ""]
    left = (WIDTH - cell * len(symbols)) // 2
    draw.line((0, top, WIDTH, top), fill=INK, width=5)
    draw.line((0, top + cell, WIDTH, top + cell), fill=INK, width=5)
    for index in range(-1, len(symbols) + 1):
        x = left + index * cell
        draw.line((x, top, x, top + cell), fill=INK, width=5)
    for index, symbol in enumerate(symbols):
        if symbol:
            centred_text(draw, (left + index * cell + cell / 2, top + cell / 2), symbol, 60)
    # The head: a box with the machine's state, pointing at the fourth cell.
    head = left + 3 * cell + cell / 2
    draw.rounded_rectangle((head - 80, 80, head + 80, 200), radius=18, fill=ACCENT)
    draw.polygon([(head - 34, 200), (head + 34, 200), (head, 262)], fill=ACCENT)
    centred_text(draw, (head, 140), "q1", 64, fill=PAPER)
    # The tape goes on: dots at both ends.
    for x in (22, WIDTH - 22):
        for dx in (-12, 0, 12):
            draw.ellipse((x + dx - 5, top + cell / 2 - 5, x + dx + 5, top + cell / 2 + 5), fill=INK)
    # Which way the head may move.
    for direction in (-1, 1):
        x0 = head + direction * 60
        x1 = head + direction * 190
        y = 480
        draw.line((x0, y, x1, y), fill=SOFT, width=8)
        draw.polygon([(x1 + direction * 24, y), (x1, y - 18), (x1, y + 18)], fill=SOFT)
    return image


def matrix() -> Image.Image:
    """A square matrix as the product of a lower and an upper triangular one."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    n, cell, top = 6, 40, 180
    lower, upper, full = (ACCENT, (226, 170, 160)), (SOFT, (196, 210, 228)), (INK, (200, 200, 196))

    def grid(x0: int, shade) -> None:
        for row in range(n):
            for col in range(n):
                colour = shade(row, col)
                if colour is None:
                    continue
                x, y = x0 + col * cell, top + row * cell
                draw.rectangle((x + 3, y + 3, x + cell - 3, y + cell - 3), fill=colour)
        right = x0 + n * cell
        for x, sign in ((x0 - 10, 1), (right + 10, -1)):
            draw.line((x, top - 6, x, top + n * cell + 6), fill=INK, width=4)
            for y in (top - 6, top + n * cell + 6):
                draw.line((x, y, x + sign * 14, y), fill=INK, width=4)

    at_a, at_l, at_u = 60, 380, 660  # left edges of A, L and U (each n * cell wide)
    grid(at_a, lambda r, c: full[1] if r != c else full[0])
    centred_text(draw, ((at_a + n * cell + at_l) / 2, top + n * cell / 2), "=", 72)
    grid(at_l, lambda r, c: lower[0] if r == c else lower[1] if r > c else None)
    grid(at_u, lambda r, c: upper[0] if r == c else upper[1] if r < c else None)
    for x, label in ((at_a, "A"), (at_l, "L"), (at_u, "U")):
        centred_text(draw, (x + n * cell / 2, 490), label, 56)
    return image


def person(draw: ImageDraw.ImageDraw, x: float, y: float, colour: tuple[int, int, int]) -> None:
    draw.ellipse((x - 38, y - 150, x + 38, y - 74), fill=colour)
    draw.pieslice((x - 80, y - 60, x + 80, y + 100), 180, 360, fill=colour)


def imitation_game() -> Image.Image:
    """The imitation game: the interrogator C talks through a wall to A (a machine) and B."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    wall = 430
    draw.rectangle((wall, 60, wall + 28, 540), fill=(170, 160, 140))
    person(draw, 200, 360, INK)
    centred_text(draw, (200, 470), "C", 56)
    # A: a machine with a screen.
    draw.rounded_rectangle((620, 170, 800, 290), radius=12, fill=SOFT)
    draw.rectangle((640, 190, 780, 270), fill=PAPER)
    for i, width in enumerate((110, 80, 96)):
        draw.line((652, 208 + i * 22, 652 + width, 208 + i * 22), fill=SOFT, width=6)
    draw.rectangle((690, 290, 730, 318), fill=SOFT)
    draw.rectangle((650, 318, 770, 330), fill=SOFT)
    centred_text(draw, (870, 240), "A", 56)
    person(draw, 710, 520, ACCENT)
    centred_text(draw, (870, 470), "B", 56)
    # Typed questions and answers pass the wall.
    for y, x1 in ((250, 600), (440, 610)):
        for x in range(290, x1, 34):
            if not wall - 10 < x < wall + 34:
                draw.line((x, y, x + 16, y), fill=INK, width=6)
    return image


def gray_scott(width: int, height: int, steps: int, seed: int = 1952) -> list[float]:
    """The v concentration of a Gray-Scott model (feed 0.0367, kill 0.0649): spots."""
    feed, kill, du, dv = 0.0367, 0.0649, 0.16, 0.08
    rng = random.Random(seed)
    size = width * height
    u, v = [1.0] * size, [0.0] * size
    for _ in range(size // 60):  # small seeds of v scattered over the field
        cx, cy = rng.randrange(width), rng.randrange(height)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                i = (cy + dy) % height * width + (cx + dx) % width
                u[i], v[i] = 0.5, 0.25 + 0.1 * rng.random()
    cells = [
        (
            i,
            (i // width + 1) % height * width + i % width,
            (i // width - 1) % height * width + i % width,
            i // width * width + (i % width + 1) % width,
            i // width * width + (i % width - 1) % width,
        )
        for i in range(size)
    ]
    for _ in range(steps):
        nu, nv = u[:], v[:]
        for i, a, b, c, d in cells:
            ui, vi = u[i], v[i]
            uvv = ui * vi * vi
            nu[i] = ui + du * (u[a] + u[b] + u[c] + u[d] - 4 * ui) - uvv + feed * (1 - ui)
            nv[i] = vi + dv * (v[a] + v[b] + v[c] + v[d] - 4 * vi) + uvv - (feed + kill) * vi
        u, v = nu, nv
    return v


def spots() -> Image.Image:
    """Reaction-diffusion spots, scaled up smoothly and coloured from paper to ink."""
    width, height = 96, 60
    v = gray_scott(width, height, 2500)
    top = max(v) or 1.0
    field = Image.new("L", (width, height))
    field.putdata([round(255 * x / top) for x in v])
    field = field.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    # Crisp edges: concentrations below a third are paper, above two thirds ink.
    field = field.point(lambda x: max(0, min(255, (x - 85) * 3)))
    light, dark = Image.new("RGB", field.size, PAPER), Image.new("RGB", field.size, ACCENT)
    return Image.composite(dark, light, field)


def save(image: Image.Image, key: str) -> None:
    # A palette of 64 colours: the pictures have few, and the files stay small.
    path = OUT / f"{key}.png"
    image.quantize(64, dither=Image.Dither.NONE).save(path, optimize=True)
    print(f"_static/previews/{path.name}: {path.stat().st_size / 1024:.0f} KiB")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    save(tape(), "turing1936computable")
    save(matrix(), "turing1948rounding")
    save(imitation_game(), "turing1950computing")
    save(spots(), "turing1952chemical")


if __name__ == "__main__":
    main()
