"""Attack: a write that was allowed when it started lands after the inventory moved on.

The attacker (the province's editor) starts a slow upload, and while the file is
parsed the inventory is submitted and approved. Every write must check state,
version, permission and revision again at commit time, on the locked row.

The slow part is reproduced deterministically: the engine's reader (or evaluator)
is wrapped so that the submit and the approval happen while it runs.
"""

from __future__ import annotations

import pytest

from climateplan.inventory.web import services
from climateplan.inventory.web.models import Change, State
from tests.web.conftest import advance

pytestmark = pytest.mark.django_db

MORE_LINES = (
    "gpc_ref,method,activity,amount,unit,note\n"
    "I.1.1,fuel_combustion,lpg,5,t,late upload\n"
    "I.1.1,fuel_combustion,lpg,6,t,late upload\n"
)


def _approve_meanwhile(monkeypatch, inventory, users, name):
    """Wrap ``services.<name>`` so that the draft is submitted and approved while it runs."""
    original = getattr(services, name)
    state = {"done": False}

    def slow(*args, **kwargs):
        if not state["done"]:
            state["done"] = True
            advance(inventory, users, "submit", "approve")
        return original(*args, **kwargs)

    monkeypatch.setattr(services, name, slow)


def _assert_untouched_approved(inventory, lines_before):
    inventory.refresh_from_db()
    assert inventory.state == State.APPROVED
    assert inventory.lines.count() == lines_before
    assert not inventory.lines.filter(note="late upload").exists()
    approval = inventory.changes.filter(action=Change.Action.TRANSITION).order_by("at").last()
    later = inventory.changes.filter(at__gte=approval.at).exclude(pk=approval.pk)
    assert not later.filter(
        action__in=[
            Change.Action.UPLOAD,
            Change.Action.LINE_ADD,
            Change.Action.LINE_EDIT,
            Change.Action.LINE_DELETE,
        ]
    ).exists()


def test_upload_with_a_revision_two_ahead_never_lands_on_the_approved_inventory(
    draft, users, monkeypatch
):
    # The reported attack: the editor names revision r+2 (the revision the inventory
    # will have after submit and approve), and the upload is parsed while they happen.
    # The early check is skipped here (as a request that started before the early check
    # could see the new revision would): only the commit-time check stands in the way.
    lines_before = draft.lines.count()
    ahead = draft.revision + 2
    monkeypatch.setattr(services, "expect_revision", lambda *a, **k: None, raising=False)
    _approve_meanwhile(monkeypatch, draft, users, "read_activity")
    with pytest.raises(services.WorkflowError) as caught:
        services.upload(
            users["editor"], draft, "late.csv", MORE_LINES.encode(), expected_revision=ahead
        )
    assert "approved" in caught.value.message_en and "อนุมัติ" in caught.value.message_th
    _assert_untouched_approved(draft, lines_before)


def test_upload_at_the_right_revision_is_refused_when_approved_while_parsing(
    draft, users, monkeypatch
):
    lines_before = draft.lines.count()
    _approve_meanwhile(monkeypatch, draft, users, "read_activity")
    with pytest.raises(services.WorkflowError):
        services.upload(
            users["editor"],
            draft,
            "late.csv",
            MORE_LINES.encode(),
            expected_revision=draft.revision,
            mode="append",
        )
    _assert_untouched_approved(draft, lines_before)


def test_upload_with_a_revision_ahead_is_refused_before_parsing(draft, users, monkeypatch):
    calls = []
    monkeypatch.setattr(services, "read_activity", lambda *a, **k: calls.append(1))
    with pytest.raises(services.Conflict) as caught:
        services.upload(
            users["editor"],
            draft,
            "late.csv",
            MORE_LINES.encode(),
            expected_revision=draft.revision + 2,
        )
    assert caught.value.current_revision == draft.revision
    assert calls == []  # refused before the file was read


@pytest.mark.parametrize("kind", ["add", "edit", "delete"])
def test_line_changes_are_refused_when_approved_while_validating(draft, users, monkeypatch, kind):
    lines_before = draft.lines.count()
    line = draft.lines.order_by("position").first()
    _approve_meanwhile(monkeypatch, draft, users, "evaluate")
    values = {
        "gpc_ref": "I.1.1",
        "method": "fuel_combustion",
        "activity": "lpg",
        "amount": 7,
        "unit": "t",
        "note": "late upload",
    }
    with pytest.raises(services.WorkflowError):
        if kind == "add":
            services.save_line(users["editor"], draft, values, expected_revision=draft.revision)
        elif kind == "edit":
            services.save_line(
                users["editor"], draft, values, expected_revision=draft.revision, line=line
            )
        else:
            services.delete_line(users["editor"], draft, line, expected_revision=draft.revision)
    _assert_untouched_approved(draft, lines_before)
    assert draft.lines.filter(pk=line.pk, note=line.note, amount=line.amount).exists()


def test_a_transition_is_checked_again_on_the_locked_row(draft, users, monkeypatch):
    # The reviewer approves while the editor's "submit" of an older page is under way:
    # the editor's submit must not move the approved inventory back or forward.
    advance(draft, users, "submit")
    revision = draft.revision
    original = services._check_transition
    calls = {"n": 0}

    def approve_between(user, action, comment, inventory):
        calls["n"] += 1
        original(user, action, comment, inventory)
        if calls["n"] == 1:  # the early check passed; approve before the locked re-check
            advance(draft, users, "approve")

    monkeypatch.setattr(services, "_check_transition", approve_between)
    with pytest.raises(services.WorkflowError) as caught:
        services.transition(
            users["reviewer"], draft, "return", expected_revision=revision, comment="row 3?"
        )
    assert "approved" in caught.value.message_en  # the state, seen on the locked row
    draft.refresh_from_db()
    assert draft.state == State.APPROVED


def test_recompute_leaves_an_approved_inventory_as_approved(draft, users):
    approved = advance(draft, users, "submit", "approve")
    document = approved.result
    approved.result_problems = [{"message_en": "stale", "message_th": "เก่า"}]
    assert services.recompute(approved) is False
    approved.refresh_from_db()
    assert approved.result == document
    assert approved.result_problems == []
