"""Which address a request comes from: the peer's, or behind a proxy (proxy_mode) the one the
proxy put last in X-Forwarded-For."""

from __future__ import annotations

from erpserver.config import Config
from erpserver.http.request import Request

FORWARDED = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.9"}


def test_the_peer_address_without_proxy_mode() -> None:
    """Test X-Forwarded-For is ignored unless the configuration says a proxy sets it."""
    assert Request(FORWARDED, Config(data_dir="/nonexistent")).caller.remote_addr == "10.0.0.2"


def test_the_address_the_proxy_added_in_proxy_mode() -> None:
    """Test the last X-Forwarded-For entry counts: the earlier ones come from the client."""
    request = Request(FORWARDED, Config(data_dir="/nonexistent", proxy_mode=True))

    assert request.caller.remote_addr == "203.0.113.9"


def test_the_peer_address_in_proxy_mode_when_the_header_is_missing() -> None:
    """Test a request that did not pass through the proxy keeps its peer address."""
    request = Request({"REMOTE_ADDR": "10.0.0.3"}, Config(data_dir="/nonexistent", proxy_mode=True))

    assert request.caller.remote_addr == "10.0.0.3"
