import pathlib

from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm import lookup
from ansible_collections.officeops.outlook_auth.plugins.module_utils._realm.transport import LookupFailed

SAMPLES = pathlib.Path(__file__).parent / "samples"


class FakeClient(object):
    def __init__(self, answers):
        self.answers = answers
        self.urls = []

    def get(self, url):
        self.urls.append(url)
        answer = self.answers[url]
        if isinstance(answer, Exception):
            raise answer
        return answer


def url(domain):
    return "https://login.example/getuserrealm.srf?login=probe%%40%s&json=1" % domain


def test_each_domain_is_asked_once_with_the_probe_address_and_failures_are_kept_per_domain():
    client = FakeClient({
        url("bloomfield-florist.example"): (SAMPLES / "federated_godaddy_srf.json").read_bytes(),
        url("down.example"): LookupFailed("GET x: HTTP 503 Service Unavailable, after 4 tries"),
        url("html.example"): (SAMPLES / "error_page.html").read_bytes(),
    })
    realms = lookup.look_up_realms(["bloomfield-florist.example", "down.example", "html.example"],
                                   "https://login.example/getuserrealm.srf", client)
    assert client.urls == [url("bloomfield-florist.example"), url("down.example"), url("html.example")]
    assert realms["bloomfield-florist.example"]["godaddy"] is True
    assert realms["down.example"]["error"] == "GET x: HTTP 503 Service Unavailable, after 4 tries"
    assert realms["down.example"]["godaddy"] is None
    assert realms["html.example"]["error"].startswith("the response is not JSON")


def test_the_probe_login_is_synthetic():
    assert lookup.probe_login("contoso.example") == "probe@contoso.example"
