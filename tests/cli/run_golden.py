#!/usr/bin/env python3
"""Golden tests for the command line: each folder of cases/ holds
  args              the arguments, one a line; @CASE@ is the case folder, @DATA@ tests/cli/data
  stdin             (optional) what the command reads on standard input
  expected.stdout   what it must print (exactly)
  expected.status   its exit status (a number)
  expected.stderr   (optional) lines that must each appear in standard error
Usage: run_golden.py COURTOIS_BINARY [--update] [CASE...]
--update rewrites expected.stdout and expected.status from the current output: review the diff."""
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))


def run_case(binary, case_dir, update):
    with open(os.path.join(case_dir, "args"), encoding="utf-8") as f:
        args = [a.replace("@CASE@", case_dir).replace("@DATA@", os.path.join(here, "data"))
                for a in f.read().splitlines() if a.strip()]
    stdin = None
    if os.path.exists(os.path.join(case_dir, "stdin")):
        with open(os.path.join(case_dir, "stdin"), "rb") as f:
            stdin = f.read()
    env = dict(os.environ)
    env["COURTOIS_RULES"] = os.path.join(os.path.dirname(os.path.dirname(here)), "rules")
    env["XDG_CONFIG_HOME"] = os.path.join(case_dir, ".no-config")  # no local overrides
    proc = subprocess.run([binary] + args, input=stdin, capture_output=True, timeout=120, env=env)
    # Paths of this checkout are written as @DATA@ and @CASE@ so that the expected output holds
    # on any machine.
    data_dir = os.path.join(here, "data")
    out = proc.stdout.decode("utf-8", "replace").replace(data_dir, "@DATA@").replace(case_dir, "@CASE@")
    err = proc.stderr.decode("utf-8", "replace")
    exp_out_path = os.path.join(case_dir, "expected.stdout")
    exp_status_path = os.path.join(case_dir, "expected.status")
    if update:
        with open(exp_out_path, "w", encoding="utf-8") as f:
            f.write(out)
        with open(exp_status_path, "w") as f:
            f.write(f"{proc.returncode}\n")
        return []
    problems = []
    with open(exp_status_path) as f:
        want_status = int(f.read().strip())
    if proc.returncode != want_status:
        problems.append(f"exit status {proc.returncode}, expected {want_status}; stderr:\n{err}")
    with open(exp_out_path, encoding="utf-8") as f:
        want_out = f.read()
    if out != want_out:
        import difflib
        diff = "".join(difflib.unified_diff(want_out.splitlines(True), out.splitlines(True),
                                            "expected.stdout", "actual", n=1))
        problems.append("stdout differs:\n" + diff[:6000])
    stderr_path = os.path.join(case_dir, "expected.stderr")
    if os.path.exists(stderr_path):
        with open(stderr_path, encoding="utf-8") as f:
            for line in f.read().splitlines():
                if line.strip() and line not in err:
                    problems.append(f"stderr lacks: {line}\nstderr was:\n{err}")
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = sys.argv[1]
    update = "--update" in sys.argv[2:]
    names = [a for a in sys.argv[2:] if not a.startswith("--")]
    cases_root = os.path.join(here, "cases")
    names = names or sorted(d for d in os.listdir(cases_root)
                            if os.path.isdir(os.path.join(cases_root, d)))
    failed = 0
    for name in names:
        problems = run_case(binary, os.path.join(cases_root, name), update)
        if problems:
            failed += 1
            print(f"FAIL {name}")
            for p in problems:
                print("  " + p.replace("\n", "\n  "))
        else:
            print(f"ok   {name}")
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
