"""The theme part: the fonts and colours that styles and runs name indirectly.

A run may say `minorHAnsi` instead of a font, or `accent1` instead of a colour; Word
looks these up in theme1.xml (and the colour map of settings.xml), and so does this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from drafter.docx.namespaces import A_NS


@dataclass
class Theme:
    """Theme fonts (major/minor × latin/ea/cs) and colours (dk1, accent1 …)."""

    fonts: dict[str, str] = field(default_factory=dict)
    colors: dict[str, str] = field(default_factory=dict)
    color_map: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None) -> Theme:
        theme = cls()
        if root is None:
            return theme
        a = f"{{{A_NS}}}"
        for kind in ("major", "minor"):
            font = root.find(f".//{a}fontScheme/{a}{kind}Font")
            if font is None:
                continue
            for slot in ("latin", "ea", "cs"):
                el = font.find(f"{a}{slot}")
                if el is not None and el.get("typeface"):
                    theme.fonts[f"{kind}.{slot}"] = el.get("typeface", "")
        scheme = root.find(f".//{a}clrScheme")
        if scheme is not None:
            for child in scheme:
                if not isinstance(child.tag, str):
                    continue
                name = etree.QName(child).localname
                for sub in child:
                    val = sub.get("lastClr") or sub.get("val")
                    if val:
                        theme.colors[name] = val.upper()
        return theme

    def font(self, ref: str) -> str | None:
        """`minorHAnsi` → the theme's minor latin typeface."""
        kind = "major" if ref.startswith("major") else "minor"
        rest = ref[len(kind) :].lower()
        slot = {"ascii": "latin", "hansi": "latin", "eastasia": "ea", "bidi": "cs"}.get(rest)
        return self.fonts.get(f"{kind}.{slot}") if slot else None

    def color(self, name: str) -> str | None:
        mapped = {
            "text1": "t1",
            "text2": "t2",
            "background1": "bg1",
            "background2": "bg2",
        }.get(name)
        if mapped:
            name = self.color_map.get(mapped, {"t1": "dark1", "t2": "dark2"}.get(mapped, "light1"))
        short = {
            "dark1": "dk1",
            "light1": "lt1",
            "dark2": "dk2",
            "light2": "lt2",
            "hyperlink": "hlink",
            "followedHyperlink": "folHlink",
        }.get(name, name)
        return self.colors.get(short)
