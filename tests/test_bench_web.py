"""The pure helpers of bench/web.py: percentiles, the printed tables, the after-save body and
the cost-growth table (the benchmark itself is run by hand; nothing here is timed)."""

from __future__ import annotations

import json

from bench.web import growth_table, page_name, pct, ratio_text, table, with_period


def test_percentiles_pick_the_nearest_rank():
    values = [0.5, 0.1, 0.4, 0.2, 0.3]
    assert pct(values, 0.5) == 0.3
    assert pct(values, 0.95) == 0.5 and pct(values, 0.0) == 0.1
    assert pct([], 0.5) != pct([], 0.5)  # nan: nothing measured


def test_a_table_aligns_its_columns_and_cuts_long_names():
    text = table(["sida", "p50"], [["/jamforelse", "1.20"], ["/mal/" + "x" * 40, "12.00"]],
                 first=12)
    lines = text.splitlines()
    assert lines == ["  sida            p50",
                     "  /jamforelse    1.20",
                     "  /mal/xxxxxx…  12.00"]


def test_the_after_save_body_asks_for_the_saved_period():
    body = json.dumps({"output": "overview-content.children", "inputs": [
        {"id": "overview-args", "property": "data", "value": {"ar": None, "sort": "kod"}}]})
    got = json.loads(with_period(body, 2022, "T2"))
    assert got["inputs"][0]["value"] == {"ar": "2022", "period": "T2", "sort": "kod"}
    other = json.dumps({"inputs": [[{"id": {"type": "fold"}, "value": 1}]]})
    assert with_period(other, 2022, "T2") is None  # not a page's arguments


def test_the_growth_table_shows_each_size_and_the_long_history_ratio():
    cells = {(1, 4): {"/": (1.0, 0.10), "/mal/…": (2.0, 0.05)},
             (3, 4): {"/": (1.5, 0.20)},
             (1, 15): {"/": (1.2, 0.30), "/mal/…": (2.0, 0.05)}}
    lines = growth_table(cells, 15).splitlines()
    assert lines[0].split() == ["page", "drawn", "s1", "s", "drawn", "s1/15y", "s", "drawn",
                                "s3", "s", "CPU", "s1", "ms", "CPU", "s1/15y", "ms", "CPU",
                                "s3", "ms", "drawn", "15y/4y", "CPU", "15y/4y"]
    assert lines[1].split() == ["/", "1.00", "1.20", "1.50", "100", "300", "200", "1.20×",
                                "3.00×"]
    assert lines[2].split() == ["/mal/…", "2.00", "2.00", "–", "50", "50", "–", "1.00×",
                                "1.00×"]
    assert page_name("/mal/vom-1.1") == "/mal/…" and page_name("/om") == "/om"
    assert ratio_text(1.0, 0.0) == "–"
