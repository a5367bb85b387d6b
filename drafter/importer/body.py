"""The body of an imported letter: paragraphs back into blocks, formatting into marks.

Each body paragraph becomes one block of the letter format (docs/spec/input-format.md):

- a paragraph numbered by Word (a numbering label) or by hand (`1. `, `2.1. `, `1) `) is a
  `task`; its number is dropped when it is the one drafter would give it anyway (R7),
  else kept as the explicit `number`; `a) ` is a `diem`, `I. ` with bold text a `mục`
  heading;
- a paragraph starting with a dash (`- `, `– `, `+ `, `• `) or with a bullet label is a
  `bullet`, its dash dropped;
- anything else is a `paragraph`.

Bold and italic runs become `**…**` and `*…*` (spaces kept outside the marks), a literal
asterisk `\\*`; a task's ` (hoàn thành trước ngày dd/mm/yyyy)` that drafter appended
becomes its `deadline`. Manual line breaks inside a paragraph become `\\n` (a new
paragraph of the same block, as the format reads it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from drafter import vntext
from drafter.docx.document import Para, Seg

__all__ = ["BodyBlock", "Run", "markup", "read_blocks"]

BULLET_MARKS = "-–—+•·▪●○◦*"
_TYPED_BULLET = re.compile(rf"^[{re.escape(BULLET_MARKS)}]\s+")
_TYPED_TASK = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*\.|\d{1,3}\))\s+(?=\S)")
_TYPED_DIEM = re.compile(rf"^([{vntext.DIEM_LETTERS}]\))\s+(?=\S)")
_TYPED_MUC = re.compile(r"^([IVXLC]{1,6}\.)\s+(?=\S)")
_LABEL_TASK = re.compile(r"^\d{1,3}(?:\.\d{1,3})*[.)]?$")
_LABEL_DIEM = re.compile(rf"^[{vntext.DIEM_LETTERS}][.)]$")
_LABEL_MUC = re.compile(r"^[IVXLC]{1,6}\.$")
_DEADLINE = re.compile(
    r"\s\(\*\*hoàn thành trước ngày (?P<d>\d{2})/(?P<m>\d{2})/(?P<y>\d{4})\*\*\)(?P<close>\./\.)?$"
)


@dataclass(frozen=True)
class Run:
    """Text with one formatting, as the page shows it."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class BodyBlock:
    """A recovered block: its type, text (with marks) and the fields it has."""

    type: str
    text: str
    number: str = ""
    level: str = ""
    deadline: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.type == "heading":
            out["level"] = self.level
        out["text"] = self.text
        if self.number:
            out["number"] = self.number
        if self.deadline is not None:
            out["deadline"] = self.deadline.isoformat()
        out.update(self.extra)
        return out


def _escape(text: str) -> str:
    return text.replace("*", "\\*")


def markup(runs: list[Run]) -> str:
    """Runs as the letter format's text: `**bold**`, `*italic*`, `\\*` (spaces outside the
    marks; bold italic is written bold, the format having no mark for both)."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        bold, italic = run.bold, run.italic and not run.bold
        if not run.text.strip():
            bold = italic = False
        if merged and (merged[-1].bold, merged[-1].italic) == (bold, italic):
            merged[-1] = Run(merged[-1].text + run.text, bold, italic)
        else:
            merged.append(Run(run.text, bold, italic))
    out = []
    for run in merged:
        if not (run.bold or run.italic):
            out.append(_escape(run.text))
            continue
        core = run.text.strip()
        lead = run.text[: len(run.text) - len(run.text.lstrip())]
        trail = run.text[len(run.text.rstrip()) :]
        mark = "**" if run.bold else "*"
        out.append(f"{lead}{mark}{_escape(core)}{mark}{trail}")
    return "".join(out)


def _drop(runs: list[Run], n: int) -> list[Run]:
    """The runs without their first `n` characters."""
    out: list[Run] = []
    for run in runs:
        if n >= len(run.text):
            n -= len(run.text)
            continue
        out.append(Run(run.text[n:], run.bold, run.italic) if n else run)
        n = 0
    return out


def _lines_of(para: Para) -> tuple[str, list[list[Run]]]:
    """A paragraph's numbering label, and its text as runs, line by line (manual breaks)."""
    label = "".join(s.text for s in para.segs if s.label).strip()
    lines: list[list[Run]] = [[]]
    for seg in para.segs:
        if seg.label or (seg.fmt.vert != "baseline" and not seg.text.strip()):
            continue
        parts = seg.text.replace("\t", " ").split("\n")
        for i, part in enumerate(parts):
            if i:
                lines.append([])
            if part:
                lines[-1].append(_run(seg, part))
    # trim each line's outer spaces
    trimmed: list[list[Run]] = []
    for runs in lines:
        text = "".join(r.text for r in runs)
        lead = len(text) - len(text.lstrip())
        runs = _drop(runs, lead)
        text = "".join(r.text for r in runs)
        tail = len(text) - len(text.rstrip())
        if tail:
            runs = _rdrop(runs, tail)
        if runs:
            trimmed.append(runs)
    return label, trimmed


def _rdrop(runs: list[Run], n: int) -> list[Run]:
    out = list(runs)
    while n and out:
        last = out.pop()
        if n >= len(last.text):
            n -= len(last.text)
            continue
        out.append(Run(last.text[:-n], last.bold, last.italic))
        n = 0
    return out


def _run(seg: Seg, text: str) -> Run:
    return Run(text, seg.fmt.bold, seg.fmt.italic)


@dataclass
class _Candidate:
    type: str
    typed_number: str  # the number as printed (`1.`), to compare with the automatic one
    runs: list[list[Run]]
    level: str = ""


def _classify(label: str, lines: list[list[Run]]) -> _Candidate:
    first = "".join(r.text for r in lines[0])
    all_bold = all(r.bold for line in lines for r in line if r.text.strip())
    if label:
        if _LABEL_TASK.match(label):
            number = label if label.endswith((".", ")")) else f"{label}."
            return _Candidate("task", number, lines)
        if _LABEL_DIEM.match(label):
            return _Candidate("diem", label[0] + ")", lines)
        if _LABEL_MUC.match(label):
            return _Candidate("heading", label, lines, "muc")
        if not any(ch.isalnum() for ch in label):
            return _Candidate("bullet", "", lines)
    m = _TYPED_BULLET.match(first)
    if m:
        return _Candidate("bullet", "", [_drop(lines[0], m.end()), *lines[1:]])
    for pattern, kind in ((_TYPED_TASK, "task"), (_TYPED_DIEM, "diem")):
        m = pattern.match(first)
        if m:
            return _Candidate(kind, m.group(1), [_drop(lines[0], m.end()), *lines[1:]])
    m = _TYPED_MUC.match(first)
    if m and all_bold:
        return _Candidate("heading", m.group(1), [_drop(lines[0], m.end()), *lines[1:]], "muc")
    return _Candidate("paragraph", "", lines)


def _text(candidate: _Candidate) -> str:
    parts = [markup(runs) for runs in candidate.runs]
    if candidate.type == "heading":  # drafter prints headings bold (and mục upper case)
        parts = [p.removeprefix("**").removesuffix("**") if _whole_mark(p) else p for p in parts]
    return "\n".join(p for p in parts if p.strip())


def _whole_mark(text: str) -> bool:
    return text.startswith("**") and text.endswith("**") and "**" not in text[2:-2]


def read_blocks(paras: list[Para]) -> list[BodyBlock]:
    """The body's paragraphs as blocks, numbers that drafter would give dropped."""
    blocks: list[BodyBlock] = []
    for para in paras:
        label, lines = _lines_of(para)
        if not lines:
            continue
        cand = _classify(label, lines)
        text = _text(cand)
        if not text.strip():
            continue
        block = BodyBlock(cand.type, text, level=cand.level)
        if cand.type == "task":
            m = _DEADLINE.search(block.text)
            if m:
                day = _date(m)
                rest = block.text[: m.start()]  # the closing mark after it is drafter's too
                if day is not None and not vntext.mentions_date(rest, day):
                    block.deadline, block.text = day, rest
        if cand.typed_number:
            specs = [(b.type, b.level, b.number) for b in blocks]
            auto = vntext.block_labels([*specs, (cand.type, cand.level, "")])[-1]
            if auto != cand.typed_number:
                block.number = cand.typed_number
        blocks.append(block)
    return blocks


def _date(m: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
