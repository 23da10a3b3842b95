"""Run the real ansible-playbook against the lab, on a private copy of the state."""

import json
import os
import pathlib
import subprocess
import sys

import pytest

from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.state import read_counters

ROOT = pathlib.Path(__file__).resolve().parents[3]
BIN = pathlib.Path(sys.executable).parent


class PlaybookRun(object):
    def __init__(self, state_dir):
        self.state_dir = state_dir

    def __call__(self, playbook, *args, inventory=None, check=False, expect_rc=0):
        env = dict(os.environ, OFFICEOPS_LAB_STATE_DIR=str(self.state_dir), ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
                   ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
        command = [str(BIN / "ansible-playbook"), str(playbook)]
        if inventory:
            command += ["-i", str(inventory)]
        if check:
            command.append("--check")
        command += list(args)
        done = subprocess.run(command, cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=600, check=False)
        if expect_rc is not None and done.returncode != expect_rc:
            raise AssertionError("ansible-playbook exited %d, expected %d\n%s\n%s"
                                 % (done.returncode, expect_rc, done.stdout[-6000:], done.stderr[-3000:]))
        return done

    def state(self, host):
        """The host's lab state with its counters (kept beside it, see _lab/state.py)."""
        state = json.loads((self.state_dir / (host + ".json")).read_text())
        state["counters"] = read_counters(str(self.state_dir / (host + ".json")))
        return state


@pytest.fixture
def run_playbook(tmp_path):
    return PlaybookRun(tmp_path / "lab-state")


@pytest.fixture(scope="module")
def module_playbook(tmp_path_factory):
    """One lab state shared by the tests of a module (for an expensive run they all read)."""
    return PlaybookRun(tmp_path_factory.mktemp("lab") / "lab-state")
