# ruff: noqa: F811 - the plan fixtures (users, plan) are imported, then named as arguments
"""Attacks on the public consultation: a forged or borrowed form token, a spoofed
client address to escape the limits, fields the form does not have, a comment on a plan
not under consultation, another province's comments, cross-site posts, oversized and
binary text, and the e-mail address leaking to the public."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from climateplan.plans.web import services
from climateplan.plans.web import services_consultation as consultations
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import PlanState, PublicComment
from tests.plans.web.conftest import base_inventory, plan, users  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

TEXT = "ควรมีจุดรับฟังความคิดเห็นในอำเภอรอบนอกด้วย"


def _open(users, plan, days: int = 20):
    now = timezone.now()
    return consultations.open_consultation(
        plan_access_for(users["editor"]),
        users["editor"],
        plan,
        opens=now - dt.timedelta(hours=1),
        closes=now + dt.timedelta(days=days),
    )


def _token(consultation) -> str:
    return consultations.form_token(consultation, now=timezone.now().timestamp() - 60)


def _post(client, plan, token, **fields):
    return client.post(
        f"/plans/{plan.pk}/consultation/comment/", {"text": TEXT, "token": token, **fields}
    )


def _other_plan(users):
    editor = users["other_editor"]
    return services.create_plan(
        plan_access_for(editor),
        editor,
        province="TH-52",
        title_th="แผนจังหวัดลำปาง",
        start_year=2023,
        end_year=2027,
        base_year=2022,
    )


def test_a_token_of_another_consultation_is_refused(users, plan):
    mine = _open(users, plan)
    other_plan = _other_plan(users)
    now = timezone.now()
    theirs = consultations.open_consultation(
        plan_access_for(users["other_editor"]),
        users["other_editor"],
        other_plan,
        opens=now - dt.timedelta(hours=1),
        closes=now + dt.timedelta(days=5),
    )
    answer = _post(Client(), plan, _token(theirs))
    assert answer.status_code == 200 and 'id="refusal"' in answer.content.decode()
    # a token whose signature was re-made without the site's key
    forged = _token(mine)[:-4] + "AAAA"
    assert 'id="refusal"' in _post(Client(), plan, forged).content.decode()
    assert not PublicComment.objects.exists()


def test_a_spoofed_forwarded_address_does_not_escape_the_limit(users, plan):
    consultation = _open(users, plan)
    client = Client()
    for i in range(4):
        _post(
            client,
            plan,
            _token(consultation),
            text=f"{TEXT} {i}",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )
    # with no trusted proxy the header is ignored: the same client, 3 comments in 10 minutes
    assert PublicComment.objects.count() == 3


def test_fields_the_form_does_not_have_are_ignored(users, plan):
    consultation = _open(users, plan)
    _post(
        Client(),
        plan,
        _token(consultation),
        status="published",
        answer="ตอบเอง",
        client_hash="x",
        moderation_note="ok",
        consultation=999,
    )
    stored = PublicComment.objects.get()
    assert stored.status == PublicComment.Status.PENDING
    assert stored.answer == "" and stored.moderation_note == ""
    assert stored.client_hash != "x" and stored.consultation_id == consultation.pk


def test_no_comment_on_a_plan_not_under_consultation(users, plan):
    other = _other_plan(users)  # a Lampang draft, never opened to the public
    consultation = _open(users, plan)
    assert _post(Client(), other, _token(consultation)).status_code == 404
    assert not PublicComment.objects.exists()


def test_another_provinces_editor_cannot_reach_a_comment_through_their_own_plan(users, plan):
    consultation = _open(users, plan)
    comment = consultations.submit_comment(
        consultation,
        consultations.CommentInput(text=TEXT, token=_token(consultation)),
        client_address="203.0.113.1",
    )
    other = _other_plan(users)
    client = Client()
    client.force_login(users["other_editor"])
    base = f"/plans/{other.pk}/consultation/comments/{comment.pk}/"
    assert client.post(base + "moderate/", {"action": "publish"}).status_code == 404
    assert client.post(base + "answer/", {"answer": "ตอบ"}).status_code == 404
    comment.refresh_from_db()
    assert comment.status == PublicComment.Status.PENDING and comment.answer == ""


def test_a_cross_site_post_is_refused(users, plan):
    consultation = _open(users, plan)
    answer = _post(Client(enforce_csrf_checks=True), plan, _token(consultation))
    assert answer.status_code == 403
    assert not PublicComment.objects.exists()


def test_oversized_and_binary_text(users, plan):
    consultation = _open(users, plan)
    answer = _post(Client(), plan, _token(consultation), text="ก" * 50_000)
    assert answer.status_code == 400
    assert not PublicComment.objects.exists()
    _post(Client(), plan, _token(consultation), text=f"{TEXT}\x00\x07\u202e")
    stored = PublicComment.objects.get()
    # NUL, BEL and the right-to-left override are taken out; the Thai words stay
    assert stored.text == TEXT


def test_the_email_never_reaches_the_public(users, plan):
    consultation = _open(users, plan)
    _post(Client(), plan, _token(consultation), email="secret.person@example.org", name="ส")
    stored = PublicComment.objects.get()
    editor = plan_access_for(users["editor"])
    consultations.moderate_comment(editor, users["editor"], stored, "publish")
    consultations.answer_comment(editor, users["editor"], stored, "ขอบคุณ")
    public = Client()
    for path in ("", "consultation/", "risk/"):
        assert "secret.person" not in public.get(f"/plans/{plan.pk}/{path}").content.decode()
    type(plan).objects.filter(pk=plan.pk).update(state=PlanState.PUBLISHED)
    for path in ("", "consultation/", "risk/"):
        assert "secret.person" not in public.get(f"/plans/{plan.pk}/{path}").content.decode()
    assert all("secret.person" not in repr(r) for r in consultations.consultation_annex(plan))
