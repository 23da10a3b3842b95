import pytest

from ansible_collections.officeops.outlook_auth.plugins.module_utils._validation import check_choice


def test_a_listed_value_is_returned():
    assert check_choice("method", "signout", ("signout", "full")) == "signout"


@pytest.mark.parametrize("value", ["Signout", None, "", 1])
def test_anything_else_names_the_option_the_choices_and_the_value(value):
    with pytest.raises(ValueError) as raised:
        check_choice("method", value, ("signout", "full"))
    assert str(raised.value) == "method: expected one of signout, full, got %r" % (value,)
