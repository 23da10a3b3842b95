from ansible_collections.officeops.outlook_auth.plugins.module_utils._facts import events

# Message text as the AAD/Operational log shows it for event 1098 (token broker failure) and
# 1097 (a network failure of the broker), and an Office alert (OAlerts, event 300).
AAD_1098 = ("Error: 0xCAA5001C Token broker operation failed.\r\nExact Error Message : Token broker operation failed. "
            "Code: 0xcaa5001c\r\nLogged at AadTokenBrokerPlugin.cpp, line: 123, method: AADTokenBrokerPlugin::RequestToken.")
AAD_NETWORK = ("Error: 0xCAA82EE2 The request has timed out.\r\nLogged at WinHttpTransport.cpp, line: 295, method: "
               "WinHttpTransport::SendRequest.")
KEYSET = "Error: 0x80090016 Keyset does not exist\r\nLogged at keymanager.cpp"
OALERT = "Microsoft Outlook\r\nSomething went wrong. [1200]\r\n657rx"


def test_codes_are_found_once_and_normalised():
    assert events.error_codes(AAD_1098) == ["0xCAA5001C"]
    assert events.error_codes(KEYSET) == [events.NTE_BAD_KEYSET]
    assert events.error_codes("") == [] and events.error_codes(None) == []


def test_network_codes():
    assert events.is_network_code(events.error_codes(AAD_NETWORK)[0])
    assert not events.is_network_code("0xCAA5001C")
    assert events.is_network_code("0xcaa20003")


def test_office_codes_from_an_alert():
    assert events.office_codes(OALERT) == ["[1200]", "657rx"]


def test_normalise_orders_newest_first_and_keeps_log_errors():
    logs = [
        {"log": "Microsoft-Windows-AAD/Operational", "error": None, "events": [
            {"log": "Microsoft-Windows-AAD/Operational", "id": 1098, "time": "2026-11-20T08:05:11Z", "level": "Error",
             "message": AAD_1098},
            {"log": "Microsoft-Windows-AAD/Operational", "id": 1097, "time": "2026-11-20T09:00:00Z", "level": "Error",
             "message": None}]},
        {"log": "OAlerts", "error": "There is not an event log on the localhost computer that matches \"OAlerts\".", "events": []},
    ]
    found, errors = events.normalise(logs)
    assert [e["time"] for e in found] == ["2026-11-20T09:00:00Z", "2026-11-20T08:05:11Z"]
    assert found[0]["error_codes"] == [] and found[0]["message"] == ""
    assert errors == [{"log": "OAlerts", "error": logs[1]["error"]}]
