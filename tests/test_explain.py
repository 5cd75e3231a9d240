"""The 'Varför denna färg?' dialog answers only the buttons the app itself draws."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("trigger, expected", [
    ({"goal": "vom11", "org": "norrby", "year": 2022, "period": "VB"},
     ("vom11", "norrby", 2022, "VB")),
    ({"goal": "vom11", "org": "norrby", "year": "2022", "period": "T2"},
     ("vom11", "norrby", 2022, "T2")),
    ({"goal": "vom11", "org": "norrby", "year": "abc", "period": "VB"}, None),
    ({"goal": "vom11", "org": "norrby", "year": "9" * 5000, "period": "VB"}, None),
    ({"goal": "vom11", "org": "norrby", "year": 2022, "period": "Q4"}, None),
    ({"goal": ["x"], "org": "norrby", "year": 2022, "period": "VB"}, None),
    ({"goal": "vom11", "year": 2022, "period": "VB"}, None),
])
def test_why_dialog_takes_only_the_apps_own_button_ids(trigger, expected):
    from pagekit.explain import why_key

    assert why_key(trigger) == expected
