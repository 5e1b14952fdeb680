"""Uploaded files on the web: the limits from the settings and the first check.

Pages and API read an uploaded file only through :func:`read_uploaded`, which checks
type and size with :mod:`climateplan.uploads` (the one upload guard, shared with the
command line) before reading a byte into memory.
"""

from __future__ import annotations

from django.conf import settings

from climateplan.errors import InputError
from climateplan.uploads import DEFAULT_LIMITS, MB, UploadLimits, check_upload


def upload_limits() -> UploadLimits:
    """The limits of this site (``CLIMATEPLAN_UPLOAD_*``, docs/deploy.md)."""
    return UploadLimits(
        max_bytes=getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_LIMITS.max_bytes),
        max_unpacked_bytes=getattr(
            settings, "UPLOAD_MAX_UNPACKED_BYTES", DEFAULT_LIMITS.max_unpacked_bytes
        ),
        max_ratio=getattr(settings, "UPLOAD_MAX_RATIO", DEFAULT_LIMITS.max_ratio),
        ratio_floor_bytes=DEFAULT_LIMITS.ratio_floor_bytes,
        max_rows=getattr(settings, "UPLOAD_MAX_LINES", DEFAULT_LIMITS.max_rows),
    )


def read_uploaded(upload_file, limits: UploadLimits | None = None) -> bytes:
    """The bytes of a Django ``UploadedFile`` once its name and size pass the guard.

    Raises InputError (bilingual, naming the file) without reading an oversized file.
    """
    limits = limits or upload_limits()
    name = upload_file.name or "upload"
    size = upload_file.size or 0
    head = b""
    if size <= limits.max_bytes:
        upload_file.seek(0)
        head = upload_file.read(4096)
        upload_file.seek(0)
    problems = check_upload(name, size, head, limits)
    if problems:
        raise InputError(problems)
    return upload_file.read(limits.max_bytes + 1)


__all__ = ["MB", "read_uploaded", "upload_limits"]
