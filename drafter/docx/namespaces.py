"""The XML namespaces of a .docx and the WordprocessingML names the reader looks for.

Names are Clark notation (`{namespace}local`), as lxml reports them, so a tag compares
with `==` and no prefix map is needed.
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def w_tag(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def w_attr(attr: str) -> str:
    return f"{{{W_NS}}}{attr}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = (
    w_tag("p"),
    w_tag("r"),
    w_tag("t"),
    w_tag("tbl"),
    w_tag("tr"),
    w_tag("tc"),
)
W_PPR, W_RPR, W_TBLPR, W_TRPR, W_TCPR = (
    w_tag("pPr"),
    w_tag("rPr"),
    w_tag("tblPr"),
    w_tag("trPr"),
    w_tag("tcPr"),
)
W_SDT, W_SDTCONTENT = w_tag("sdt"), w_tag("sdtContent")
W_VAL = w_attr("val")
MC_ALT = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
W_TXBX = w_tag("txbxContent")
RUN_CONTAINERS = {
    w_tag(t) for t in ("hyperlink", "ins", "smartTag", "customXml", "moveTo", "dir", "bdo")
}
BLOCK_CONTAINERS = {w_tag("customXml"), w_tag("ins"), w_tag("moveTo")}
