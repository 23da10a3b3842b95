#!/usr/bin/env python
# Copyright: (c) 2026, officeops maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark the audit and the remediation on lab fleets, against a naive stock-module baseline.

  .venv/bin/python benchmarks/run.py                    fleets of 10, 100 and 500 hosts
  .venv/bin/python benchmarks/run.py --sizes 10,100     smaller
  .venv/bin/python benchmarks/run.py --no-baseline      only the collection's playbooks

For each fleet size it runs, each on a fresh lab fleet (tests/lab/lab.py fleet) with its own
state dir: playbooks/audit.yml, playbooks/remediate_657rx.yml and, unless --no-baseline, the
naive baseline playbooks beside this script. It prints wall time, controller CPU, peak memory
and the round trips the lab counted per host, then PASS / MISS for each target. It prints
figures; it asserts nothing (the exit code is non-zero only when a playbook run failed).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import subprocess
import sys
import tempfile

BENCH = pathlib.Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = pathlib.Path(sys.executable).parent
# (name, playbook, is the naive baseline, compared with)
RUNS = (
    ("audit", ROOT / "playbooks" / "audit.yml", False, None),
    ("remediation", ROOT / "playbooks" / "remediate_657rx.yml", False, None),
    ("baseline audit", BENCH / "baseline_audit.yml", True, "audit"),
    ("baseline remediation", BENCH / "baseline_remediate.yml", True, "remediation"),
)
FACTS_WRAPPER = "win_outlook_auth_facts"
# Counter keys of the lab that are not wrappers (plugins/plugin_utils/_lab/state.py).
NOT_WRAPPERS = ("wrapper_calls", "ops", "hive_loads")
RECAP = re.compile(r"^(\S+)\s+:\s+ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.MULTILINE)
TARGET_RATIO = 5.0
# Per-host controller CPU at the largest fleet may be at most this multiple of the smallest's.
LINEAR_SLACK = 1.5

# Runs ansible-playbook in a fresh process and reports getrusage(RUSAGE_CHILDREN) from there:
# ru_maxrss of RUSAGE_CHILDREN is a running maximum over every child a process ever waited
# for, so measured from this script it would carry the largest earlier run into later ones.
MEASURE = r"""
import json, resource, subprocess, sys, time
out, log = sys.argv[1], sys.argv[2]
with open(log, "w") as handle:
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    rc = subprocess.call(sys.argv[3:], stdout=handle, stderr=subprocess.STDOUT)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"rc": rc, "wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
           "maxrss_kib": after.ru_maxrss}, open(out, "w"))
"""


def _importable():
    sys.path.insert(0, str(ROOT))
    from tools.collection import ensure_importable

    ensure_importable(ROOT)


def ansible_env():
    env = dict(os.environ, ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0")
    # The environment variable would override every fleet's own state dir (its inventory's).
    env.pop("OFFICEOPS_LAB_STATE_DIR", None)
    return env


def make_fleet(size, out):
    subprocess.run([sys.executable, str(ROOT / "tests" / "lab" / "lab.py"), "fleet", str(size), str(out)],
                   check=True, capture_output=True, text=True, env=ansible_env())
    return out / "inventory.yml"


def host_counters(state_dir):
    from ansible_collections.officeops.outlook_auth.plugins.plugin_utils._lab.state import read_counters

    states = sorted(path for path in state_dir.glob("*.json") if not path.name.endswith(".counters.json"))
    return dict((path.stem, read_counters(str(path))) for path in states)


def run_playbook(name, playbook, size, forks, work):
    """One measured run on a fresh fleet; returns its figures."""
    fleet = work / ("%d-%s" % (size, name.replace(" ", "-")))
    inventory = make_fleet(size, fleet)
    command = [str(BIN / "ansible-playbook"), "-i", str(inventory), "-f", str(forks), str(playbook),
               "-e", json.dumps({"audit_report_dest": str(fleet / "report")})]
    figures_file, log = fleet / "rusage.json", fleet / "ansible.log"
    subprocess.run([sys.executable, "-c", MEASURE, str(figures_file), str(log)] + command,
                   cwd=str(ROOT), env=ansible_env(), check=True)
    measured = json.loads(figures_file.read_text())
    output = log.read_text(encoding="utf-8", errors="replace")
    recap = dict((host, {"changed": int(changed), "unreachable": int(unreachable), "failed": int(failed)})
                 for host, changed, unreachable, failed in RECAP.findall(output))
    counters = host_counters(fleet / "state")
    calls = [counters.get(host, {}).get("wrapper_calls", 0) for host in recap] or [0]
    return {
        "name": name, "size": size, "rc": measured["rc"], "log": str(log), "hosts": len(recap),
        "wall": measured["wall"], "cpu": measured["cpu"], "maxrss_mib": measured["maxrss_kib"] / 1024.0,
        "calls": calls, "recap": recap, "counters": counters,
    }


def audit_off_target(run):
    """Hosts the audit reached with anything but exactly one wrapper call, the facts probe."""
    return [host for host in run["recap"]
            if run["counters"].get(host, {}).get("wrapper_calls") != 1 or run["counters"][host].get(FACTS_WRAPPER) != 1]


def remediation_off_target(run):
    """Hosts where the round trips are not 1 facts probe + (1 probe + 1 apply) per changed step.

    A step task reports changed exactly when its wrapper applied something, and the other
    tasks of the playbook report no change, so a host's changed count (play recap) is the
    number of steps that changed it."""
    off = []
    for host, recap in run["recap"].items():
        counters = run["counters"].get(host, {})
        steps = sum(count for key, count in counters.items() if key not in NOT_WRAPPERS + (FACTS_WRAPPER,))
        if counters.get(FACTS_WRAPPER) != 1 or steps != 2 * recap["changed"]:
            off.append(host)
    return off


def step_probes(run):
    """Per host, the probe calls of the step wrappers: one per changed step (see above).
    A strict reading of the target (the audit probe is the only probe) leaves none."""
    return dict((host, recap["changed"]) for host, recap in run["recap"].items())


def per_host(run, key):
    return run[key] / max(run["hosts"], 1)


def mean(values):
    return float(sum(values)) / len(values)


def verdict(ok):
    return "PASS" if ok else "MISS"


def print_table(runs):
    print("| run | hosts | wall s | wall ms/host | CPU ms/host | peak RSS MiB | round trips/host mean (min-max) | rc |")
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for run in runs:
        print("| %s | %d | %.1f | %.0f | %.0f | %.0f | %.2f (%d-%d) | %d |" % (
            run["name"], run["size"], run["wall"], 1000 * per_host(run, "wall"), 1000 * per_host(run, "cpu"),
            run["maxrss_mib"], mean(run["calls"]), min(run["calls"]), max(run["calls"]), run["rc"]))


def print_targets(runs):
    by_key = dict(((run["name"], run["size"]), run) for run in runs)
    sizes = sorted(set(run["size"] for run in runs))
    print("\nTargets")
    for size in sizes:
        audit, remediation = by_key.get(("audit", size)), by_key.get(("remediation", size))
        if audit:
            off = audit_off_target(audit)
            print("  %s  %4d hosts: audit = 1 round trip per host (%d host(s) off%s)"
                  % (verdict(not off and audit["rc"] == 0), size, len(off), ": " + ", ".join(off[:3]) if off else ""))
        if remediation:
            off = remediation_off_target(remediation)
            print("  %s  %4d hosts: remediation = 1 audit probe + (1 probe + 1 apply) per step that changes (%d host(s) off%s)"
                  % (verdict(not off and remediation["rc"] == 0), size, len(off), ": " + ", ".join(off[:3]) if off else ""))
            probes = step_probes(remediation)
            probing = sorted(host for host, count in probes.items() if count)
            print("  %s  %4d hosts: remediation = 1 probe + 1 apply per step that changes, read strictly (the audit probe "
                  "the only probe): %d host(s) where a changed step also probed%s"
                  % (verdict(not probing), size, len(probing), ": " + ", ".join(probing[:3]) if probing else ""))
        for name, _playbook, baseline, compared in RUNS:
            ours, naive = by_key.get((compared, size)), by_key.get((name, size))
            if not baseline or not ours or not naive:
                continue
            ratio = mean(naive["calls"]) / max(mean(ours["calls"]), 1e-9)
            print("  %s  %4d hosts: %s needs >= %.0fx fewer round trips than the naive baseline: %.2f vs %.2f per host = %.1fx"
                  % (verdict(ratio >= TARGET_RATIO), size, compared, TARGET_RATIO, mean(ours["calls"]), mean(naive["calls"]), ratio))
            if compared == "remediation":
                # What the steps' own probes cost: the figure if they planned from the audit's facts.
                without = mean(ours["calls"]) - mean(list(step_probes(ours).values()))
                print("        %4d hosts: (projection, not a measurement) without the steps' own probes: %.2f per host = %.1fx"
                      % (size, without, mean(naive["calls"]) / max(without, 1e-9)))
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    for name, _playbook, _baseline, _compared in RUNS:
        first, last = by_key.get((name, small)), by_key.get((name, large))
        if not first or not last:
            continue
        costs = ", ".join("%d: %.0f ms" % (size, 1000 * per_host(by_key[(name, size)], "cpu"))
                          for size in sizes if (name, size) in by_key)
        ratio = per_host(last, "cpu") / max(per_host(first, "cpu"), 1e-9)
        print("  %s  %s: near-linear cost, CPU per host %s; %d/%d per-host ratio %.2f (target <= %.1f)"
              % (verdict(ratio <= LINEAR_SLACK), name, costs, large, small, ratio, LINEAR_SLACK))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500", help="comma-separated fleet sizes (default 10,100,500)")
    parser.add_argument("--forks", type=int, default=4, help="ansible-playbook -f (default 4: two per core here)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the naive baseline playbooks")
    parser.add_argument("--keep", type=pathlib.Path, help="keep the fleets, states and logs in this directory")
    options = parser.parse_args(argv)
    try:
        sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error("--sizes must be comma-separated integers, got %r" % options.sizes)
    if not sizes or min(sizes) < 1:
        parser.error("--sizes must name at least one fleet size of 1 or more, got %r" % options.sizes)
    _importable()
    from ansible.release import __version__ as ansible_version

    print("officeops.outlook_auth benchmark, %s, ansible-core %s, Python %s, %s cores, forks %d"
          % (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), ansible_version,
             platform.python_version(), os.cpu_count(), options.forks))
    print("CPU = user+sys of the ansible-playbook process tree; peak RSS = ru_maxrss of RUSAGE_CHILDREN "
          "(the largest single process of the tree, not a sum); round trips = wrapper calls the lab counted per host.\n")
    selected = [run for run in RUNS if not (options.no_baseline and run[2])]
    runs = []
    with tempfile.TemporaryDirectory(prefix="officeops-bench-") as scratch:
        work = options.keep or pathlib.Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            for name, playbook, _baseline, _compared in selected:
                run = run_playbook(name, playbook, size, options.forks, work)
                runs.append(run)
                print("ran %-21s on %4d hosts: %6.1f s" % (name, size, run["wall"]), flush=True)
                if run["rc"] != 0:
                    tail = pathlib.Path(run["log"]).read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
                    print("  FAILED with rc %d; the end of its output:\n    %s" % (run["rc"], "\n    ".join(tail)), flush=True)
    print()
    print_table(runs)
    print_targets(runs)
    return 1 if any(run["rc"] != 0 for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
