"""Regenerate drafter/data/serif_widths.json from Debian's Liberation Serif 2 fonts.

Liberation Serif is metric-compatible with Times New Roman: every glyph has the same
advance width. drafter needs those widths to size rules and pick font sizes without
shipping or loading a font at run time, so we keep only the advance widths, per face.

Usage: python tools/make_metrics.py [FONT_DIR]   (needs fonttools and fonts-liberation2)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
OUT = Path(__file__).resolve().parent.parent / "drafter" / "data" / "serif_widths.json"


def main() -> None:
    font_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2")
    data: dict[str, object] = {}
    for face, filename in FACES.items():
        font = TTFont(font_dir / filename)
        data["units_per_em"] = font["head"].unitsPerEm
        hmtx = font["hmtx"]
        cmap = font.getBestCmap()
        data[face] = {str(cp): hmtx[name][0] for cp, name in sorted(cmap.items())}
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
