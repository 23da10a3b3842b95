import textwrap

import pytest

from tools import check_spec_docs
from ansible_collections.officeops.outlook_auth.plugins.module_utils._contract.schema import key_names

PROTOCOL = ("_phase", "_ops")

SPEC_PS1 = """#!powershell
#AnsibleRequires -CSharpUtil Ansible.Basic
$spec = @{
    options = @{
        user = @{ type = 'str'; default = 'interactive' }
        match = @{ type = 'list'; elements = 'str'; aliases = @('targets') }
        mode = @{ type = 'str'; choices = 'fast', 'safe'; default = 'safe' }
        retries = @{ type = 'int'; default = 3 }
        _phase = @{ type = 'str'; choices = @('probe', 'apply'); default = 'probe' }
        _ops = @{ type = 'list'; elements = 'dict'; default = @() }
    }
    supports_check_mode = $true
}
$module = [Ansible.Basic.AnsibleModule]::Create($args, $spec)
$module.Result.probe = @{ items = @(@{ name = 'x' }) }
switch ($op.op) {
    'delete_item' { }
}
"""

DOCS = '''
DOCUMENTATION = r"""
module: sample
short_description: sample
description: [sample]
options:
  user:
    description: who
    type: str
    default: interactive
  match:
    description: what
    type: list
    elements: str
    aliases: [targets]
  mode:
    description: how
    type: str
    choices: [safe, fast]
    default: safe
  retries:
    description: how often
    type: int
    default: 3
  _phase:
    description: internal
    type: str
    choices: [probe, apply]
    default: probe
  _ops:
    description: internal
    type: list
    elements: dict
    default: []
"""
'''


@pytest.fixture
def root(tmp_path):
    (tmp_path / "plugins" / "modules").mkdir(parents=True)
    (tmp_path / "plugins" / "doc_fragments").mkdir(parents=True)
    twins = tmp_path / "plugins" / "plugin_utils" / "_lab" / "twins"
    twins.mkdir(parents=True)
    (twins / "sample.py").write_text("def run(state, args, check_mode):\n    return {}\n")
    return tmp_path


def write_module(root, ps1=SPEC_PS1, docs=DOCS):
    path = root / "plugins" / "modules" / "sample.ps1"
    path.write_text(ps1, encoding="utf-8")
    (root / "plugins" / "modules" / "sample.py").write_text(docs, encoding="utf-8")
    return path


def test_undocumented_protocol_option_is_reported(root):
    docs = DOCS.replace("  _ops:\n    description: internal\n    type: list\n    elements: dict\n    default: []\n", "")
    problems = check_spec_docs.check_module(root, write_module(root, docs=docs), PROTOCOL)[0]
    assert problems == ["plugins/modules/sample.ps1: option '_ops' is in the spec but not documented"]


def test_matching_spec_and_docs_pass(root):
    problems, spec = check_spec_docs.check_module(root, write_module(root), PROTOCOL)
    assert problems == []
    assert spec["options"]["mode"]["choices"] == ["fast", "safe"]


@pytest.mark.parametrize("old,new,expected", [
    ("retries = @{ type = 'int'; default = 3 }", "retries = @{ type = 'int'; default = 5 }",
     "option 'retries' default differs: spec 5, docs 3"),
    ("retries = @{ type = 'int'; default = 3 }", "retries = @{ type = 'str'; default = 3 }",
     "option 'retries' type differs"),
    ("choices = 'fast', 'safe'", "choices = 'fast', 'safe', 'reckless'", "option 'mode' choices differs"),
    ("aliases = @('targets')", "aliases = @('target')", "option 'match' aliases differs"),
    ("user = @{ type = 'str'; default = 'interactive' }",
     "user = @{ type = 'str'; default = 'interactive' }\n        extra = @{ type = 'bool' }",
     "option 'extra' is in the spec but not documented"),
    ("user = @{ type = 'str'; default = 'interactive' }", "user = @{ type = 'str'; required = $true }",
     "option 'user' default differs"),
    ("_ops = @{", "_secret = @{ type = 'str' }\n        _ops = @{", "option '_secret' starts with '_'"),
    ("supports_check_mode = $true", "supports_check_mode = $false", "does not declare supports_check_mode"),
])
def test_each_kind_of_drift_is_reported(root, old, new, expected):
    assert old in SPEC_PS1
    problems = check_spec_docs.check_module(root, write_module(root, ps1=SPEC_PS1.replace(old, new)), PROTOCOL)[0]
    assert any(expected in problem for problem in problems), problems


def test_documented_option_missing_from_spec_is_reported(root):
    ps1 = SPEC_PS1.replace("        retries = @{ type = 'int'; default = 3 }\n", "")
    problems = check_spec_docs.check_module(root, write_module(root, ps1=ps1), PROTOCOL)[0]
    assert problems == ["plugins/modules/sample.ps1: option 'retries' is documented but not in the spec"]


def test_spec_that_is_not_a_literal_is_rejected(root):
    ps1 = SPEC_PS1.replace("default = 3", "default = $env:RETRIES")
    problems = check_spec_docs.check_module(root, write_module(root, ps1=ps1), PROTOCOL)[0]
    assert problems and "$spec must be a literal" in problems[0]


def test_missing_doc_file_is_reported(root):
    path = write_module(root)
    path.with_suffix(".py").unlink()
    problems = check_spec_docs.check_module(root, path, PROTOCOL)[0]
    assert problems == ["plugins/modules/sample.ps1: no sample.py with its DOCUMENTATION"]


def test_doc_fragment_options_count_as_documented(root):
    (root / "plugins" / "doc_fragments" / "target_user.py").write_text(textwrap.dedent('''
        class ModuleDocFragment(object):
            DOCUMENTATION = r"""
            options:
              user:
                description: who
                type: str
                default: interactive
            """
    '''))
    docs = DOCS.replace("options:\n  user:\n    description: who\n    type: str\n    default: interactive\n",
                        "extends_documentation_fragment: [officeops.outlook_auth.target_user]\noptions:\n")
    assert "extends_documentation_fragment" in docs
    problems = check_spec_docs.check_module(root, write_module(root, docs=docs), PROTOCOL)[0]
    assert problems == []


CONTRACTS = {
    "sample": {
        "probe": {"type": "dict", "keys": {"items": {"type": "list", "items": {"type": "dict", "keys": {"name": {"type": "str"}}}}}},
        "ops": {"delete_item": {"type": "dict"}},
    }
}


def contract_problems(root, ps1=SPEC_PS1, contracts=None):
    path = write_module(root, ps1=ps1)
    spec = check_spec_docs.check_module(root, path, PROTOCOL)[1]
    return check_spec_docs.check_contract(root, path, spec, CONTRACTS if contracts is None else contracts, key_names)


def test_wrapper_keeping_its_contract_passes(root):
    assert contract_problems(root) == []


def test_wrapper_missing_an_output_key_is_reported(root):
    problems = contract_problems(root, ps1=SPEC_PS1.replace("name = 'x'", "label = 'x'"))
    assert problems == ["plugins/modules/sample.ps1: never emits 'name', which its contract's probe output names"]


def test_wrapper_missing_an_op_is_reported(root):
    problems = contract_problems(root, ps1=SPEC_PS1.replace("'delete_item' {", "'remove_item' {"))
    assert problems == ["plugins/modules/sample.ps1: does not dispatch op 'delete_item' named by its contract"]


def test_wrapper_without_contract_or_twin_is_reported(root):
    assert "has no contract" in contract_problems(root, contracts={})[0]
    (root / "plugins" / "plugin_utils" / "_lab" / "twins" / "sample.py").unlink()
    assert any("no lab twin" in p for p in contract_problems(root))


def test_read_only_contract_must_not_offer_apply(root):
    contracts = {"sample": dict(CONTRACTS["sample"], ops={})}
    problems = contract_problems(root, contracts=contracts)
    assert problems == ["plugins/modules/sample.ps1: _phase choices ['apply', 'probe'], the contract needs ['probe']"]


def test_shipped_collection_passes(capsys):
    assert check_spec_docs.main(["--root", str(check_spec_docs.ensure_importable().parent)]) == 0


def test_keys_emitted_by_a_required_utility_count(root):
    utils = root / "plugins" / "module_utils"
    utils.mkdir(parents=True)
    (utils / "_Helper.psm1").write_text("Function Get-X { @{ name = 'x' } }\n")
    ps1 = SPEC_PS1.replace("name = 'x'", "label = 'x'").replace(
        "#AnsibleRequires -CSharpUtil Ansible.Basic", "#AnsibleRequires -CSharpUtil Ansible.Basic\n#AnsibleRequires -PowerShell ..module_utils._Helper")
    assert contract_problems(root, ps1=ps1) == []


def test_quoted_hashtable_keys_count_as_emitted(root):
    ps1 = SPEC_PS1.replace("name = 'x'", "'name' = 'x'")
    assert contract_problems(root, ps1=ps1) == []


def test_documentation_that_is_not_yaml_is_reported(root):
    problems = check_spec_docs.check_module(root, write_module(root, docs=DOCS.replace("description: how\n", "description: how: it\n  x\n")), PROTOCOL)[0]
    assert any("DOCUMENTATION is not valid YAML" in p for p in problems), problems
