"""V1–V9 on a .docx: the viết hoa checks of Phụ lục II (drafter.viethoa) on the texts the
checker has located — the trích yếu, Kính gửi, căn cứ, the body, Nơi nhận — of any
.docx, ours or a user's. Each finding is a warning (lưu ý) with the words found and the
suggested replacement, placed by the paragraph it is in.

The texts are read as printed: list dashes, `;` and the `- Lưu:` line are not prose, the
V/v prefix is not the trích yếu's, and the place before `, ngày …` is the địa danh V9
reads. Printed upper-case parts (the header, headings in capitals) are not given to the
casing rules.
"""

from __future__ import annotations

import re

from drafter.check.context import CheckContext
from drafter.check.findings import WARNING
from drafter.check.text import DASHES, clean, is_upper_text
from drafter.docx.document import Line, Para
from drafter.viethoa import review

_VV = re.compile(r"^\s*V/v\s*:?\s*", re.IGNORECASE)
_DATE_PLACE = re.compile(r"^(?P<place>[^,]+),\s*ngày\b")


class WritingChecks(CheckContext):
    """The V checks: the prose of the letter, located by the checker, reviewed."""

    def _prose(self) -> list[tuple[str, str, Line | Para]]:
        """(element, text, where) of each text a person typed, in reading order."""
        out: list[tuple[str, str, Line | Para]] = []
        if self.vv is not None:  # the whole V/v paragraph: the renderer breaks it in lines
            vv = self.vv.para
            out.append(("Trích yếu", _VV.sub("", clean(vv.text), count=1), vv))
        subject: list[Para] = []
        for line in self.subject:
            if all(line.para is not p for p in subject):
                subject.append(line.para)
        if subject:  # one trích yếu, however many lines it was broken into
            text = " ".join(clean(para.text) for para in subject)
            out.append(("Trích yếu", text, subject[0]))
        items = self.kg_items or ([self.kg] if self.kg is not None else [])
        for line in items:
            text = re.sub(r"^\s*Kính gửi\s*:\s*", "", clean(line.text))
            out.append(("Kính gửi", _item(text), line))
        for para in self.can_cu:
            out.append(("Căn cứ", clean(para.text), para))
        for para in self.body:
            if not para.empty:
                out.append(("Nội dung", clean(para.text), para))
        for line in self.nn_items:
            text = clean(line.text)
            if not re.match(r"^[-–]?\s*Lưu\s*:", text):
                out.append(("Nơi nhận", _item(text), line))
        return [(element, text, where) for element, text, where in out if text.strip()]

    def v_writing(self) -> None:
        prose = self._prose()
        texts = [(f"{i}", text) for i, (_, text, _) in enumerate(prose)]
        upper = {f"{i}" for i, (_, text, _) in enumerate(prose) if is_upper_text(text)}
        place = None
        if self.date is not None and (match := _DATE_PLACE.match(clean(self.date.text))):
            place = match["place"].strip()
        for finding in review(texts, upper_paths=upper, dia_danh=place, dia_danh_path="date"):
            if finding.path == "date":
                element, where = "Địa danh", self.date
            else:
                element, _, where = prose[int(finding.path)]
            self.add(
                finding.rule,
                element,
                f"“{finding.found}” → “{finding.suggestion}”: {finding.message}",
                where,
                severity=WARNING,
                suggestion=(finding.found, finding.suggestion),
            )


def _item(text: str) -> str:
    """A list line's words: without its dash and its closing `;` or `.`."""
    text = text.lstrip().lstrip(DASHES).strip()
    return text.rstrip(";.").rstrip()
