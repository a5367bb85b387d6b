"""Cases written with the expected span in brackets: `UBND [Tỉnh] Quảng Ngãi`."""

from __future__ import annotations

import re

from drafter.viethoa import TextFinding, apply_suggestion, review

PATH = "noi_dung[0].text"
_MARK = re.compile(r"\[([^\[\]]*)\]")


def unmark(source: str) -> tuple[str, list[tuple[int, int, str]]]:
    """`a [b] c` → (`a b c`, [(2, 3, "b")]): the text and the marked spans."""
    text, spans, pos = "", [], 0
    for m in _MARK.finditer(source):
        text += source[pos : m.start()]
        spans.append((len(text), len(text) + len(m.group(1)), m.group(1)))
        text += m.group(1)
        pos = m.end()
    return text + source[pos:], spans


def check_flags(rule: str, source: str, *suggestions: str) -> list[TextFinding]:
    """The marked spans, and nothing else, are flagged by `rule` with `suggestions`; each
    suggestion applied fixes exactly its span."""
    text, spans = unmark(source)
    assert len(spans) == len(suggestions), "one suggestion per marked span"
    findings = review([(PATH, text)])
    got = [(f.rule, f.path, f.start, f.end, f.found, f.suggestion) for f in findings]
    want = [(rule, PATH, s, e, w, sug) for (s, e, w), sug in zip(spans, suggestions, strict=True)]
    assert got == want, text
    for finding, (s, e, _) in zip(findings, spans, strict=True):
        fixed = apply_suggestion(text, finding)
        assert fixed == text[:s] + finding.suggestion + text[e:]
    return findings


def check_clean(text: str) -> None:
    """Zero findings: the standard for every correct form."""
    assert review([(PATH, text)]) == [], text
