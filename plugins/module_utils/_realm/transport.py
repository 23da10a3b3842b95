# -*- coding: utf-8 -*-
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET the user-realm endpoint, with a time limit and retries on what can pass.

Retried: time-outs, connection errors, HTTP 429 and 5xx, with exponential back-off, or the
delay a ``Retry-After`` header asks for (RFC 9110 10.2.3: seconds or an HTTP date), capped
so one odd header cannot stall an audit. Not retried: other HTTP errors and certificate
failures, which a second try would only repeat.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import time
from datetime import datetime, timezone
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from ansible.module_utils.urls import ConnectionError as AnsibleConnectionError
from ansible.module_utils.urls import open_url

MAX_BODY_BYTES = 1024 * 1024
MAX_BACKOFF_SECONDS = 30.0
MAX_RETRY_AFTER_SECONDS = 60.0
USER_AGENT = "officeops.outlook_auth-m365_user_realm"


class LookupFailed(Exception):
    """No answer after every try; the message says what the last try met."""


def realm_url(base_url, login):
    """The lookup URL for ``login`` at ``base_url``.

    ``.../getuserrealm.srf`` (the default) takes ``?login=<address>&json=1``; a base ending
    in ``/userrealm`` takes the address as the last path segment with ``?api-version=2.1``.
    A query already in ``base_url`` is kept in front.
    """
    parts = urlsplit(base_url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("base_url: expected an http:// or https:// URL, got %r" % (base_url,))
    path = parts.path
    if path.rstrip("/").lower().endswith("/userrealm"):
        path = "%s/%s" % (path.rstrip("/"), quote(login, safe="@"))
        query = urlencode({"api-version": "2.1"})
    else:
        query = urlencode({"login": login, "json": "1"})
    if parts.query:
        query = "%s&%s" % (parts.query, query)
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def retry_after_seconds(value, now=None):
    """Seconds a ``Retry-After`` value asks to wait (never negative), or None if unreadable."""
    if value is None:
        return None
    text = str(value).strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def _timed_out(error):
    reason = getattr(error, "reason", error)
    return isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason).lower()


def _certificate_failure(error):
    reason = getattr(error, "reason", error)
    return isinstance(reason, ssl.SSLCertVerificationError) or "certificate verify failed" in str(reason).lower()


class RealmClient(object):
    """GETs with retries; counts the HTTP requests it makes (``requests``)."""

    def __init__(self, timeout=10, retries=3, validate_certs=True, backoff=1.0, opener=open_url, sleep=time.sleep):
        self.timeout = timeout
        self.retries = retries
        self.validate_certs = validate_certs
        self.backoff = backoff
        self.requests = 0
        self._open = opener
        self._sleep = sleep

    def _delay(self, attempt, retry_after):
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER_SECONDS)
        return min(self.backoff * (2 ** (attempt - 1)), MAX_BACKOFF_SECONDS)

    def _once(self, url):
        """(body, None, None) on success, else (None, why, retry_after) with retry_after
        False when trying again cannot help."""
        self.requests += 1
        try:
            response = self._open(url, method="GET", headers={"Accept": "application/json"}, timeout=self.timeout,
                                  validate_certs=self.validate_certs, http_agent=USER_AGENT, follow_redirects="safe")
            try:
                body = response.read(MAX_BODY_BYTES + 1)
            finally:
                response.close()
        except HTTPError as error:
            status = error.code
            retry_after = retry_after_seconds(error.headers.get("Retry-After")) if error.headers else None
            error.close()
            why = "HTTP %d %s" % (status, error.reason)
            if status == 429 or status >= 500:
                return None, why, retry_after
            return None, why + " (not retried)", False
        except (URLError, OSError, http.client.HTTPException, AnsibleConnectionError) as error:
            if _certificate_failure(error):
                return None, "certificate verification failed (%s); validate_certs=false skips the check" % (
                    getattr(error, "reason", error),), False
            if _timed_out(error):
                return None, "no answer within %s seconds (timeout)" % self.timeout, None
            return None, "connection failed: %s" % (getattr(error, "reason", None) or error,), None
        if len(body) > MAX_BODY_BYTES:
            return None, "the answer is larger than %d bytes, not a user-realm document" % MAX_BODY_BYTES, False
        return body, None, None

    def get(self, url):
        """The body of ``url``; LookupFailed naming the URL, the tries and the last reason."""
        attempts = self.retries + 1
        for attempt in range(1, attempts + 1):
            body, why, retry_after = self._once(url)
            if why is None:
                return body
            if retry_after is False:
                raise LookupFailed("GET %s: %s" % (url, why))
            if attempt < attempts:
                self._sleep(self._delay(attempt, retry_after))
        raise LookupFailed("GET %s: %s, after %d tries" % (url, why, attempts))
