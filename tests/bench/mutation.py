"""Mutation testing of core/, services/ and storage/ with mutmut 3: would the suite notice a slip?

    python tests/bench/mutation.py                      # the default modules (see DEFAULT)
    python tests/bench/mutation.py core/query.py storage # files or packages under src/dxreader/
    python tests/bench/mutation.py --tests-from main     # the same mutants against another commit's tests

It copies the checkout into build/mutation/ (mutmut writes its mutants/ folder there, never into src/),
writes mutmut's settings (setup.cfg) for the chosen modules and the tests that exercise them, runs
`mutmut run` at low priority (nice 15, two workers: the machine is shared), and reads mutmut's results.
Survivors recorded as equivalent in tests/bench/mutation_equivalents.txt (mutant name, then the reason)
are counted apart. The last line is JSON: per module and in total, killed / survived / equivalent /
score = killed ÷ (mutants − equivalent − not run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORK = REPO / "build" / "mutation"
PACKAGE = Path("src/dxreader")
EQUIVALENTS = Path(__file__).with_name("mutation_equivalents.txt")
DEFAULT = ["core/query.py", "core/text.py", "core/filters.py", "core/bands.py", "core/exchange.py",
           "storage/userdb.py"]

# The tests that exercise each area quickly (no GUI, no frozen build): mutmut runs only those that
# reach the mutated function, so a wider list costs little more than a narrow one.
SEARCH_TESTS = ["tests/test_query_parser.py", "tests/test_search_oracle.py", "tests/test_search_reference.py",
                "tests/test_search_behaviour.py", "tests/test_search_recall.py", "tests/test_search_index.py"]
TESTS_FOR = {
    "core": SEARCH_TESTS + ["tests/test_casebook_contents.py", "tests/test_case_ids.py", "tests/test_full_cases.py",
                           "tests/test_userdata_exchange.py", "tests/test_core_units.py"],
    "services": SEARCH_TESTS + ["tests/test_userdata_store.py", "tests/test_userdata_exchange.py", "tests/test_cli.py"],
    "storage": ["tests/test_storage_units.py", "tests/test_userdata_store.py", "tests/test_userdata_recovery.py", "tests/test_storage_casebook.py",
                "tests/test_durability.py", "tests/test_search_index.py", "tests/test_datapackage.py"],
}
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # a failing test, a pytest error, or a timeout (mutmut's codes)
NOT_RUN = {None, 33, 5, 34}  # not checked, no test reaches it, skipped


def _copy_checkout(tests_from: str | None) -> None:
    if WORK.exists():
        shutil.rmtree(WORK)
    ignore = shutil.ignore_patterns(".git", "build", "dist", "__pycache__", ".hypothesis", ".pytest_cache", "mutants")
    WORK.mkdir(parents=True)
    for name in ("src", "tests", "data", "resources", "packaging"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, WORK / name, ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", WORK / "pyproject.toml")
    if tests_from:  # score the tests of another commit (e.g. before new tests were written)
        shutil.rmtree(WORK / "tests")
        archive = subprocess.run(["git", "-C", str(REPO), "archive", tests_from, "tests"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(WORK)], input=archive, check=True)


def _targets(args: list[str]) -> list[str]:
    out = []
    for arg in args or DEFAULT:
        full = REPO / PACKAGE / arg
        files = sorted(full.rglob("*.py")) if full.is_dir() else [full]
        out += [f.relative_to(REPO).as_posix() for f in files if not f.name.startswith("__")]
    return out


def _tests(targets: list[str]) -> list[str]:
    areas = {Path(t).relative_to(PACKAGE).parts[0] for t in targets}
    return sorted({t for area in areas for t in TESTS_FOR.get(area, []) if (WORK / t).exists()})


def _write_settings(targets: list[str], tests: list[str]) -> None:
    lines = ["[mutmut]", "source_paths=src", "only_mutate=", *[f"    {t}" for t in targets],
             "also_copy=", "    data", "    resources", "    packaging",
             "pytest_add_cli_args_test_selection=", *[f"    {t}" for t in tests],
             "pytest_add_cli_args=", "    -p", "    no:cacheprovider", "    -q"]
    (WORK / "setup.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _equivalents() -> dict[str, str]:
    out = {}
    for line in EQUIVALENTS.read_text(encoding="utf-8").splitlines() if EQUIVALENTS.exists() else []:
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(" ")
            out[name] = reason.strip()
    return out


def _results(targets: list[str]) -> dict[str, dict[str, object]]:
    equivalent = _equivalents()
    per_module: dict[str, dict[str, object]] = {}
    for target in targets:
        meta = WORK / "mutants" / f"{target}.meta"
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"] if meta.exists() else {}
        killed = [k for k, c in codes.items() if c in KILLED]
        not_run = [k for k, c in codes.items() if c in NOT_RUN]
        survived = [k for k, c in codes.items() if c not in KILLED and c not in NOT_RUN]
        equiv = [k for k in survived if k in equivalent]
        live = [k for k in survived if k not in equivalent]
        scored = len(codes) - len(not_run) - len(equiv)
        per_module[target] = {"mutants": len(codes), "killed": len(killed), "survived": len(live),
                              "equivalent": len(equiv), "not_run": len(not_run),
                              "score": round(len(killed) / scored, 3) if scored else None, "survivors": live}
    return per_module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="files or packages under src/dxreader/ (default: %(default)s)")
    parser.add_argument("--reuse", action="store_true", help="only report the results of the last run")
    parser.add_argument("--children", type=int, default=2)
    parser.add_argument("--tests-from", help="a git commit whose tests/ to use instead of the working tree's")
    parser.add_argument("--work", default="mutation", help="folder under build/ (to keep runs apart)")
    args = parser.parse_args()
    global WORK
    WORK = REPO / "build" / args.work
    targets = _targets(args.modules)
    if not args.reuse:
        _copy_checkout(args.tests_from)
        _write_settings(targets, _tests(targets))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # mutmut puts mutants/src first
        env["QT_QPA_PLATFORM"] = "offscreen"
        mutmut = [shutil.which("mutmut") or "mutmut"]
        with open(WORK / "mutmut.log", "wb") as log:  # mutmut's progress display, kept out of the report
            subprocess.run(["nice", "-n", "15", *mutmut, "run", "--max-children", str(args.children)], cwd=WORK,
                           env=env, check=False, stdout=log, stderr=subprocess.STDOUT)
    per_module = _results(targets)
    for target, r in per_module.items():
        print(f"{target}: {r['killed']}/{r['mutants']} killed, {r['survived']} survived, "
              f"{r['equivalent']} equivalent, {r['not_run']} not run, score {r['score']}")
        for name in r["survivors"]:  # type: ignore[union-attr]
            print(f"    survived: {name}")
    killed = sum(int(r["killed"]) for r in per_module.values())  # type: ignore[call-overload]
    scored = sum(int(r["mutants"]) - int(r["not_run"]) - int(r["equivalent"]) for r in per_module.values())  # type: ignore[call-overload]
    summary = {"modules": {t: {k: v for k, v in r.items() if k != "survivors"} for t, r in per_module.items()},
               "killed": killed, "scored": scored, "score": round(killed / scored, 3) if scored else None}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
