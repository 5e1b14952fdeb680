"""The client's address of a request, behind a known number of trusted proxies.

Login throttling (django-axes) and API throttling key on this address. Each trusted
proxy appends the address it received the connection from to ``X-Forwarded-For``
(nginx: ``$proxy_add_x_forwarded_for``), so counting from the right end of the chain
``X-Forwarded-For + [REMOTE_ADDR]`` past the trusted proxies gives the first address
no client can forge; whatever a client writes into the header itself stands further
left and is ignored. With no trusted proxy the address is the connection's own.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The address of the client (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = int(getattr(settings, "CLIMATEPLAN_TRUSTED_PROXIES", 0))
    if trusted <= 0:
        return _valid(remote) or remote or None
    forwarded = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    chain = [*forwarded, remote]
    if len(chain) <= trusted:
        # Fewer hops than trusted proxies: the request did not come through them all.
        return _valid(remote) or remote or None
    return _valid(chain[-(trusted + 1)]) or _valid(remote) or remote or None
