#!/usr/bin/env python3
"""Checks that a screenshot is a PNG with something on it.

Usage: check-png.py PNG [MIN_NON_WHITE_FRACTION] [MIN_COLOURS]

Decodes the PNG (pure-Python pypng) and counts the pixels that are not (nearly) white and the
distinct colours. Fails when fewer than MIN_NON_WHITE_FRACTION of the pixels (default 0.01)
are non-white or there are fewer than MIN_COLOURS distinct colours (default 4): a blank or
single-colour page means the report did not render.

Prints "ok: ..." and exits 0, or prints the problem and exits 1.
Needs: pip install pypng
"""

import sys

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def main(argv):
    if len(argv) not in (2, 3, 4):
        print("usage: check-png.py PNG [MIN_NON_WHITE_FRACTION] [MIN_COLOURS]", file=sys.stderr)
        return 2
    path = argv[1]
    minimum_fraction = float(argv[2]) if len(argv) > 2 else 0.01
    minimum_colours = int(argv[3]) if len(argv) > 3 else 4
    try:
        import png
    except ImportError:
        print("missing Python package: png (pip install pypng)")
        return 1
    try:
        with open(path, "rb") as handle:
            if handle.read(8) != SIGNATURE:
                print(f"{path}: not a PNG file")
                return 1
        width, height, rows, _ = png.Reader(filename=path).asRGBA8()
    except (OSError, png.Error) as error:
        print(f"{path}: cannot be decoded: {error}")
        return 1
    colours = set()
    non_white = 0
    for row in rows:
        pixels = bytes(row)
        for start in range(0, len(pixels), 4):
            red, green, blue, alpha = pixels[start:start + 4]
            colours.add((red, green, blue, alpha))
            if alpha > 16 and min(red, green, blue) < 240:
                non_white += 1
    total = max(1, width * height)
    fraction = non_white / total
    summary = f"{width}x{height} pixels, {len(colours)} colours, {fraction:.2%} non-white"
    problems = []
    if fraction < minimum_fraction:
        problems.append(f"{path}: looks blank: {summary} (at least {minimum_fraction:.0%} non-white wanted)")
    if len(colours) < minimum_colours:
        problems.append(f"{path}: too few colours: {summary} (at least {minimum_colours} wanted)")
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"ok: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
