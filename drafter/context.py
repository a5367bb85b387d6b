"""build_context(letter): everything a công văn prints, as plain values.

All wording and sizing rules are applied here, in Python (vntext, layout, metrics), so
the .docx template, the web preview and the tests read the same finished lines; the
template only places and formats them. Nothing here knows about docx or Jinja.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.shared import Length

from drafter import linebreak, vntext
from drafter.layout import DEFAULT, Layout, twips
from drafter.metrics import largest_fitting_size, text_width
from drafter.model import Letter
from drafter.vntext import Run


@dataclass(frozen=True)
class Lines:
    """Lines printed in one size (half-points are what Word stores)."""

    lines: list[str]
    size: Length

    @property
    def half_points(self) -> int:
        return round(self.size.pt * 2)


@dataclass(frozen=True)
class Rule:
    """A drawn rule: its length and the side indents that centre it in its column."""

    length: Length
    indent: Length


@dataclass(frozen=True)
class BodyParagraph:
    """One printed body paragraph: its runs (the label, if any, is the first run)."""

    kind: str
    runs: list[Run]

    @property
    def text(self) -> str:
        return vntext.plain_text(self.runs)


@dataclass(frozen=True)
class Stamp:
    """An urgency or secrecy box."""

    text: str
    width: Length
    height: Length


@dataclass(frozen=True)
class Context:
    """What the template prints, in reading order."""

    chu_quan: Lines
    issuer: Lines
    issuer_rule: Rule
    quoc_hieu: str
    tieu_ngu: str
    so_line: str
    date_line: str
    date_size: Length
    vv_line: str
    stamps: list[Stamp]
    kinh_gui: list[str]
    body: list[BodyParagraph]
    noi_nhan: list[str]
    signature_titles: list[str]
    signature_name: str
    dia_chi: list[str]
    tasks: list[dict[str, str]] = field(default_factory=list)

    @property
    def kinh_gui_single(self) -> bool:
        return len(self.kinh_gui) == 1

    @property
    def vv_lines(self) -> list[str]:
        """The V/v as printed, line by line (L8): what a preview shows on each line."""
        return self.vv_line.split("\n")


def one_line(text: str) -> str:
    """A single-line field: a pasted line break becomes a space."""
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def header_lines(text: str, column: Length, sizes: list[Length], *, bold: bool) -> Lines:
    """The printed lines of an agency name and their size: upper case (R2), the typed
    lines kept, broken by drafter.linebreak (L1–L9) where a line would not fit its
    column, so Word and LibreOffice print exactly these lines."""
    layout = linebreak.break_name(vntext.issuer_lines(text), column, sizes, bold=bold)
    return Lines(layout.lines, layout.size)


def vv_text(trich_yeu: str, layout: Layout = DEFAULT) -> str:
    """R5 and L8: the V/v line, with `\\n` at the breaks the renderer decided."""
    return linebreak.break_vv(vntext.vv_line(trich_yeu), layout.left_column, layout.vv_size)


def issuer_rule(lines: list[str], size: Length, layout: Layout = DEFAULT) -> Rule:
    """PL I, II.2: the rule under the issuer, 0.40 × its widest line, to the mm, centred.

    `lines` are the printed lines (header_lines decided them), so the ratio the page
    checks measure (C12) is the one computed here."""
    widest = max((text_width(line, size, bold=True) for line in lines), default=Length(0))
    mm = round(layout.issuer_rule_ratio * widest.mm)
    length = Length(int(mm * 36000))
    indent = Length(max(0, (layout.left_column - length) // 2))
    return Rule(length, indent)


def body_paragraphs(letter: Letter) -> list[BodyParagraph]:
    """R7: numbered tasks, dashed bullets, deadlines appended, `\\n` as new paragraphs."""
    labels = vntext.task_labels([(b.type, b.number) for b in letter.noi_dung])
    paragraphs: list[BodyParagraph] = []
    for block, label in zip(letter.noi_dung, labels, strict=True):
        text = vntext.strip_bullet(block.text) if block.type == "bullet" else block.text
        parts = [part for part in text.split("\n") if part.strip()] or [text]
        for i, part in enumerate(parts):
            runs = vntext.parse_inline(part.strip())
            if i == len(parts) - 1 and block.type == "task":
                runs = runs + vntext.deadline_runs(text, block.deadline)
            if i == 0 and label:
                runs = [Run(f"{label} "), *runs]
            paragraphs.append(BodyParagraph(block.type, runs))
    last = paragraphs[-1]
    paragraphs[-1] = BodyParagraph(last.kind, vntext.close_body(last.runs))
    return paragraphs


def stamps(letter: Letter, layout: Layout = DEFAULT) -> list[Stamp]:
    """III.2: the secrecy mark (ô 10a) above the urgency mark (ô 10b)."""
    out = []
    for key in (letter.do_mat, letter.muc_do_khan):
        box = layout.stamp(key) if key else None
        if box is not None:
            out.append(Stamp(box.text, box.width, box.height))
    return out


def task_rows(letter: Letter) -> list[dict[str, str]]:
    """The tasks as data (text, đơn vị chủ trì, hạn) for the task-list export."""
    labels = vntext.task_labels([(b.type, b.number) for b in letter.noi_dung])
    rows = []
    for block, label in zip(letter.noi_dung, labels, strict=True):
        if block.type == "task":
            rows.append(
                {
                    "number": label,
                    "text": vntext.plain_text(vntext.parse_inline(block.text)),
                    "assignee": block.assignee,
                    "deadline": block.deadline.isoformat() if block.deadline else "",
                }
            )
    return rows


def build_context(letter: Letter, *, year: int | None = None, layout: Layout = DEFAULT) -> Context:
    """Every printed line of `letter`; `year` fills an undated draft (default: this year)."""
    header_sizes = [layout.issuer_size, layout.header_min_size]
    chu_quan = header_lines(letter.co_quan_chu_quan, layout.left_column, header_sizes, bold=False)
    issuer = header_lines(letter.co_quan_ban_hanh, layout.left_column, header_sizes, bold=True)
    date_line = vntext.date_line(one_line(letter.dia_danh), letter.ngay, year)
    date_size = largest_fitting_size(
        [date_line], [layout.date_size, layout.date_min_size], layout.right_column, italic=True
    )
    titles = vntext.signature_lines(
        [one_line(t) for t in letter.ky.tham_quyen], one_line(letter.ky.chuc_vu)
    )
    return Context(
        chu_quan=chu_quan,
        issuer=issuer,
        issuer_rule=issuer_rule(issuer.lines, issuer.size, layout),
        quoc_hieu=layout.quoc_hieu,
        tieu_ngu=layout.tieu_ngu,
        so_line=vntext.so_line(letter.so, letter.ky_hieu),
        date_line=date_line,
        date_size=date_size,
        vv_line=vv_text(letter.trich_yeu, layout),
        stamps=stamps(letter, layout),
        kinh_gui=vntext.kinh_gui_lines([one_line(e) for e in letter.kinh_gui]),
        body=body_paragraphs(letter),
        noi_nhan=vntext.noi_nhan_lines(
            [one_line(e) for e in letter.noi_nhan],
            one_line(letter.luu),
            one_line(letter.ky_hieu_nguoi_soan),
        ),
        signature_titles=titles,
        signature_name=vntext.name_case(one_line(letter.ky.ho_ten)),
        dia_chi=[line.strip() for line in letter.dia_chi.split("\n") if line.strip()],
        tasks=task_rows(letter),
    )


__all__ = ["BodyParagraph", "Context", "Lines", "Rule", "Stamp", "build_context", "twips"]
