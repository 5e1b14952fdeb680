"""Page weight: what the overview, province and comparison pages make a browser download.

Not timed (docs/benchmarks.md has the browser timings): these tests add up the bytes
each page and its scripts and stylesheets cost compressed, the way WhiteNoise serves
them, and check that no page asks for plotly.js's full bundle.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from climateplan.inventory.web.models import Population, State

from .conftest import quick_inventory

pytestmark = pytest.mark.django_db

# the goal of docs/benchmarks.md: a page and everything it loads, compressed, under 1 MB
PAGE_BUDGET_BYTES = 1_000_000
ASSET = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="(/static/[^"]+)"')
FULL_BUNDLE_MARK = "plotly.js v"  # the full bundle's banner; partial ones say "(basic ...)"


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def _assets(html: str) -> list[str]:
    return ASSET.findall(html)


def _asset_bytes(url: str) -> bytes:
    name = url.removeprefix("/static/")
    path = finders.find(name)
    assert path, f"{url} is not a static file of the site"
    return Path(path).read_bytes()


@pytest.fixture
def demo_like(users):
    """Published inventories in three provinces, a trend of three years, populations."""
    for year in (2021, 2022, 2023):
        quick_inventory("TH-50", year, State.PUBLISHED)
    quick_inventory("TH-52", 2023, State.PUBLISHED)
    quick_inventory("TH-10", 2023, State.PUBLISHED)
    for code in ("TH-50", "TH-52", "TH-10"):
        Population.objects.create(province=code, year=2023, population=1_000_000, source="t")


@pytest.mark.parametrize(
    "url", ["/", "/provinces/TH-50/", "/compare/?province=TH-50&province=TH-52"]
)
def test_page_and_its_assets_stay_under_1_mb_compressed(client, demo_like, url):
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assets = _assets(html)
    assert assets, "the page links its stylesheet"
    total = _gzip_size(page.content) + sum(_gzip_size(_asset_bytes(a)) for a in assets)
    assert total < PAGE_BUDGET_BYTES, f"{url}: {total:,} bytes gzip-compressed"


@pytest.mark.parametrize(
    "url", ["/", "/provinces/TH-50/", "/compare/?province=TH-50&province=TH-52"]
)
def test_no_page_loads_the_full_plotly_bundle(client, demo_like, url):
    html = client.get(url).content.decode()
    for asset in (a for a in _assets(html) if a.endswith(".js")):
        assert not asset.endswith("/plotly.min.js"), asset
        head = _asset_bytes(asset)[:200].decode("utf-8", "replace")
        assert FULL_BUNDLE_MARK not in head, f"{asset} is plotly.js's full bundle"


def test_overview_draws_its_map_without_any_script(client, demo_like):
    html = client.get("/").content.decode()
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert not [a for a in _assets(html) if a.endswith(".js") and "plotly" in a]
    assert '<svg class="map-shapes"' in html


def test_province_page_loads_the_partial_bundle_it_needs(client, demo_like):
    html = client.get("/provinces/TH-50/").content.decode()
    scripts = [a for a in _assets(html) if "plotly" in a and a.endswith(".js")]
    assert scripts == ["/static/vendor/plotly-basic.min.js"]
    # with plotly.js's styles as a file: the Content-Security-Policy refuses inserted ones
    assert "/static/vendor/plotly-basic.css" in _assets(html)
    head = _asset_bytes(scripts[0])[:200].decode()
    # the bundle of the figures' traces (scatter, bar, pie), from npm
    # plotly.js-basic-dist-min; same plotly.js version as the plotly Python package
    assert "plotly.js (basic - minified) v4.1.1" in head


def test_vendored_bundle_keeps_its_licence():
    licence = Path(finders.find("vendor/plotly-basic.LICENSE.txt")).read_text()
    assert "MIT" in licence or "Permission is hereby granted" in licence


def test_static_files_are_served_compressed_with_immutable_cache_headers(tmp_path):
    """As ``climateplan serve`` serves them: collectstatic, then WhiteNoise in front of Django.

    Only the chart bundle is collected (compressing every file of the site takes minutes).
    """
    from whitenoise.middleware import WhiteNoiseMiddleware

    from climateplan.site import settings as site_settings

    source = tmp_path / "source" / "vendor"
    source.mkdir(parents=True)
    bundle = Path(finders.find("vendor/plotly-basic.min.js"))
    (source / bundle.name).write_bytes(bundle.read_bytes())
    with override_settings(
        STATIC_ROOT=tmp_path / "static",
        STATICFILES_DIRS=[tmp_path / "source"],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES=site_settings.STORAGES,
        DEBUG=False,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.contrib.staticfiles.storage import staticfiles_storage

        hashed = staticfiles_storage.url("vendor/plotly-basic.min.js")
        assert re.search(r"plotly-basic\.min\.[0-9a-f]{12}\.js$", hashed), hashed
        middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
        factory = RequestFactory()
        original = bundle.read_bytes()
        for accept, encoding, decode in (
            ("br, gzip", "br", brotli.decompress),
            ("gzip", "gzip", gzip.decompress),
        ):
            response = middleware(factory.get(hashed, HTTP_ACCEPT_ENCODING=accept))
            assert response.status_code == 200
            assert response["Content-Encoding"] == encoding
            cache = response["Cache-Control"]
            assert "immutable" in cache and "max-age=315360000" in cache, cache
            body = b"".join(response.streaming_content)
            assert decode(body) == original
            assert len(body) < len(original) / 2
        # a second collectstatic (each ``climateplan serve`` start) keeps the compressed
        # copies it made before instead of compressing again
        copies = sorted((tmp_path / "static" / "vendor").glob("*.br"))
        made = {copy: copy.stat().st_mtime_ns for copy in copies}
        written = {copy: copy.stat().st_ctime_ns for copy in copies}
        call_command("collectstatic", interactive=False, verbosity=0)
        assert {c: c.stat().st_mtime_ns for c in copies} == made
        assert {c: c.stat().st_ctime_ns for c in copies} == written
