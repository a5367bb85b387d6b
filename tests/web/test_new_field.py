"""Adding a field to a kind is a change of its declaration, nothing else (issue 12).

A temporary kind is declared in a temporary forms folder: the shared `_common.toml` and
a kind file that adds one field, `so_trang`, in a section of its own. Without a line of
code, the field is read and validated by the model (full and partial), written back by
`to_dict`, documented in the JSON Schema, shown on the web form, converted from the
posted form, placed when it has a problem, and replaced by a placeholder in the preview.
(What the .docx prints of it would be the template's and the context's business.)
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from drafter.model import Letter, LetterError, read_partial
from drafter.paths import forms_dir
from drafter.render import render_docx
from drafter.schema import letter_schema
from drafter.web.forms import field_id, form_classes, from_letter_dict, to_letter_dict
from drafter.web.preview import preview_letter
from tests.conftest import load_example
from tests.docx_reading import all_text, open_docx
from tests.web.conftest import DAKLAK
from tests.web.formdata import form_fields

KIND = """
kind = "thu_nghiem"
title = "Văn bản thử nghiệm"
template = "cong_van"

[fields.so_trang]
label = "Số trang kèm theo"
help = "Số trang của phụ lục gửi kèm."
required = true
max_length = 30

[sections.attachments]
legend = "Phụ lục"
after = "subject"
rows = [["so_trang"]]
"""


@pytest.fixture
def temporary_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(forms_dir() / "_common.toml", folder / "_common.toml")
    shutil.copy(forms_dir() / "cong_van.toml", folder / "cong_van.toml")
    (folder / "thu_nghiem.toml").write_text(KIND, encoding="utf-8")
    monkeypatch.setenv("DRAFTER_FORMS_DIR", str(folder))
    yield "thu_nghiem"


def letter_of(kind: str, **extra: object) -> dict:
    return {**load_example(DAKLAK), "kind": kind, **extra}


def test_the_model_reads_validates_and_writes_the_new_field(temporary_kind: str) -> None:
    letter = Letter.from_dict(letter_of(temporary_kind, so_trang="12"))
    assert letter.so_trang == "12"
    assert list(letter.to_dict())[10:13] == ["do_mat", "so_trang", "kinh_gui"]  # the slot
    with pytest.raises(LetterError) as err:
        Letter.from_dict(letter_of(temporary_kind, so_trang="1" * 31))
    assert [(p.path, p.message) for p in err.value.problems] == [
        ("so_trang", "Số trang kèm theo: dài quá 30 ký tự (31).")
    ]
    with pytest.raises(LetterError) as err:
        Letter.from_dict(letter_of(temporary_kind))
    assert err.value.problems[0].path == "so_trang"
    assert read_partial({"kind": temporary_kind, "so_trang": "3"}) == {
        "kind": temporary_kind,
        "so_trang": "3",
    }
    with pytest.raises(LetterError):  # a công văn still has no such field
        Letter.from_dict(letter_of("cong_van", so_trang="12"))
    assert open_docx(render_docx(letter)).paragraphs  # the kind's template renders it


def test_the_schema_documents_the_new_field(temporary_kind: str) -> None:
    from drafter.kinds import load_kind

    schema = letter_schema(load_kind(temporary_kind))
    assert schema["properties"]["so_trang"]["maxLength"] == 30
    assert "so_trang" in schema["required"]


def test_the_form_shows_converts_and_places_the_new_field(
    temporary_kind: str, client: FlaskClient
) -> None:
    form_class = form_classes(temporary_kind).letter
    assert "so_trang" in form_class.__dict__ or hasattr(form_class, "so_trang")
    data = from_letter_dict(letter_of(temporary_kind, so_trang="7"), temporary_kind)
    assert data["so_trang"] == "7"
    assert to_letter_dict(data, temporary_kind).letter["so_trang"] == "7"
    assert field_id("so_trang", {}, temporary_kind) == "so_trang"

    page = client.get(f"/?kind={temporary_kind}").get_data(as_text=True)
    assert "Số trang kèm theo" in page and 'id="so_trang"' in page
    assert "<legend>Phụ lục</legend>" in page

    posted = form_fields(letter_of(temporary_kind, so_trang="1" * 31), "check")
    html = client.post("/", data=MultiDict(posted)).get_data(as_text=True)
    assert 'id="so_trang-error"' in html and "dài quá 30 ký tự" in html

    download = client.post(
        "/", data=MultiDict(form_fields(letter_of(temporary_kind, so_trang="7"), "docx"))
    )
    assert download.status_code == 200
    assert "Võ Văn Cảnh" in all_text(open_docx(download.data))


def test_the_preview_puts_a_placeholder_for_the_new_field(temporary_kind: str) -> None:
    letter, problems = preview_letter(letter_of(temporary_kind))
    assert letter is not None and letter.so_trang == "[Số trang kèm theo]"
    assert [p.path for p in problems] == ["so_trang"]
