"""Attack: uploads bounded only by their compressed size.

An 80 KB XLSX of 200,000 rows was accepted (2.4 GB of server memory; its page then
took 245 MB and 215 s), and a 1.1 MB XLSX of 3 million rows reached 7 GB while still
parsing. Unpacked size, compression ratio and line count are now checked before
parsing, rows are streamed and reading stops at the limit, and long inventories are
shown a page at a time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from climateplan.errors import InputError
from climateplan.inventory import read_activity
from climateplan.uploads import MB, UploadLimits, check_archive, check_upload

MEMORY_LIMIT_MB = 500

OOXML = "http://schemas.openxmlformats.org"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Types xmlns="{OOXML}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{SHEET_TYPE}.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OOXML}/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<workbook xmlns="{OOXML}/spreadsheetml/2006/main" '
    f'xmlns:r="{OOXML}/officeDocument/2006/relationships">'
    '<sheets><sheet name="activity" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{OOXML}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{OOXML}/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def _text(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def build_xlsx(path: Path, rows: int) -> Path:
    """An activity workbook of ``rows`` identical LPG lines, written as the attacker did:
    straight XML without cell references (optional in the format), streamed into the
    archive (deflate), so that it is tiny on disk."""
    names = ("gpc_ref", "method", "activity", "amount", "unit")
    header = "<row>" + "".join(_text(h) for h in names) + "</row>"
    line = (
        "<row>"
        + _text("I.1.1")
        + _text("fuel_combustion")
        + _text("lpg")
        + "<c><v>1</v></c>"
        + _text("t")
        + "</row>"
    )
    block = (line * 10_000).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                + f'<worksheet xmlns="{OOXML}/spreadsheetml/2006/main"><sheetData>'.encode()
                + header.encode()
            )
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write((line * (rows % 10_000)).encode() + b"</sheetData></worksheet>")
    return path


@pytest.fixture(scope="module")
def rows_200k(tmp_path_factory) -> Path:
    return build_xlsx(tmp_path_factory.mktemp("bomb") / "rows200k.xlsx", 200_000)


# --------------------------------------------------------------------------- the guard, core


def test_the_200k_row_workbook_is_small_on_disk_and_refused_before_parsing(rows_200k):
    size = rows_200k.stat().st_size
    assert size < 5 * MB  # passes the old compressed-size cap
    problems = check_archive(rows_200k, UploadLimits())
    assert problems, "a small archive that unpacks to tens of MB must be refused"
    assert all(p.file == "rows200k.xlsx" and p.message_th for p in problems)


def test_unpacked_size_and_ratio_are_read_from_the_archive_directory(tmp_path):
    # One member of 2,000,000 bytes of "0" deflates to about 2 KB: ratio about 1,000.
    # Limits: 1 MB unpacked in total, ratio 100 for members of 1 MB or more.
    # 2,000,000 B > 1 MB = 1,048,576 B -> the unpacked-size problem;
    # 2,000,000 / ~2,000 = ~1,000 > 100 -> the ratio problem.
    path = tmp_path / "zeros.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 2_000_000)
    limits = UploadLimits(max_unpacked_bytes=1 * MB, max_ratio=100, ratio_floor_bytes=1 * MB)
    messages = [p.message_en for p in check_archive(path, limits)]
    assert len(messages) == 2
    assert "unpacks to 1.9 MB; the limit is 1 MB" in messages[0]  # 2,000,000 / 1,048,576 = 1.9
    assert "times its packed size (limit 100)" in messages[1]
    # The same archive within generous limits passes.
    assert check_archive(path, UploadLimits(max_unpacked_bytes=3 * MB, max_ratio=10_000)) == []


def test_reading_stops_at_the_line_limit(rows_200k):
    # Archive checks relaxed so that the streaming reader itself is tested.
    limits = UploadLimits(max_unpacked_bytes=10_000 * MB, max_ratio=1e9, max_rows=1_000)
    with pytest.raises(InputError) as caught:
        read_activity(rows_200k, province="TH-50", year=2023, limits=limits)
    (problem,) = caught.value.problems
    assert "more than 1,000 lines" in problem.message_en
    assert "1,000 รายการ" in problem.message_th
    assert (problem.file, problem.sheet, problem.row) == ("rows200k.xlsx", "activity", 1_002)


def test_csv_line_limit(tmp_path):
    path = tmp_path / "long.csv"
    line = "I.1.1,fuel_combustion,lpg,1,t\n"
    path.write_text("gpc_ref,method,activity,amount,unit\n" + line * 11)
    with pytest.raises(InputError, match="more than 10 lines"):
        read_activity(path, province="TH-50", year=2023, limits=UploadLimits(max_rows=10))
    # 10 lines are within the limit of 10
    path.write_text("gpc_ref,method,activity,amount,unit\n" + line * 10)
    data = read_activity(path, province="TH-50", year=2023, limits=UploadLimits(max_rows=10))
    assert len(data.lines) == 10


def test_size_limit_names_the_limit():
    (problem,) = check_upload("big.csv", 6 * MB, b"gpc_ref", UploadLimits(max_bytes=5 * MB))
    assert problem.message_en == "the file is 6.0 MB; the limit is 5 MB"
    assert "5 MB" in problem.message_th


# --------------------------------------------------------------------------- memory

MEMORY_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from climateplan.errors import InputError
    from climateplan.inventory import read_activity
    from climateplan.uploads import MB, UploadLimits
    relaxed = sys.argv[2] == "relaxed"
    limits = (UploadLimits(max_unpacked_bytes=100_000 * MB, max_ratio=1e12) if relaxed
              else UploadLimits())
    try:
        read_activity(Path(sys.argv[1]), province="TH-50", year=2023, limits=limits)
        outcome = "accepted"
    except InputError as error:
        outcome = error.problems[0].message_en
    # VmHWM: the peak resident size of this process's own memory. getrusage's
    # ru_maxrss is not used: after fork and exec it can report the parent's peak
    # (a large pytest worker), which is not what the upload cost.
    status = Path("/proc/self/status").read_text().splitlines()
    (hwm,) = [line for line in status if line.startswith("VmHWM:")]
    peak_mb = int(hwm.split()[1]) / 1024
    print(json.dumps({"outcome": outcome, "peak_mb": peak_mb}))
    """
)


def _peak(path: Path, mode: str) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(path), mode],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_memory_of_the_200k_row_upload_stays_bounded(rows_200k):
    # With the default limits: refused from the archive directory.
    refused = _peak(rows_200k, "default")
    assert "unpack" in refused["outcome"]
    assert refused["peak_mb"] < MEMORY_LIMIT_MB
    # Archive checks off: the streaming reader stops at 20,000 lines.
    streamed = _peak(rows_200k, "relaxed")
    assert "more than 20,000 lines" in streamed["outcome"]
    assert streamed["peak_mb"] < MEMORY_LIMIT_MB


def test_memory_of_a_3_million_row_workbook_stays_bounded(tmp_path):
    bomb = build_xlsx(tmp_path / "rows3m.xlsx", 3_000_000)
    assert bomb.stat().st_size < 5 * MB
    refused = _peak(bomb, "default")
    assert "unpack" in refused["outcome"]
    assert refused["peak_mb"] < MEMORY_LIMIT_MB


# --------------------------------------------------------------------------- the web


@pytest.mark.django_db
def test_web_upload_over_the_line_limit_is_refused_and_nothing_saved(client, users, settings):
    from climateplan.inventory.web import services

    settings.UPLOAD_MAX_LINES = 3
    inventory = services.create_inventory(users["editor"], "TH-50", 2023)
    client.force_login(users["editor"])
    body = "gpc_ref,method,activity,amount,unit\n" + "I.1.1,fuel_combustion,lpg,1,t\n" * 4
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/inventories/{inventory.pk}/upload/",
        {
            "file": SimpleUploadedFile("long.csv", body.encode(), "text/csv"),
            "revision": inventory.revision,
            "mode": "replace",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "more than 3 lines" in text or "มากกว่า 3 รายการ" in text
    inventory.refresh_from_db()
    assert inventory.lines.count() == 0 and inventory.revision == 1


@pytest.mark.django_db
def test_append_cannot_grow_an_inventory_past_the_line_limit(draft, users, settings, small_csv):
    from climateplan.inventory.web import services

    settings.UPLOAD_MAX_LINES = 8  # the draft has 5 lines; appending 5 more makes 10 > 8
    with pytest.raises(InputError, match="more than 8 lines"):
        services.upload(
            users["editor"],
            draft,
            "more.csv",
            small_csv,
            expected_revision=draft.revision,
            mode="append",
        )
    draft.refresh_from_db()
    assert draft.lines.count() == 5


@pytest.mark.django_db
def test_the_inventory_page_shows_one_page_of_lines(client, users, settings):
    from climateplan.inventory.web.models import ActivityLine
    from tests.web.conftest import quick_inventory

    settings.LINES_PER_PAGE = 20
    inventory = quick_inventory("TH-50", 2023, "published")
    ActivityLine.objects.bulk_create(
        ActivityLine(
            inventory=inventory,
            position=100 + n,
            gpc_ref="I.1.1",
            method="fuel_combustion",
            activity="lpg",
            amount=1.0,
            unit="t",
        )
        for n in range(40)
    )
    total = inventory.lines.count()  # 5 lines of the small CSV + 40 = 45
    assert total == 45
    first = client.get(f"/inventories/{inventory.pk}/").content.decode()
    assert first.count('<tr id="line-') == 20
    assert "1 / 3" in first  # 45 lines at 20 a page: pages of 20, 20 and 5
    last = client.get(f"/inventories/{inventory.pk}/?page=3").content.decode()
    assert last.count('<tr id="line-') == 5
