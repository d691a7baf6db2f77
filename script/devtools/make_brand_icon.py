"""Draw micboard's brand icon (an original design: a mic beside battery bars).

Run with any Python that has Pillow:
    python script/devtools/make_brand_icon.py custom_components/micboard/brand/icon.png
"""

from __future__ import annotations

import sys

from PIL import Image, ImageDraw

SIZE = 256
SCALE = 4  # draw large, then downsample for smooth edges
BACKGROUND = (24, 32, 48, 255)
MIC = (236, 240, 245, 255)
GRILLE = (150, 160, 175, 255)
BAR_COLOURS = [
    (220, 60, 50),
    (220, 60, 50),
    (240, 170, 30),
    (60, 190, 90),
    (60, 190, 90),
]


def draw(path: str) -> None:
    """Write the icon to path as a 256x256 RGBA PNG."""
    s = SCALE
    image = Image.new("RGBA", (SIZE * s, SIZE * s), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle(
        (0, 0, SIZE * s - 1, SIZE * s - 1), radius=48 * s, fill=BACKGROUND
    )
    # Handheld microphone: ball grille, then a tapered handle.
    pen.ellipse((40 * s, 34 * s, 124 * s, 118 * s), fill=MIC)
    for offset in range(-30, 31, 12):
        pen.line(
            ((52 * s, (76 + offset) * s), (112 * s, (76 + offset) * s)),
            fill=GRILLE,
            width=3 * s,
        )
    pen.polygon(
        [(58 * s, 112 * s), (106 * s, 112 * s), (94 * s, 222 * s), (70 * s, 222 * s)],
        fill=MIC,
    )
    pen.rectangle((66 * s, 128 * s, 98 * s, 136 * s), fill=GRILLE)
    # Five battery segments, Micboard colours, rising left to right.
    for index, colour in enumerate(BAR_COLOURS):
        left = (146 + index * 20) * s
        top = (190 - index * 26) * s
        pen.rounded_rectangle(
            (left, top, left + 14 * s, 222 * s), radius=4 * s, fill=colour
        )
    image.resize((SIZE, SIZE), Image.Resampling.LANCZOS).save(path)


if __name__ == "__main__":
    draw(sys.argv[1])
