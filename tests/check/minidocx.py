"""A .docx from raw XML snippets: exact control over styles, themes and numbering in tests."""

from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)
SECT = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" '
    'w:footer="567" w:gutter="0"/></w:sectPr>'
)


def theme_xml(minor: str = "Calibri", major: str = "Cambria") -> str:
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    return (
        f'<a:theme xmlns:a="{a}" name="T"><a:themeElements>'
        '<a:clrScheme name="c"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
        '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
        '<a:accent1><a:srgbClr val="4F81BD"/></a:accent1></a:clrScheme>'
        f'<a:fontScheme name="f"><a:majorFont><a:latin typeface="{major}"/><a:ea typeface=""/>'
        f'<a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="{minor}"/>'
        '<a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>'
        "</a:themeElements></a:theme>"
    )


def make_docx(
    body: str,
    styles: str = "",
    *,
    doc_rpr: str = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/>',
    doc_ppr: str = "",
    numbering: str | None = None,
    theme: str | None = None,
    sect: str = SECT,
    extra_parts: dict[str, str] | None = None,
    extra_rels: str = "",
) -> bytes:
    """A package whose document body is `body` (w:p / w:tbl XML), with the given styles."""
    rels = [
        '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/>'
    ]
    parts = {
        "word/document.xml": f"<w:document {NSDECL}><w:body>{body}{sect}</w:body></w:document>",
        "word/styles.xml": (
            f'<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>{doc_rpr}</w:rPr>'
            f"</w:rPrDefault><w:pPrDefault><w:pPr>{doc_ppr}</w:pPr></w:pPrDefault></w:docDefaults>"
            f"{styles}</w:styles>"
        ),
    }
    if numbering is not None:
        parts["word/numbering.xml"] = f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>'
        rels.append(
            '<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/numbering" Target="numbering.xml"/>'
        )
    if theme is not None:
        parts["word/theme/theme1.xml"] = theme
        rels.append(
            '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/theme" Target="theme/theme1.xml"/>'
        )
    parts.update(extra_parts or {})
    rels.append(extra_rels)
    parts["word/_rels/document.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    )
    parts["_rels/.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def p(text: str, ppr: str = "", rpr: str = "") -> str:
    """A paragraph with one run."""
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
