"""Reading the text of uploaded documents: plain text, PDF and Word; files that give no text are refused
with a message naming the file and the reason."""

from __future__ import annotations

import io

import docx
import pytest

from multitrack.sources.document_text import MAX_BYTES, DocumentTextError, extract


def pdf_with_text(*pages: str) -> bytes:
    """A minimal PDF with one line of Helvetica text per page (offsets computed, as a writer would)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
        page_no, content_no = len(objects) + 1, len(objects) + 2
        kids.append(f"{page_no} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_no} 0 R "
            f"/Resources << /Font << /F1 {len(pages) * 2 + 3} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_with(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_plain_text_keeps_paragraphs_and_drops_a_byte_order_mark():
    data = "\ufeffArticle 1. Access.\r\n\r\n\r\n\r\nArticle 2. Herders pass safely.\n".encode()
    assert extract("accord.txt", data) == "Article 1. Access.\n\nArticle 2. Herders pass safely."
    assert extract("notes.MD", "Négociation — accord".encode()) == "Négociation — accord"


def test_pdf_pages_become_paragraphs():
    text = extract("agreement.pdf", pdf_with_text("Article 1. Access for all.", "Article 2. Safe passage."))
    assert text == "Article 1. Access for all.\n\nArticle 2. Safe passage."


def test_word_paragraphs_are_read():
    data = docx_with("Option A keeps the hotline.", "", "Option B proposes community monitors.")
    assert (
        extract("non-paper.docx", data)
        == "Option A keeps the hotline.\n\nOption B proposes community monitors."
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "scan.pdf",
            pdf_with_text(""),
            "scan.pdf: no text could be read (a scanned PDF needs text recognition",
        ),
        ("broken.pdf", b"%PDF-1.4 not really", "broken.pdf: not a readable PDF"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "old.doc: cannot read .doc; give .txt, .md, .pdf, .docx"),
        ("fake.docx", b"PK not a zip", "fake.docx: not a readable Word (.docx) file"),
        ("empty.txt", b"  \n\n ", "empty.txt: no text could be read"),
        ("latin1.txt", "ligne 1\nlig\u00e9ne 2".encode("latin-1"), "latin1.txt, line 2: not UTF-8 text"),
        ("/uploads/big.txt", b"a" * (MAX_BYTES + 1), "big.txt: larger than 20 MB"),
    ],
)
def test_files_that_give_no_text_are_refused_with_the_reason(name: str, data: bytes, message: str):
    with pytest.raises(DocumentTextError) as caught:
        extract(name, data)
    assert str(caught.value).startswith(message)
