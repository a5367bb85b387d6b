"""Reading a whole document: settings, sections, then the body and each header/footer.

`read_document(pkg)` is the entry point: it reads the theme, settings, styles and
numbering the main part relates to, the sections (page size, margins, which headers and
footers they show), walks the body and every header/footer part (drafter.docx.walker),
and lists each part's paragraphs in reading order, text boxes included.
"""

from __future__ import annotations

from lxml import etree

from drafter.docx.document import Container, Doc, Para, Section
from drafter.docx.namespaces import R_NS, W_P, W_PPR, W_VAL, w_attr, w_tag
from drafter.docx.package import Package
from drafter.docx.simpletypes import on_off, twips
from drafter.docx.styles import Numbering, Styles
from drafter.docx.theme import Theme
from drafter.docx.walker import Walker, WalkState

DEFAULT_TAB = 720


class _Reader:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        main = pkg.main
        rels = pkg.rels(main)
        by_type: dict[str, str] = {}
        for rtype, target in rels.values():
            by_type.setdefault(rtype, target)
        theme = Theme.parse(pkg.xml(by_type.get("theme")))
        settings = pkg.xml(by_type.get("settings"))
        self.even_odd = False
        self.default_tab = DEFAULT_TAB
        if settings is not None:
            self.even_odd = bool(on_off(settings.find(w_tag("evenAndOddHeaders"))))
            dts = settings.find(w_tag("defaultTabStop"))
            if dts is not None:
                self.default_tab = max(1, twips(dts.get(W_VAL)) or DEFAULT_TAB)
            csm = settings.find(w_tag("clrSchemeMapping"))
            if csm is not None:
                theme.color_map = {etree.QName(k).localname: v for k, v in csm.attrib.items()}
        self.styles = Styles(pkg.xml(by_type.get("styles")), theme)
        self.numbering = Numbering(lambda: pkg.xml(by_type.get("numbering")))
        self.rels = rels

    def section(self, sp: etree._Element, prev: Section | None) -> Section:
        pgsz, pgmar = sp.find(w_tag("pgSz")), sp.find(w_tag("pgMar"))

        def a(el: etree._Element | None, name: str) -> int | None:
            return twips(el.get(w_attr(name))) if el is not None else None

        headers = dict(prev.headers) if prev else {}
        footers = dict(prev.footers) if prev else {}
        for ref in sp.findall(w_tag("headerReference")):
            rid = ref.get(f"{{{R_NS}}}id")
            if rid in self.rels:
                headers[ref.get(w_attr("type"), "default")] = self.rels[rid][1]
        for ref in sp.findall(w_tag("footerReference")):
            rid = ref.get(f"{{{R_NS}}}id")
            if rid in self.rels:
                footers[ref.get(w_attr("type"), "default")] = self.rels[rid][1]
        return Section(
            width=a(pgsz, "w"),
            height=a(pgsz, "h"),
            orient=(pgsz.get(w_attr("orient"), "portrait") if pgsz is not None else "portrait"),
            top=a(pgmar, "top"),
            bottom=a(pgmar, "bottom"),
            left=a(pgmar, "left"),
            right=a(pgmar, "right"),
            header=a(pgmar, "header"),
            footer=a(pgmar, "footer"),
            title_pg=bool(on_off(sp.find(w_tag("titlePg")))),
            headers=headers,
            footers=footers,
        )

    def read(self) -> Doc:
        root = self.pkg.xml(self.pkg.main, required=True)
        assert root is not None
        body_el = root.find(w_tag("body"))
        sect_els: list[etree._Element] = []
        if body_el is not None:
            for p in body_el.iterfind(f"{W_P}/{W_PPR}/{w_tag('sectPr')}"):
                sect_els.append(p)
            final = body_el.find(w_tag("sectPr"))
            if final is not None:
                sect_els.append(final)
        sections: list[Section] = []
        for sp in sect_els:
            sections.append(self.section(sp, sections[-1] if sections else None))
        if not sections:
            sections.append(
                Section(None, None, "portrait", None, None, None, None, None, None, False, {}, {})
            )
        text_width = sections[0].text_width
        state = WalkState(self.styles, self.numbering, text_width)
        body = Container("body", "thân văn bản")
        if body_el is not None:
            Walker(state, "body").blocks(body_el, (0, text_width), None, body, "thân văn bản")
        parts: dict[str, Container] = {}
        names = {
            ("header", "first"): "đầu trang (trang đầu)",
            ("header", "default"): "đầu trang",
            ("header", "even"): "đầu trang (trang chẵn)",
            ("footer", "first"): "chân trang (trang đầu)",
            ("footer", "default"): "chân trang",
            ("footer", "even"): "chân trang (trang chẵn)",
        }
        for sec in sections:
            for kind, refs in (("header", sec.headers), ("footer", sec.footers)):
                for typ, name in refs.items():
                    if name in parts:
                        continue
                    proot = self.pkg.xml(name)
                    label = names.get((kind, typ), kind)
                    cont = Container(kind, label)
                    if proot is not None:
                        Walker(state, name).blocks(proot, (0, text_width), None, cont, label)
                    parts[name] = cont
        paras: list[Para] = []
        self._collect(body, paras)
        part_paras: dict[str, list[Para]] = {}
        for name, cont in parts.items():
            part_paras[name] = []
            self._collect(cont, part_paras[name])
        legacy_fonts = sorted(state.legacy_fonts)
        return Doc(sections, body, parts, self.even_odd, paras, part_paras, legacy_fonts)

    def _collect(self, cont: Container, out: list[Para], depth: int = 0) -> None:
        if depth > 60:
            return
        for block in cont.blocks:
            if isinstance(block, Para):
                out.append(block)
                for tb in block.textboxes:
                    self._collect(tb, out, depth + 1)
            else:
                for row in block.rows:
                    for cell in row.cells:
                        self._collect(cell, out, depth + 1)


def read_document(pkg: Package) -> Doc:
    """The document with effective formatting resolved (see the module docstring)."""
    return _Reader(pkg).read()
