"""ils.notes: an agenda item's key as the browser sends it (the agenda's and the board page's
buttons), checked in one place."""

from __future__ import annotations

import pytest

from ils.notes import ItemKey, parse_item_key


@pytest.mark.parametrize("raw, ok", [
    ('{"ar": 2022, "period": "VB", "kind": "rod_gul", "goal": "vom11", "org": "norrby", '
     '"ind": ""}', True),
    ('{"ar": "2022", "period": "VB", "kind": "rod_gul", "goal": "vom11", "org": "norrby"}',
     False),  # a year as text is no year
    ('["vom11"]', False), ("inte json", False), (None, False), ("x" * 601, False),
])
def test_an_item_key_from_the_browser_is_checked(raw, ok):
    got = parse_item_key(raw)
    assert isinstance(got, ItemKey) if ok else got is None
    if ok:
        assert (got.goal_id, got.org_id, got.indicator_id) == ("vom11", "norrby", "")
