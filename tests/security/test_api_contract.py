"""The API keeps its contract: schemathesis generates requests from /api/schema/ (valid
and invalid ones) and checks every answer with all its checks: no server error, a
documented status code and content type, a body that matches the schema, invalid
requests refused, valid ones accepted, authentication not ignored.

Run against the Django application in-process (WSGI) with the demo data set, as
each role with its own API token and anonymously, the roles taking turns. Examples
per operation are bounded (``CLIMATEPLAN_CONTRACT_EXAMPLES``, default 5: each role once) so the run
stays within a few minutes on two cores; raise it for a deeper search.
"""

from __future__ import annotations

import itertools
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks as st_checks

EXAMPLES = int(os.environ.get("CLIMATEPLAN_CONTRACT_EXAMPLES", "5"))
ROLES = ("anonymous", "demo-admin", "demo-reviewer", "demo-editor", "demo-viewer")

_TURN = itertools.count()

ALL_CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_headers_conformance,
    st_checks.response_schema_conformance,
    st_checks.negative_data_rejection,
    st_checks.positive_data_acceptance,
    st_checks.missing_required_header,
    st_checks.ignored_auth,
    st_checks.unsupported_method,
    st_checks.use_after_free,
    st_checks.ensure_resource_availability,
]

pytestmark = [pytest.mark.slow]

# Writes whose validity depends on reference data and on the inventory's own state (a
# factor's family and parameter, an activity code and its unit, a workbook's content)
# cannot be told from the schema: a schema-valid request may meet a located 400.
DOMAIN_CHECKED = [
    "POST /api/factors/",
    "PUT /api/factors/{id}/",
    "PATCH /api/factors/{id}/",
    "POST /api/inventories/",
    "POST /api/inventories/{id}/lines/",
    "PUT /api/inventories/{id}/lines/{line_id}/",
    "PATCH /api/inventories/{id}/lines/{line_id}/",
    "POST /api/inventories/{id}/upload/",
    "POST /api/inventories/{id}/comments/",
    "POST /api/inventories/{id}/transitions/",
    "POST /api/token/",
    "POST /api/plans/",
    "PATCH /api/plans/{id}/",
    "POST /api/plans/{id}/transition/",
    "POST /api/plans/{id}/endorse/",
    "PUT /api/plans/{id}/sections/{kind}/",
    "POST /api/plans/{id}/sections/{kind}/review/",
    "POST /api/plans/{id}/sections/{kind}/actions/",
    "PUT /api/plans/{id}/sections/{kind}/actions/{code}/",
    "DELETE /api/plans/{id}/sections/{kind}/actions/{code}/",
    "POST /api/plans/{id}/sections/{kind}/upload/",
    "POST /api/plans/{id}/comments/",
    "POST /api/plans/{plan_pk}/monitoring/reports/",
    "PUT /api/plans/{plan_pk}/monitoring/reports/{id}/",
    "POST /api/plans/{plan_pk}/monitoring/reports/{id}/submit/",
    "POST /api/plans/{plan_pk}/monitoring/reports/{id}/review/",
    "POST /api/plans/{plan_pk}/monitoring/reports/{id}/evidence/",
]
CONFIG = schemathesis.Config.from_dict(
    {
        "operations": [
            {
                "include-name": DOMAIN_CHECKED,
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
                    }
                },
            }
        ]
    }
)


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo data set (accounts per role, 15 inventories) loaded once for the module,
    inside a transaction rolled back at its end; a token per demo account."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from climateplan.inventory.web import demo

    with django_db_blocker.unblock(), transaction.atomic():
        accounts = demo.create_accounts()
        demo.load_demo()
        tokens = {
            account.username: Token.objects.create(
                user=get_user_model().objects.get(username=account.username)
            ).key
            for account in accounts
        }
        yield tokens
        transaction.set_rollback(True)


@pytest.fixture
def api_schema(demo_world, db):
    from django.core.cache import cache
    from django.core.wsgi import get_wsgi_application

    cache.clear()
    return schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", get_wsgi_application(), config=CONFIG
    )


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_keeps_its_schema(case, demo_world):
    """The generated requests of each operation take the roles in turn (five examples
    or more per operation: every role, the anonymous public included)."""
    role = ROLES[next(_TURN) % len(ROLES)]
    headers = {} if role == "anonymous" else {"Authorization": f"Token {demo_world[role]}"}
    case.call_and_validate(headers=headers, checks=ALL_CHECKS)
