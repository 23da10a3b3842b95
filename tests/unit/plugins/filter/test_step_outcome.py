"""step_outcome: the report entry of a remediation step from its module result."""

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.officeops.outlook_auth.plugins.filter.step_outcome import FilterModule, step_outcome


def test_failed_wins_over_changed():
    assert step_outcome({"failed": True, "changed": True, "msg": "vault refused"}) == {"status": "failed", "msg": "vault refused"}


def test_a_failure_without_message_still_says_so():
    assert step_outcome({"failed": True})["msg"] == "the step's task failed"


def test_a_skipped_task_keeps_its_reason():
    assert step_outcome({"skipped": True, "skip_reason": "Conditional result was False"}) == {
        "status": "skipped", "msg": "Conditional result was False"}


def test_every_user_skipped_is_a_skip_with_the_reasons():
    result = {"changed": False, "msg": "nothing", "users": [
        {"user": "PC\\tom", "status": "skipped", "reason": "not logged on"},
        {"user": "PC\\lee", "status": "skipped", "reason": None}]}
    assert step_outcome(result) == {"status": "skipped", "msg": "PC\\lee: skipped; PC\\tom: not logged on"}


def test_one_user_acted_on_is_not_a_skip():
    result = {"changed": True, "msg": "1 user changed", "users": [
        {"user": "PC\\anna", "status": "changed"}, {"user": "PC\\tom", "status": "skipped", "reason": "not logged on"}]}
    assert step_outcome(result) == {"status": "changed", "msg": "1 user changed"}


@pytest.mark.parametrize("changed, status", [(True, "changed"), (False, "ok")])
def test_changed_or_ok(changed, status):
    assert step_outcome({"changed": changed, "msg": "done"}) == {"status": status, "msg": "done"}


def test_not_a_result_is_refused_with_the_type():
    with pytest.raises(AnsibleFilterError, match="got list"):
        step_outcome([])


def test_registered_under_its_name():
    assert FilterModule().filters()["step_outcome"] is step_outcome
