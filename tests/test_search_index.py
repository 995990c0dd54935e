"""Index lifecycle: a stale or missing bundled index is rebuilt in the cache (read-only use: test_read_only_install)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from dxreader.services.search import open_search
from dxreader.storage.search_index import STAMP_FILE, build_index, read_stamp


def test_stale_bundled_index_is_rebuilt_in_the_cache_with_progress(committed_casebook, tmp_path):
    bundled = tmp_path / "install" / "index"
    build_index(committed_casebook.cases()[:3], "an-older-data-version", bundled)
    calls = []
    cache = tmp_path / "cache" / "index"
    service = open_search(committed_casebook, progress=lambda d, t: calls.append((d, t)), bundled=bundled, cache=cache)
    assert service.search("").total == 78 and service.search("西会津町").total >= 1
    service.close()
    assert calls[-1] == (78, 78) and len(calls) == 78
    assert read_stamp(cache)["data_version"] == committed_casebook.meta["data_version"]
    assert json.loads((bundled / STAMP_FILE).read_text())["data_version"] == "an-older-data-version"
    again = []
    reopened = open_search(committed_casebook, progress=lambda d, t: again.append(d), bundled=bundled, cache=cache)
    reopened.warm_up()
    reopened.close()
    assert again == []  # the cached index is current now


# Whoosh leaves the damaged table of contents' file to the garbage collector when it fails to read it.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_damaged_bundled_index_is_passed_over_and_rebuilt(committed_casebook, tmp_path):
    bundled = tmp_path / "install" / "index"
    build_index(committed_casebook.cases(), committed_casebook.meta["data_version"], bundled)
    for toc in bundled.glob("*.toc"):
        toc.write_bytes(b"not an index")
    calls = []
    service = open_search(committed_casebook, progress=lambda d, t: calls.append(d), bundled=bundled,
                          cache=tmp_path / "cache" / "index")
    assert not service.ready  # nothing opened until a query needs it
    assert service.search("西会津町").total >= 1 and service.ready
    service.close()
    assert len(calls) == 78  # rebuilt in the cache


def test_an_index_that_cannot_be_opened_or_built_is_a_storage_error(committed_casebook, tmp_path):
    from dxreader.storage.errors import StorageError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    service = open_search(committed_casebook, bundled=tmp_path / "none", cache=blocker / "index")
    assert service.search("").total == 78  # browsing needs no index
    try:
        service.search("窓口")
    except StorageError as exc:
        assert "検索索引を作れません" in str(exc)
    else:
        raise AssertionError("a search without an index must fail with a StorageError")


def test_cli_build_index_and_search_json(tmp_path):
    env = {**os.environ, "DXREADER_HOME": str(tmp_path / "home")}
    run = lambda *a: subprocess.run([sys.executable, "-m", "dxreader.cli", *a], capture_output=True, text=True,  # noqa: E731
                                    encoding="utf-8", env=env, timeout=120)
    built = run("build-index", "--into", str(tmp_path / "idx"))
    assert built.returncode == 0 and read_stamp(tmp_path / "idx") is not None
    result = run("search", "ICTアドバイザー", "--band", "30万人以上・都道府県", "--limit", "2", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["total"] >= 1 and len(payload["hits"]) <= 2
    assert set(payload["hits"][0]) == {"id", "title", "municipality", "prefecture", "has_body", "population",
                                       "population_source", "population_as_of", "population_band", "score", "snippet"}
    assert payload["hits"][0]["id"] == "taisei-070009"
    bad = run("search", "x", "--band", "巨大")
    assert bad.returncode == 1 and "人口区分「巨大」はありません" in bad.stderr


def test_the_index_build_tokenizes_every_text_as_the_analyser_does(cases):  # type: ignore[no-untyped-def]
    """The build's fast path (texts only) yields exactly the analyser's tokens, for every field of every case."""
    from dxreader.core.analysis import normalize, token_texts, tokens
    from dxreader.core.searchdoc import searchable_fields
    from dxreader.storage.search_index import JapaneseTokenizer

    tokenizer = JapaneseTokenizer()
    for case in cases.values():
        for text in searchable_fields(case).values():
            expected = [t.text for t in tokens(normalize(text))]
            assert token_texts(normalize(text)) == expected
            assert [t.text for t in tokenizer(text)] == expected
            assert [t.text for t in tokenizer(text, positions=True, chars=True)] == expected
