"""The plan help pages: the whitelisted guides in both languages, the reference
documents, 404 for anything else (no path traversal), no raw HTML passed through."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from climateplan.plans.web import help as guides


def get(path: str, lang: str = "th"):
    client = Client()
    if lang != "th":
        client.post(reverse("site:set_language"), {"language": lang, "next": "/"})
    return client.get(path)


@pytest.mark.django_db
def test_index_lists_every_guide():
    body = get(reverse("plans:help_index")).content.decode()
    for slug in ("plan", "inventory", "reduction", "risk", "adaptation", "endorsement"):
        assert reverse("plans:help", args=[slug]) in body


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["plan", "inventory", "reduction", "risk", "adaptation"])
def test_each_guide_in_thai_and_english(slug):
    thai = get(reverse("plans:help", args=[slug])).content.decode()
    english = get(reverse("plans:help", args=[slug]), "en").content.decode()
    assert "<h1>" in thai and "<h1>" in english
    assert "ขั้น" in thai or "แผน" in thai
    assert "<h1>ขั้น" not in english and "<h1>แผน" not in english


@pytest.mark.django_db
def test_the_reduction_guide_names_the_sources_and_its_example():
    body = get(reverse("plans:help", args=["reduction"])).content.decode()
    assert "สศช." in body and "กรมการขนส่งทางบก" in body
    # 1,000,000 x 1.03^8 = 1,266,770 (1.03^2 = 1.0609, ^4 = 1.1255, ^8 = 1.26677)
    assert "1,266,770" in body and "380,031" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/help/..%2F..%2Fsettings/",
        "/help/%2e%2e/",
        "/help/plan.th/",
        "/help/README/",
        "/help/decisions/",
        "/help/etc-passwd/",
    ],
)
def test_anything_not_whitelisted_is_404(path):
    assert get(path).status_code == 404


def test_raw_html_in_a_guide_is_escaped(tmp_path):
    source = tmp_path / "x.md"
    source.write_text(
        "# Title\n\n<script>alert(1)</script>\n\n[link](javascript:alert(1))\n", "utf-8"
    )
    html = guides.render(guides.HelpPage("x", "x", "x", source), "en")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_every_guide_has_both_languages():
    for page in guides.PAGES.values():
        if page.path_th is not None:
            assert page.path.is_file() and page.path_th.is_file(), page.slug


@pytest.mark.django_db
@pytest.mark.parametrize(
    "slug", ["input-format", "mitigation", "risk-profile", "adaptation-methods"]
)
def test_the_reference_documents_of_the_source_tree(slug):
    response = get(reverse("plans:help", args=[slug]), "en")
    assert response.status_code == 200
    assert "<h1>" in response.content.decode()
