"""Mutation testing of core/, services/ and storage/ with mutmut 3: would the suite notice a slip?

    python tests/bench/mutation.py                      # the default modules (see DEFAULT)
    python tests/bench/mutation.py core/query.py storage # files or packages under src/dxreader/
    python tests/bench/mutation.py --tests-from main     # the same mutants against another commit's tests
    python tests/bench/mutation.py core services storage --sample 400 --seed 1   # a random sample of mutants
    python tests/bench/mutation.py core/filters.py --keep --rerun-survivors      # after writing new tests

It copies the checkout into build/mutation/ (mutmut writes its mutants/ folder there, never into src/),
writes mutmut's settings (setup.cfg) for the chosen modules and the tests that exercise them, runs
`mutmut run` at low priority (nice 15, two workers: the machine is shared), and reads mutmut's results.
mutmut always mutates all three packages (its settings never change, so its results stay valid); the
chosen modules decide which mutants are checked. With --keep the folder is refreshed (src/, tests/) rather
than rebuilt, so mutmut keeps its results and the record of which test reaches which function, and only
mutants not checked yet are checked. --sample N checks N of those, drawn at random (seeded).
--max-test-seconds S runs against each mutant only the tests that took at most S seconds in mutmut's traced
run (a function's fastest test if none did): the property-based and whole-corpus tests take minutes each, so
a sample can finish on a shared machine; the score is then a lower bound (the slow tests can only kill more).

Survivors recorded as equivalent in tests/bench/mutation_equivalents.txt (mutant name, then the reason)
are counted apart. A mutant that no selected test reaches counts as a survivor ("no_tests"). The last line
is JSON: per module and per package killed / survived / equivalent / checked, and the score
= killed / (checked - equivalent). Where not every mutant was checked, the package and total scores are
estimates from the checked ones, valid when those are a uniform random draw (--sample), with a 95% Wilson
interval; the number checked is printed beside each.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
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

# The tests that may exercise core/, services/ and storage/ without a window, a frozen build or a benchmark
# run: mutmut records once which test reaches which function and runs only those for each mutant, so a wide
# list costs one traced run of it, not a run per mutant. (Tests that start `python -m dxreader.cli` in a
# subprocess run the installed code, not the mutant: they neither kill nor are counted.)
FAST_TESTS = [
    "tests/test_query_parser.py", "tests/test_search_oracle.py", "tests/test_search_reference.py",
    "tests/test_search_behaviour.py", "tests/test_search_recall.py", "tests/test_search_index.py",
    "tests/test_search_near.py", "tests/test_search_synonyms.py", "tests/test_search_notes.py",
    "tests/test_search_relevance.py", "tests/test_casebook_contents.py", "tests/test_case_ids.py",
    "tests/test_full_cases.py", "tests/test_core_units.py", "tests/test_services_units.py",
    "tests/test_storage_units.py", "tests/test_userstore_units.py", "tests/test_userdata_health_units.py",
    "tests/test_population.py", "tests/test_reference_data.py",
    "tests/test_clean_text.py", "tests/test_listing_only.py", "tests/test_offline.py",
    "tests/test_userdata_store.py", "tests/test_userdata_exchange.py", "tests/test_userdata_recovery.py",
    "tests/test_userdata_damage.py", "tests/test_storage_casebook.py", "tests/test_durability.py",
    "tests/test_detectors_catch.py", "tests/test_read_only_install.py", "tests/test_datapackage.py",
    "tests/test_datapackage_fuzz.py", "tests/test_datapackage_messages.py", "tests/test_datapackage_paths.py",
    "tests/test_datapackage_schema.py", "tests/test_datapackage_signing.py", "tests/test_pdf_text_layer.py",
    "tests/test_handout.py", "tests/test_cli.py", "tests/test_paths.py", "tests/test_traps.py",
]
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # a failing test, a pytest error, or a timeout (mutmut's codes)
NO_TESTS = {33, 5}  # no selected test reaches the mutated function: the suite would not notice
NOT_RUN = {None, 34}  # not checked (yet), skipped
PACKAGES = ("core", "services", "storage")


def _copy_checkout(tests_from: str | None, keep: bool) -> None:
    ignore = shutil.ignore_patterns(".git", "build", "dist", "__pycache__", ".hypothesis", ".pytest_cache", "mutants")
    if keep and (WORK / "mutants").exists():  # refresh the code and tests, keep mutmut's results and stats
        for name in ("src", "tests"):
            shutil.rmtree(WORK / name, ignore_errors=True)
            shutil.copytree(REPO / name, WORK / name, ignore=ignore)
    else:
        if WORK.exists():
            shutil.rmtree(WORK)
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
        for name in FAST_TESTS:  # a file that commit lacks stays in the selection, empty (mutmut keeps its results)
            if not (WORK / name).exists():
                (WORK / name).write_text('"""Not in the commit whose tests are scored."""\n', encoding="utf-8")


def _targets(args: list[str]) -> list[str]:
    out = []
    for arg in args or DEFAULT:
        full = REPO / PACKAGE / arg
        files = sorted(full.rglob("*.py")) if full.is_dir() else [full]
        out += [f.relative_to(REPO).as_posix() for f in files if not f.name.startswith("__")]
    return out


def _write_settings() -> None:
    """The same settings whatever is checked: mutmut starts over (all results dropped) when they change."""
    targets = _targets(list(PACKAGES))
    tests = [t for t in FAST_TESTS if (WORK / t).exists()]
    lines = ["[mutmut]", "source_paths=src", "only_mutate=", *[f"    {t}" for t in targets],
             "also_copy=", "    data", "    resources", "    packaging",
             "pytest_add_cli_args_test_selection=", *[f"    {t}" for t in tests],
             "pytest_add_cli_args=", "    -p", "    no:cacheprovider", "    -q"]
    text = "\n".join(lines) + "\n"
    settings = WORK / "setup.cfg"
    if not settings.exists() or settings.read_text(encoding="utf-8") != text:  # a change makes mutmut start over
        settings.write_text(text, encoding="utf-8")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # mutmut puts mutants/src first
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


GENERATE = ("from mutmut.__main__ import copy_src_dir, copy_also_copy_files, setup_source_paths, create_mutants, "
            "set_mutant_under_test\nset_mutant_under_test('mutant_generation')\n"
            "copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants(2)\n")


def _codes(target: str) -> dict[str, int | None]:
    meta = WORK / "mutants" / f"{target}.meta"
    return json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"] if meta.exists() else {}


def _unchecked(targets: list[str]) -> list[str]:
    """Names of the targets' mutants not checked yet (after mutmut's own generation of the mutants)."""
    subprocess.run(["nice", "-n", "15", sys.executable, "-c", GENERATE], cwd=WORK, env=_env(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return sorted(k for t in targets for k, c in _codes(t).items() if c is None)


STATS = Path("mutants") / "mutmut-stats.json"


def _prune_tests(seconds: float) -> dict[str, int]:
    """Edit mutmut's record of which test reaches which function before mutants run:
    - a test whose pytest ID holds a backslash (pytest writes non-ASCII parameters as \\uXXXX) is left out:
      mutmut 3.8 hands such IDs back to pytest, which then finds no such test and stops the whole run;
    - with `seconds`, the tests slower than that (as traced) are left out, keeping a function's fastest test
      where all of its tests are slower: a mutant then costs seconds, not minutes."""
    stats = json.loads((WORK / STATS).read_text(encoding="utf-8"))
    duration = stats["duration_by_test"]
    dropped = unaddressable = 0
    for function, tests in stats["tests_by_mangled_function_name"].items():
        usable = [t for t in tests if "\\" not in t]
        kept = [t for t in usable if not seconds or duration.get(t, 0.0) <= seconds] or \
            sorted(usable, key=lambda t: duration.get(t, 0.0))[:1]
        unaddressable += len(tests) - len(usable)
        dropped += len(usable) - len(kept)
        stats["tests_by_mangled_function_name"][function] = kept
    (WORK / STATS).write_text(json.dumps(stats), encoding="utf-8")
    return {"tests": len(duration), "links_to_slow_tests_dropped": dropped,
            "links_to_unaddressable_tests_dropped": unaddressable}


def _mutmut(names: list[str], children: int) -> None:
    mutmut = [shutil.which("mutmut") or "mutmut"]
    with open(WORK / "mutmut.log", "ab") as log:  # mutmut's progress display, kept out of the report
        subprocess.run(["nice", "-n", "15", *mutmut, "run", "--max-children", str(children), *names], cwd=WORK,
                       env=_env(), check=False, stdout=log, stderr=subprocess.STDOUT)


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
        codes = _codes(target)
        killed = [k for k, c in codes.items() if c in KILLED]
        no_tests = [k for k, c in codes.items() if c in NO_TESTS and k not in equivalent]
        survived = [k for k, c in codes.items() if c not in KILLED | NO_TESTS | NOT_RUN]
        equiv = [k for k, c in codes.items() if c not in KILLED | NOT_RUN and k in equivalent]
        live = [k for k in survived if k not in equivalent]
        checked = len(killed) + len(live) + len(no_tests) + len(equiv)
        scored = checked - len(equiv)
        per_module[target] = {"mutants": len(codes), "checked": checked, "killed": len(killed),
                              "survived": len(live), "no_tests": len(no_tests), "equivalent": len(equiv),
                              "score": round(len(killed) / scored, 3) if scored else None,
                              "survivors": sorted(live + no_tests)}
    return per_module


def _estimate(rows: list[dict[str, object]]) -> dict[str, object]:
    """Score of a group of modules: killed / (checked - equivalent) over all their checked mutants, exact when
    every mutant was checked; otherwise an estimate that holds when the checked ones are a uniform random
    draw (as --sample makes them), with its 95% Wilson interval."""
    total = {k: sum(int(r[k]) for r in rows) for k in ("mutants", "checked", "killed", "equivalent")}  # type: ignore[call-overload]
    scored = total["checked"] - total["equivalent"]
    out: dict[str, object] = {**total, "unchecked": total["mutants"] - total["checked"]}
    if scored:
        p, z = total["killed"] / scored, 1.96
        centre = (p + z * z / (2 * scored)) / (1 + z * z / scored)
        half = z * math.sqrt(p * (1 - p) / scored + z * z / (4 * scored * scored)) / (1 + z * z / scored)
        out["score"] = round(p, 3)
        out["exact"] = total["checked"] == total["mutants"]
        if not out["exact"]:
            out["interval95"] = [round(centre - half, 3), round(centre + half, 3)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="files or packages under src/dxreader/ (default: %(default)s)")
    parser.add_argument("--reuse", action="store_true", help="only report the results of the last run")
    parser.add_argument("--keep", action="store_true", help="refresh src/ and tests/ in the work folder, keep results")
    parser.add_argument("--sample", type=int, help="check this many mutants drawn at random, not all of them")
    parser.add_argument("--seed", type=int, default=1, help="the seed of --sample's draw")
    parser.add_argument("--rerun-survivors", action="store_true", help="check the survivors again (after new tests)")
    parser.add_argument("--max-test-seconds", type=float, default=0.0,
                        help="run only tests faster than this against a mutant (a function's fastest always): a "
                             "lower bound on the score, for a machine without the hours the slow tests take")
    parser.add_argument("--children", type=int, default=2)
    parser.add_argument("--tests-from", help="a git commit whose tests/ to use instead of the working tree's")
    parser.add_argument("--work", default="mutation", help="folder under build/ (to keep runs apart)")
    args = parser.parse_args()
    global WORK
    WORK = REPO / "build" / args.work
    targets = _targets(args.modules)
    if not args.reuse:
        _copy_checkout(args.tests_from, args.keep)
        _write_settings()
        if args.rerun_survivors:
            names = [str(n) for r in _results(targets).values() for n in r["survivors"]]  # type: ignore[attr-defined]
        else:
            names = _unchecked(targets)
            if args.sample:
                names = random.Random(args.seed).sample(names, min(args.sample, len(names)))
        if names and not (WORK / STATS).exists():
            _mutmut(names[:1], args.children)  # mutmut records which test reaches which function first
        if names:
            print(f"tests left out (slower than {args.max_test_seconds or '∞'} s, or unaddressable): "
                  f"{_prune_tests(args.max_test_seconds)}")
            _mutmut(names, args.children)
    per_module = _results(targets)
    for target, r in per_module.items():
        print(f"{target}: {r['killed']}/{r['checked']} checked of {r['mutants']} killed, {r['survived']} survived, "
              f"{r['no_tests']} reached by no test, {r['equivalent']} equivalent, score {r['score']}")
        for name in r["survivors"]:  # type: ignore[union-attr]
            print(f"    survived: {name}")
    rows = {t: {k: v for k, v in r.items() if k != "survivors"} for t, r in per_module.items()}
    packages = {p: _estimate([r for t, r in rows.items() if t.startswith(f"{PACKAGE.as_posix()}/{p}/")])
                for p in PACKAGES if any(t.startswith(f"{PACKAGE.as_posix()}/{p}/") for t in rows)}
    summary = {"max_test_seconds": args.max_test_seconds or None, "modules": rows, "packages": packages,
               "total": _estimate(list(rows.values()))}
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
