import http.client
import io
import socket
import ssl
from datetime import datetime, timezone
from urllib.error import HTTPError, URLError

import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm import transport

URL = "https://login.example/getuserrealm.srf?login=probe%40a.example&json=1"


class Body(object):
    def __init__(self, data):
        self.data = data
        self.closed = False

    def read(self, limit):
        return self.data[:limit]

    def close(self):
        self.closed = True


def http_error(code, reason="Error", retry_after=None):
    headers = http.client.HTTPMessage()
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    return HTTPError(URL, code, reason, headers, io.BytesIO(b""))


class Script(object):
    """An opener that plays a list of outcomes (bytes = answer, exception = raised) and
    records how it was called."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = []

    def __call__(self, url, **kwargs):
        self.calls.append((url, kwargs))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return Body(outcome)


def client(script, retries=3, **kwargs):
    sleeps = []
    made = transport.RealmClient(timeout=5, retries=retries, opener=script, sleep=sleeps.append, **kwargs)
    return made, sleeps


@pytest.mark.parametrize("base,expected", [
    ("https://login.microsoftonline.com/getuserrealm.srf",
     "https://login.microsoftonline.com/getuserrealm.srf?login=probe%40a.example&json=1"),
    ("https://login.microsoftonline.com/common/userrealm",
     "https://login.microsoftonline.com/common/userrealm/probe@a.example?api-version=2.1"),
    ("https://login.microsoftonline.com/common/userrealm/",
     "https://login.microsoftonline.com/common/userrealm/probe@a.example?api-version=2.1"),
    ("http://127.0.0.1:8080/getuserrealm.srf?mock=1",
     "http://127.0.0.1:8080/getuserrealm.srf?mock=1&login=probe%40a.example&json=1"),
])
def test_realm_url_in_both_endpoint_forms(base, expected):
    assert transport.realm_url(base, "probe@a.example") == expected


@pytest.mark.parametrize("base", ["login.microsoftonline.com/getuserrealm.srf", "ftp://x.example/", "https://", "", None])
def test_realm_url_refuses_what_is_not_an_http_url(base):
    with pytest.raises(ValueError, match=r"^base_url: expected an http:// or https:// URL, got "):
        transport.realm_url(base, "probe@a.example")


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert transport.retry_after_seconds("7") == 7.0
    assert transport.retry_after_seconds("Fri, 02 Jan 2026 03:04:35 GMT", now=now) == 30.0
    assert transport.retry_after_seconds("Thu, 01 Jan 2026 00:00:00 GMT", now=now) == 0.0
    assert transport.retry_after_seconds("soon") is None
    assert transport.retry_after_seconds("-3") is None
    assert transport.retry_after_seconds(None) is None


def test_an_answer_is_returned_with_the_request_settings():
    script = Script(b'{"NameSpaceType":"Managed"}')
    made, sleeps = client(script, validate_certs=False)
    assert made.get(URL) == b'{"NameSpaceType":"Managed"}'
    url, kwargs = script.calls[0]
    assert url == URL and kwargs["timeout"] == 5 and kwargs["validate_certs"] is False and kwargs["method"] == "GET"
    assert made.requests == 1 and sleeps == []


def test_a_server_error_is_retried_with_growing_backoff():
    script = Script(http_error(500), http_error(502), http_error(503), b"{}")
    made, sleeps = client(script)
    assert made.get(URL) == b"{}"
    assert made.requests == 4 and sleeps == [1.0, 2.0, 4.0]


def test_the_backoff_is_capped():
    made, _sleeps = client(Script())
    assert made._delay(10, None) == transport.MAX_BACKOFF_SECONDS


def test_retry_after_is_honoured_and_capped():
    script = Script(http_error(429, "Too Many Requests", "7"), http_error(503, retry_after="3600"), b"{}")
    made, sleeps = client(script)
    assert made.get(URL) == b"{}"
    assert sleeps == [7.0, transport.MAX_RETRY_AFTER_SECONDS]


def test_giving_up_names_the_url_the_reason_and_the_tries():
    script = Script(*[http_error(503, "Service Unavailable")] * 3)
    made, sleeps = client(script, retries=2)
    with pytest.raises(transport.LookupFailed) as raised:
        made.get(URL)
    assert str(raised.value) == "GET %s: HTTP 503 Service Unavailable, after 3 tries" % URL
    assert made.requests == 3 and len(sleeps) == 2


@pytest.mark.parametrize("failure,reason", [
    (http_error(404, "Not Found"), "HTTP 404 Not Found (not retried)"),
    (http_error(400, "Bad Request"), "HTTP 400 Bad Request (not retried)"),
    (URLError(ssl.SSLCertVerificationError(1, "certificate verify failed: self-signed certificate")),
     "certificate verification failed"),
])
def test_what_a_retry_cannot_fix_is_not_retried(failure, reason):
    made, sleeps = client(Script(failure, b"{}"))
    with pytest.raises(transport.LookupFailed) as raised:
        made.get(URL)
    assert reason in str(raised.value)
    assert made.requests == 1 and sleeps == []


@pytest.mark.parametrize("failure,reason", [
    (socket.timeout("timed out"), "no answer within 5 seconds (timeout)"),
    (URLError(socket.timeout("timed out")), "no answer within 5 seconds (timeout)"),
    (URLError(ConnectionRefusedError(111, "Connection refused")), "connection failed: [Errno 111] Connection refused"),
    (http.client.RemoteDisconnected("Remote end closed connection without response"), "connection failed: Remote end closed"),
    (ConnectionResetError(104, "Connection reset by peer"), "connection failed: [Errno 104] Connection reset by peer"),
])
def test_timeouts_and_connection_errors_are_retried(failure, reason):
    made, sleeps = client(Script(failure, failure, b"{}"))
    assert made.get(URL) == b"{}"
    assert made.requests == 3 and sleeps == [1.0, 2.0]
    made, _sleeps = client(Script(failure), retries=0)
    with pytest.raises(transport.LookupFailed) as raised:
        made.get(URL)
    assert reason in str(raised.value) and "after 1 tries" in str(raised.value)


def test_an_oversized_answer_is_refused(monkeypatch):
    monkeypatch.setattr(transport, "MAX_BODY_BYTES", 10)
    made, _sleeps = client(Script(b"x" * 11))
    with pytest.raises(transport.LookupFailed, match="larger than 10 bytes"):
        made.get(URL)
    assert made.requests == 1
