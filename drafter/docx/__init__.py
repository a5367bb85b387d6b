"""Reading any .docx, ours or a user's, as Word would lay it out (used by drafter.check).

The modules, from the bytes up:

    package.py      open_package: the zip read safely (size caps, no DTD, no entities),
                    NotADocxError saying in Vietnamese why a file is refused
    namespaces.py   the XML namespaces and WordprocessingML tag names
    simpletypes.py  on/off, measures, twips, EMUs, read leniently
    theme.py        theme fonts and colours
    properties.py   rPr/pPr/tblPr parsed; effective run and paragraph formatting
    styles.py       docDefaults, styles and their basedOn chains, table styles, numbering
    document.py     the model: Doc, Container, Para, Line, Seg, Table, Row, Cell, Section
    walker.py       one part's XML into that model, with positions in twips
    reader.py       read_document: the whole document (body, headers, footers)

Every formatting property is resolved the way Word does it: docDefaults → table style
(with its conditional parts) → numbering level → paragraph style (`basedOn` chain) →
character style (chain) → direct formatting, the toggle properties (bold, italic,
caps …) XOR-ed across style levels, theme fonts and colours looked up in the theme.
Positions come from section margins, table grids, cell margins and indents, in twips
from the left edge of the text area, so the checker can approximate geometry without
a layout engine.
"""
