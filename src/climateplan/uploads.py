"""The one upload guard: limits every uploaded table is held to before it is parsed.

Every capability that accepts a file (activity workbooks now; drivers, measures,
indicators and progress reports later) checks it here, so the same limits and the
same bilingual, located messages apply whichever door the file came through:

1. :func:`check_upload` - before anything is parsed: the file type, its size on
   disk and, for a workbook, its magic bytes;
2. :func:`check_archive` - an XLSX is a zip archive: the sizes its members declare
   once unpacked (in total, and as a ratio to their packed size) are checked from
   the archive's directory, before a byte is decompressed, so a small file that
   unpacks to gigabytes (a "zip bomb") is refused at once;
3. :class:`RowLimit` - readers count data rows as they stream them (openpyxl's
   read-only mode, pandas ``nrows``) and stop at the limit, so memory stays bounded
   even when a sheet's declared size lies.

A progress report's evidence (PDF or an image) is held to :func:`check_evidence`:
the type by extension AND by its first bytes, and its own size limit.

No Django here: the web layer builds :class:`UploadLimits` from its settings
(``CLIMATEPLAN_UPLOAD_*``, docs/deploy.md) and the command line may use the defaults.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import Path

from climateplan.errors import Problem

MB = 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
TABLE_SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class UploadLimits:
    """How large an uploaded table may be (defaults documented in docs/deploy.md)."""

    max_bytes: int = 5 * MB  # the file as sent
    max_unpacked_bytes: int = 50 * MB  # all members of an XLSX archive, unpacked
    max_ratio: float = 100.0  # unpacked / packed size of the archive's larger members
    ratio_floor_bytes: int = 1 * MB  # members smaller than this unpack freely
    max_rows: int = 20_000  # data rows (lines) of one table

    @property
    def max_mb(self) -> float:
        return self.max_bytes / MB


DEFAULT_LIMITS = UploadLimits()


def _mb(size: float) -> str:
    return f"{size / MB:.1f}"


def check_upload(
    name: str,
    size: int,
    head: bytes,
    limits: UploadLimits = DEFAULT_LIMITS,
    *,
    suffixes: tuple[str, ...] = TABLE_SUFFIXES,
) -> list[Problem]:
    """Type and size of an uploaded file, from its name, size and first bytes only.

    ``head`` is the start of the file (4 KB is enough); empty when the file was too
    large to read at all.
    """
    problems = []
    suffix = Path(name or "").suffix.lower()
    if suffix not in suffixes:
        accepted = " or ".join(suffixes)
        problems.append(
            Problem(
                f"file type {suffix or '(none)'!r} is not accepted: upload the .xlsx workbook "
                f"or a .csv file ({accepted})",
                f"ไม่รับไฟล์ชนิด {suffix or '(ไม่มีนามสกุล)'!r}: กรุณาอัปโหลดเวิร์กบุ๊ก .xlsx หรือไฟล์ .csv",
                file=name,
            )
        )
    if size > limits.max_bytes:
        problems.append(
            Problem(
                f"the file is {_mb(size)} MB; the limit is {limits.max_mb:g} MB",
                f"ไฟล์มีขนาด {_mb(size)} MB เกินขนาดสูงสุด {limits.max_mb:g} MB",
                file=name,
            )
        )
    if suffix == ".xlsx" and head and not head.startswith(XLSX_MAGIC):
        problems.append(
            Problem(
                "the file is named .xlsx but is not an Excel workbook",
                "ไฟล์มีนามสกุล .xlsx แต่ไม่ใช่เวิร์กบุ๊ก Excel",
                file=name,
            )
        )
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if suffix == ".csv" and b"\x00" in head and not utf16:
        problems.append(
            Problem(
                "the file is named .csv but is not a text file: save it as CSV UTF-8 "
                "(UTF-16 with a byte-order mark and Thai Windows cp874 are accepted too)",
                "ไฟล์มีนามสกุล .csv แต่ไม่ใช่ไฟล์ข้อความ: กรุณาบันทึกเป็น CSV UTF-8 "
                "(รับ UTF-16 ที่มี byte-order mark และ Thai Windows cp874 ด้วย)",
                file=name,
            )
        )
    return problems


def check_archive(path: Path, limits: UploadLimits = DEFAULT_LIMITS) -> list[Problem]:
    """Unpacked size of an XLSX archive from its directory (nothing is decompressed).

    A broken archive gives no problem here: the workbook reader reports it with
    its own message.
    """
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []
    total = sum(m.file_size for m in members)
    problems = []
    if total > limits.max_unpacked_bytes:
        problems.append(
            Problem(
                f"the workbook unpacks to {_mb(total)} MB; the limit is "
                f"{limits.max_unpacked_bytes / MB:g} MB unpacked (at most {limits.max_rows:,} "
                "lines): split the data, or delete empty formatted rows and columns",
                f"เวิร์กบุ๊กเมื่อแตกไฟล์มีขนาด {_mb(total)} MB เกินขีดจำกัด "
                f"{limits.max_unpacked_bytes / MB:g} MB (ไม่เกิน {limits.max_rows:,} รายการ): "
                "กรุณาแบ่งข้อมูล หรือลบแถวและคอลัมน์ว่างที่จัดรูปแบบไว้",
                file=name,
            )
        )
    for member in members:
        if member.file_size < limits.ratio_floor_bytes:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_ratio:
            problems.append(
                Problem(
                    f"part {member.filename} of the workbook unpacks {ratio:.0f} times its "
                    f"packed size (limit {limits.max_ratio:g}): a workbook of real data does "
                    "not; save the data again from Excel into a new workbook",
                    f"ส่วน {member.filename} ของเวิร์กบุ๊กขยายได้ {ratio:.0f} เท่าของขนาดที่บีบอัด "
                    f"(ขีดจำกัด {limits.max_ratio:g} เท่า) ซึ่งไม่ใช่ลักษณะของข้อมูลจริง: "
                    "กรุณาบันทึกข้อมูลใหม่จาก Excel เป็นเวิร์กบุ๊กใหม่",
                    file=name,
                )
            )
            break
    return problems


def too_many_rows(
    max_rows: int, *, file: str | None, sheet: str | None = None, row: int | None = None
) -> Problem:
    """The message for a table longer than ``max_rows`` lines."""
    return Problem(
        f"the table has more than {max_rows:,} lines, the limit of one inventory: "
        "split it, or ask the administrator to raise CLIMATEPLAN_UPLOAD_MAX_LINES",
        f"ตารางมีมากกว่า {max_rows:,} รายการ ซึ่งเป็นขีดจำกัดของบัญชีหนึ่งบัญชี: "
        "กรุณาแบ่งข้อมูล หรือขอให้ผู้ดูแลระบบเพิ่มค่า CLIMATEPLAN_UPLOAD_MAX_LINES",
        file=file,
        sheet=sheet,
        row=row,
    )


def check_file(
    path: Path, limits: UploadLimits = DEFAULT_LIMITS, *, name: str | None = None
) -> list[Problem]:
    """Every check that needs no parsing, on a file already on disk."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(4096)
    problems = check_upload(name or path.name, path.stat().st_size, head, limits)
    if not problems and path.suffix.lower() == ".xlsx":
        problems = check_archive(path, limits)
    return problems


# --- evidence files of progress reports -------------------------------------------------

# The file types a report's evidence may be, by extension: (content type, test of the
# first bytes). Both must agree: a renamed executable or HTML page is refused.
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    ".png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ".webp": ("image/webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
}
EVIDENCE_MAX_BYTES = 10 * MB


def evidence_suffix(name: str) -> str:
    """The stored extension of an evidence file (``.jpeg`` kept as ``.jpg``)."""
    suffix = Path(name or "").suffix.lower()
    return ".jpg" if suffix == ".jpeg" else suffix


def check_evidence(
    name: str, size: int, head: bytes, max_bytes: int = EVIDENCE_MAX_BYTES
) -> list[Problem]:
    """Type and size of an evidence file (PDF, PNG, JPEG or WebP), from its name, size
    and first bytes; every problem at once, naming the file."""
    problems = []
    suffix = Path(name or "").suffix.lower()
    kind = EVIDENCE_TYPES.get(suffix)
    if kind is None:
        problems.append(
            Problem(
                f"file type {suffix or '(none)'!r} is not accepted as evidence: "
                "attach a PDF, PNG, JPEG or WebP file",
                f"ไม่รับไฟล์ชนิด {suffix or '(ไม่มีนามสกุล)'!r} เป็นหลักฐาน: "
                "กรุณาแนบไฟล์ PDF, PNG, JPEG หรือ WebP",
                file=name,
            )
        )
    elif head and not kind[1](head):
        problems.append(
            Problem(
                f"the file is named {suffix} but its content is not a {suffix[1:].upper()} "
                "file: save or export it again as PDF, PNG, JPEG or WebP",
                f"ไฟล์มีนามสกุล {suffix} แต่เนื้อหาไม่ใช่ไฟล์ {suffix[1:].upper()} "
                "กรุณาบันทึกหรือส่งออกใหม่เป็น PDF, PNG, JPEG หรือ WebP",
                file=name,
            )
        )
    if size > max_bytes:
        problems.append(
            Problem(
                f"the file is {_mb(size)} MB; the limit of an evidence file is "
                f"{max_bytes / MB:g} MB",
                f"ไฟล์มีขนาด {_mb(size)} MB เกินขนาดสูงสุดของไฟล์หลักฐาน {max_bytes / MB:g} MB",
                file=name,
            )
        )
    elif size == 0 or (kind is not None and not head):
        problems.append(Problem("the file is empty", "ไฟล์ว่างเปล่า", file=name))
    return problems


def evidence_content_type(name: str) -> str:
    """The content type an accepted evidence file is served with."""
    kind = EVIDENCE_TYPES.get(Path(name or "").suffix.lower())
    return kind[0] if kind else "application/octet-stream"
