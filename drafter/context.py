"""build_context(letter): everything a letter of any kind prints, as plain values.

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
from drafter.model import Block, Letter
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
    """One printed body paragraph: its runs (the label, if any, is the first run).

    `kind` is the block type it comes from (`giay_moi` for a giấy mời's own lines);
    `centred` marks the Phần/Chương lines, the only body lines not justified.
    """

    kind: str
    runs: list[Run]
    centred: bool = False

    @property
    def text(self) -> str:
        return vntext.plain_text(self.runs)


@dataclass(frozen=True)
class Title:
    """The title block (ô 5a, kinds.md §2): tên loại, trích yếu lines, the rule under them.

    `subject` holds the trích yếu as typed (a line per `\n`); `lines` as printed, each
    wrapped by the renderer so that Word and LibreOffice print exactly these lines.
    """

    name: str
    subject: list[str]
    lines: list[str]
    rule: Rule


@dataclass(frozen=True)
class Decision:
    """What only a quyết định prints before its Điều (Mẫu 1.2)."""

    authority: str
    grounds: list[str]
    heading: str = "QUYẾT ĐỊNH:"


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
    kind: str = "cong_van"
    title: Title | None = None
    decision: Decision | None = None

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


def rule_under(lines: list[str], size: Length, ratio: float, column: Length) -> Rule:
    """A rule `ratio` × the widest of `lines` (bold at `size`), to the mm, centred in
    `column`; under a very short line, where the mm would leave 1/3–1/2 (C12, K3), the
    exact length instead."""
    widest = max((text_width(line, size, bold=True) for line in lines), default=Length(0))
    mm = round(ratio * widest.mm)
    accepted = DEFAULT.issuer_rule_ratios
    if widest and not accepted.low <= mm / widest.mm <= accepted.high:
        mm = ratio * widest.mm
    length = Length(int(mm * 36000))
    return Rule(length, Length(max(0, (column - length) // 2)))


def issuer_rule(lines: list[str], size: Length, layout: Layout = DEFAULT) -> Rule:
    """PL I, II.2: the rule under the issuer, 0.40 × its widest line, to the mm, centred.

    `lines` are the printed lines (header_lines decided them), so the ratio the page
    checks measure (C12) is the one computed here."""
    return rule_under(lines, size, layout.issuer_rule_ratio, layout.left_column)


def _labels(letter: Letter) -> list[str]:
    return vntext.block_labels([(b.type, b.level, b.number) for b in letter.noi_dung])


def _bold(runs: list[Run], *, upper: bool = False) -> list[Run]:
    return [Run(vntext.upper(r.text) if upper else r.text, True, r.italic) for r in runs]


def _parts(text: str) -> list[str]:
    """`\\n` in a body text: new paragraphs of the same format, without a new number."""
    return [part.strip() for part in text.split("\n") if part.strip()] or [text.strip()]


def block_paragraphs(block: Block, label: str) -> list[BodyParagraph]:
    """R7, kinds.md §1: the printed paragraphs of one body block."""
    kind = block.type
    if kind == "dieu":
        return _dieu_paragraphs(block, label)
    text = vntext.strip_bullet(block.text) if kind == "bullet" else block.text
    parts = _parts(text)
    out: list[BodyParagraph] = []
    for i, part in enumerate(parts):
        runs = vntext.parse_inline(part)
        centred = False
        if kind == "heading":
            level = block.level
            centred = level in vntext.HEADING_WORDS
            runs = _bold(runs, upper=level != "khoan")
            if centred and i == 0:  # `Phần I` on its own line, the title under it
                out.append(BodyParagraph(kind, [Run(label, bold=True)], centred=True))
                label = ""
        if i == len(parts) - 1 and kind == "task":
            runs = runs + vntext.deadline_runs(text, block.deadline)
        if i == 0 and label:
            runs = [Run(f"{label} ", bold=kind == "heading"), *runs]
        out.append(BodyParagraph(kind, runs, centred))
    return out


def _dieu_paragraphs(block: Block, label: str) -> list[BodyParagraph]:
    """kinds.md §1: `**Điều 1.** text`, or `**Điều 1. Title**` and the text below it."""
    title = " ".join(block.title.split())
    parts = _parts(block.text) if block.text.strip() else []
    if title:
        head = [Run(f"{label} {vntext.plain_text(vntext.parse_inline(title))}", bold=True)]
        rest = parts
    else:
        first = parts[0] if parts else ""
        head = [Run(label, bold=True), Run(" "), *vntext.parse_inline(first)]
        rest = parts[1:]
    paragraphs = [BodyParagraph("dieu", head)]
    paragraphs += [BodyParagraph("dieu", vntext.parse_inline(part)) for part in rest]
    return paragraphs


def invitation_paragraphs(letter: Letter) -> list[BodyParagraph]:
    """kinds.md §2 (giấy mời): kính mời, Tới dự, Chủ trì, Thời gian, Địa điểm."""
    lines = vntext.invitation_lines(letter.ben_moi, letter.kinh_moi)
    lines.append(f"Tới dự {vntext.clean_entry(one_line(letter.toi_du))}.")
    if letter.chu_tri.strip():
        lines.append(f"Chủ trì: {vntext.clean_entry(one_line(letter.chu_tri))}.")
    lines.append(f"Thời gian: {vntext.event_time(letter.thoi_gian, letter.thoi_gian_ket_thuc)}.")
    lines.append(f"Địa điểm: {vntext.clean_entry(one_line(letter.dia_diem))}.")
    return [BodyParagraph("giay_moi", [Run(line)]) for line in lines]


def body_paragraphs(letter: Letter) -> list[BodyParagraph]:
    """R7: every printed body paragraph (a giấy mời's own lines first), numbered, the
    last closed with `./.`."""
    paragraphs = invitation_paragraphs(letter) if letter.kind == "giay_moi" else []
    for block, label in zip(letter.noi_dung, _labels(letter), strict=True):
        paragraphs += block_paragraphs(block, label)
    last = paragraphs[-1]
    paragraphs[-1] = BodyParagraph(last.kind, vntext.close_body(last.runs), last.centred)
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
    rows = []
    for block, label in zip(letter.noi_dung, _labels(letter), strict=True):
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


def title_block(letter: Letter, layout: Layout = DEFAULT) -> Title | None:
    """ô 5a (kinds.md §2): the tên loại, the trích yếu wrapped on the text width, and a
    rule of 0.40 × its longest printed line, to the mm, centred on the text width."""
    name = letter.definition.info.get("ten_loai", "")
    if not name:
        return None
    subject = vntext.title_subject(letter.trich_yeu)
    size = layout.title_size
    wrapped = linebreak.break_text("\n".join(subject), layout.text_width, size, bold=True)
    lines = wrapped.split("\n")
    rule = rule_under(lines, size, layout.title_rule_ratio, layout.text_width)
    return Title(name, subject, lines, rule)


def decision(letter: Letter) -> Decision | None:
    """Mẫu 1.2: the issuing authority upper case, the căn cứ with `;` and the final `.`."""
    if letter.kind != "quyet_dinh":
        return None
    authority = " ".join(vntext.upper(one_line(letter.tham_quyen_ban_hanh)).split())
    return Decision(authority, vntext.grounds_lines([one_line(e) for e in letter.can_cu]))


# For estimate_pages: a letter no narrower than a third of an em on average (Vietnamese
# text in Times New Roman averages 0.42 em: drafter.metrics on the examples), lines no
# taller than the body size × 1.15 (the body's spacing is 1.15 lines of a font 1.15 em
# high, plus 6 pt after each paragraph).
_NARROW_EM = 1 / 3
_SHORT_LINE = 1.15


def estimate_pages(letter: Letter, layout: Layout = DEFAULT) -> int:
    """How many pages `letter` prints at least: cheap enough (no layout) to ask before
    LibreOffice is, for a letter of any size (layout.MAX_PRINT_PAGES).

    Every text the letter prints (its text and list fields, not its choices and dates)
    counts its lines at the body's size over the full text width, with narrower letters,
    taller pages and no gaps than it really has: a lower bound, some 0.6–0.7 of the real
    count for a long letter.
    """
    per_line = max(1, int(layout.text_width / (layout.body_size * _NARROW_EM)))
    page_height = layout.page_height - layout.margin_top - layout.margin_bottom
    per_page = max(1, int(page_height / (layout.body_size * _SHORT_LINE)))
    kind = letter.definition
    texts = {f.key for f in (*kind.walk(), *kind.block_fields()) if f.type in ("text", "list")}
    lines = sum(
        max(1, -(-len(part) // per_line))
        for text in _texts(letter.to_dict(), texts)
        for part in text.split("\n")
    )
    return max(1, -(-lines // per_page))


def _texts(value: object, keys: set[str]) -> list[str]:
    """The non-blank strings under `keys` in a letter dict, in lists and groups too."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, dict):
        return [
            text
            for key, inner in value.items()
            if key in keys or isinstance(inner, dict | list)
            for text in _texts(inner, keys)
        ]
    if isinstance(value, list | tuple):
        return [text for inner in value for text in _texts(inner, keys)]
    return []


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
    title = title_block(letter, layout)
    return Context(
        chu_quan=chu_quan,
        issuer=issuer,
        issuer_rule=issuer_rule(issuer.lines, issuer.size, layout),
        quoc_hieu=layout.quoc_hieu,
        tieu_ngu=layout.tieu_ngu,
        so_line=vntext.so_line(letter.so, letter.ky_hieu),
        date_line=date_line,
        date_size=date_size,
        vv_line="" if title else vv_text(letter.trich_yeu, layout),
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
        kind=letter.kind,
        title=title,
        decision=decision(letter),
    )


__all__ = [
    "BodyParagraph",
    "Context",
    "Decision",
    "Lines",
    "Rule",
    "Stamp",
    "Title",
    "build_context",
    "estimate_pages",
    "twips",
]
