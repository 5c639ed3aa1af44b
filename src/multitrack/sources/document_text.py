"""The text of an uploaded document: plain text or Markdown (UTF-8), PDF (pypdf) or Word .docx
(python-docx).

Only the text is kept, for reading and tracing; the file itself is not stored. Paragraphs are separated by
blank lines so that tracing splits the text where the document does. A file that gives no text (a
scanned PDF without a text layer, an empty file) is refused with a message that says so.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".pdf", ".docx")
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


class DocumentTextError(ValueError):
    """The file cannot give a text; the message names the file and says why."""


def extract(name: str, data: bytes) -> str:
    """The text of the file called `name` with content `data`, paragraphs separated by blank lines."""
    label = PurePath(name).name or "the file"
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentTextError(
            f"{label}: cannot read {suffix or 'files without an extension'}; give {', '.join(SUFFIXES)}"
        )
    if len(data) > MAX_BYTES:
        raise DocumentTextError(f"{label}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    if suffix == ".pdf":
        text = _pdf(label, data)
    elif suffix == ".docx":
        text = _docx(label, data)
    else:
        text = _plain(label, data)
    text = _BLANKS.sub("\n\n", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        hint = " (a scanned PDF needs text recognition first)" if suffix == ".pdf" else ""
        raise DocumentTextError(f"{label}: no text could be read{hint}")
    return text


def _plain(label: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentTextError(f"{label}, line {line}: not UTF-8 text; save it as UTF-8") from None


def _pdf(label: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentTextError(f"{label}: the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        if isinstance(exc, DocumentTextError):
            raise
        raise DocumentTextError(f"{label}: not a readable PDF ({type(exc).__name__})") from None
    return "\n\n".join(page.strip() for page in pages)


def _docx(label: str, data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise DocumentTextError(f"{label}: not a readable Word (.docx) file") from None
    return "\n\n".join(p.text.strip() for p in document.paragraphs if p.text.strip())
