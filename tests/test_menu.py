"""The menu keeps the period (issue 21 item 7): its links get `?ar=&period=` of the page shown,
nothing else of its query, and the page shown is marked."""

from __future__ import annotations

from components.navigation import with_period


def test_with_period_keeps_year_and_period_only():
    assert with_period("/jamforelse", "?ar=2022&period=T2") == "/jamforelse?ar=2022&period=T2"
    assert with_period("/", "?sort=varst&ar=2021&mal=vom-1.1&period=VB") == "/?ar=2021&period=VB"
    assert with_period("/prognoser", "?period=T1") == "/prognoser?period=T1"
    assert with_period("/om", "") == "/om" and with_period("/om", None) == "/om"
    assert with_period("/om", "?ar=") == "/om"


def test_carry_period_fills_every_menu_link(city_db):
    from components.shell import carry_period

    ids = [{"type": "shell-menu", "path": p} for p in ("/", "/jamforelse", "/namnd/norrby")]
    hrefs, active, home = carry_period("/jamforelse", "?ar=2022&period=T2&typ=x", ids)
    assert hrefs == ["/?ar=2022&period=T2", "/jamforelse?ar=2022&period=T2",
                     "/namnd/norrby?ar=2022&period=T2"]
    assert active == [False, True, False] and home == "/?ar=2022&period=T2"
