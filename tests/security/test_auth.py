"""Authentication attacks: lock-out through a proxy, spoofed X-Forwarded-For, an
unthrottled token endpoint, and the answer to an unauthenticated API request.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from rest_framework.test import APIClient

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"  # the TLS proxy's address, as the site sees the connection
VICTIM = "49.228.10.20"  # the officer's own address
ATTACKER = "203.0.113.66"


def _login(client: Client, address_meta: dict, password: str):
    return client.post(
        "/accounts/login/", {"username": "editor", "password": password}, **address_meta
    )


def _through_proxy(client_address: str, forwarded_by_client: str = "") -> dict:
    """The request as the site receives it from a proxy that appends the peer's address
    to X-Forwarded-For (nginx ``$proxy_add_x_forwarded_for``)."""
    chain = f"{forwarded_by_client}, {client_address}" if forwarded_by_client else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


@override_settings(CLIMATEPLAN_TRUSTED_PROXIES=1, AXES_FAILURE_LIMIT=3)
def test_attacker_behind_the_proxy_cannot_lock_out_the_victim(users):
    """Before the fix every request behind the proxy had the proxy's address: three
    failures by anyone locked the account for everyone."""
    codes = [_login(Client(), _through_proxy(ATTACKER), "wrong").status_code for _ in range(3)]
    assert codes == [200, 200, 429]  # the third failure reaches the limit
    assert _login(Client(), _through_proxy(ATTACKER), PASSWORD).status_code == 429
    # the victim, from their own address through the same proxy, still logs in
    answer = _login(Client(), _through_proxy(VICTIM), PASSWORD)
    assert answer.status_code == 302, answer.content[:300]


@override_settings(CLIMATEPLAN_TRUSTED_PROXIES=1, AXES_FAILURE_LIMIT=3)
def test_spoofed_forwarded_for_neither_escapes_nor_frames(users):
    """An attacker who writes the victim's address (or a new one each time) into
    X-Forwarded-For is still counted at their own address: the proxy's appended entry."""
    for spoof in ("1.1.1.1", "2.2.2.2", VICTIM):
        _login(Client(), _through_proxy(ATTACKER, forwarded_by_client=spoof), "wrong")
    # locked at the attacker's real address whatever they forge next
    blocked = _login(Client(), _through_proxy(ATTACKER, forwarded_by_client="9.9.9.9"), PASSWORD)
    assert blocked.status_code == 429
    # and the victim whose address was forged is not locked
    assert _login(Client(), _through_proxy(VICTIM), PASSWORD).status_code == 302


@override_settings(CLIMATEPLAN_TRUSTED_PROXIES=0, AXES_FAILURE_LIMIT=3)
def test_without_a_trusted_proxy_the_header_is_ignored(users):
    """A site reached directly: X-Forwarded-For is the client's own text, never trusted."""
    from climateplan.site.client_ip import client_ip

    request = Client().get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM).wsgi_request
    assert client_ip(request) == ATTACKER


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        # two proxies (load balancer, then nginx): the second entry from the right
        (2, "49.228.10.20, 10.0.0.9", "49.228.10.20"),
        (2, "6.6.6.6, 49.228.10.20, 10.0.0.9", "49.228.10.20"),
        # fewer hops than trusted proxies: the connection's address
        (2, "", PROXY),
        # an entry that is no address at the trusted position: the connection's address
        (1, "not-an-address", PROXY),
    ],
)
def test_client_address_counts_trusted_proxies_from_the_right(trusted, forwarded, expected):
    from django.test import RequestFactory

    from climateplan.site.client_ip import client_ip

    meta = {"REMOTE_ADDR": PROXY}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(CLIMATEPLAN_TRUSTED_PROXIES=trusted):
        assert client_ip(RequestFactory().get("/", **meta)) == expected


def test_token_endpoint_is_throttled(users):
    """ObtainAuthToken declares ``throttle_classes = ()``: before the fix the scope set on
    the subclass did nothing and passwords could be tried without limit. The rate is
    10/minute (settings REST_FRAMEWORK token scope): the 11th request answers 429."""
    cache.clear()
    api = APIClient(REMOTE_ADDR=ATTACKER)
    codes = [
        api.post("/api/token/", {"username": "nobody", "password": f"guess-{i}"}).status_code
        for i in range(11)
    ]
    assert codes[:10] == [400] * 10
    assert codes[10] == 429
    # another client address is not affected
    other = APIClient(REMOTE_ADDR=VICTIM).post(
        "/api/token/", {"username": "editor", "password": PASSWORD}
    )
    assert other.status_code == 200


def test_token_throttle_ignores_a_forged_forwarded_for(users):
    """DRF keyed anonymous throttling on the whole X-Forwarded-For text: a new forged
    value per request escaped the limit."""
    cache.clear()
    codes = [
        APIClient(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"7.7.7.{i}")
        .post("/api/token/", {"username": "nobody", "password": "x"})
        .status_code
        for i in range(11)
    ]
    assert codes[10] == 429


@pytest.mark.parametrize(
    "path",
    ["/api/factors/", "/api/factors/all/", "/api/factors/1/"],
)
def test_unauthenticated_api_request_answers_401_with_a_challenge(path, users):
    """RFC 9110 §15.5.2: 401 carries WWW-Authenticate; before the fix it was 403."""
    answer = APIClient().get(path)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == 'Token realm="api"' or answer.headers[
        "WWW-Authenticate"
    ].startswith("Token")


def test_signed_in_user_without_the_right_answers_403(users):
    api = APIClient()
    api.force_authenticate(users["no_role"])
    assert api.get("/api/factors/").status_code == 403
    editor = APIClient()
    editor.force_authenticate(users["editor"])
    assert editor.post("/api/factors/", {}, format="json").status_code == 403
