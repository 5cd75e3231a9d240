"""Bedöm målen in headless Chromium (issue 13), signed in through a real OpenID Connect provider
(oidc-provider-mock): Skarpnäck's board user assesses all the VOMs of T2 2022 — the form says
when §3.9 requires a motivation and the server refuses a short one — and publishes; the
kommunstyrelsen reader sees none of the drafts before and the assessments after. On a demo
database of its own (the other browser tests' data stay as they were). Screenshots in the
test's tmp folder."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select

from queries.schema import assessment, organisation
from tests.browser.support import assert_no_axe_violations, oidc_sign_in, wait_for_dash

TEXT = "Bedömningen bygger på indikatorerna och nämndens uppföljning av verksamheten i år."


@pytest.fixture(scope="module")
def assess_url(tmp_path_factory) -> str:
    from cli.main import main

    url = f"sqlite:///{tmp_path_factory.mktemp('assess') / 'demo.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KONTROLLRUM_DB", url)
        assert main(["demo"]) == 0
    return url


@pytest.fixture(scope="module")
def skarpnack(assess_url) -> str:
    engine = create_engine(assess_url)
    with engine.connect() as conn:
        org_id = conn.execute(select(organisation.c.id).where(
            organisation.c.name == "Skarpnäcks stadsdelsnämnd")).scalar_one()
    engine.dispose()
    return org_id


def drafts(url: str, org_id: str) -> list[str]:
    a = assessment.c
    engine = create_engine(url)
    with engine.connect() as conn:
        got = conn.execute(select(a.motivation).where(
            (a.org_id == org_id) & (a.year == 2022) & (a.period == "T2")
            & (a.status == "utkast"))).scalars().all()
    engine.dispose()
    return [m for m in got if m]


def test_board_assesses_and_publishes_the_reader_sees_it_after(
        live_server, assess_url, pages, oidc_env, skarpnack, tmp_path):
    base = live_server(assess_url)
    board = f"{base}/namnd/{skarpnack}?ar=2022&period=T2"
    secret = drafts(assess_url, skarpnack)
    assert secret, "the demo holds Skarpnäck's T2 2022 drafts"

    reader = pages()
    oidc_sign_in(reader, base, "kerstin")
    reader.goto(board)
    wait_for_dash(reader)
    assert reader.locator("#kr-assess").count() == 0
    assert not any(m in reader.content() for m in secret)  # no draft text reaches the reader

    page = pages()
    oidc_sign_in(page, base, "sven")
    page.goto(board)
    wait_for_dash(page)
    form = page.locator("#kr-assess")
    form.wait_for()
    goals = form.locator(".kr-assess-goal")
    n = goals.count()
    assert n == 12
    page.screenshot(path=str(tmp_path / "assess-form.png"), full_page=True)

    first = goals.nth(0)
    first.get_by_role("radio", name="Uppfyllt", exact=True).check()
    first.locator("textarea").fill("För kort.")
    why = first.locator("[aria-live=polite]")
    why.get_by_text("motivera med minst 40 tecken", exact=False).wait_for()
    first.get_by_role("button", name="Spara utkast").click()
    first.locator(".alert-danger").wait_for()
    assert "Motiveringen har nu 9 tecken." in first.locator(".alert-danger").inner_text()
    first.screenshot(path=str(tmp_path / "assess-refused.png"))

    for i in range(n):
        goal = goals.nth(i)
        goal.get_by_role("radio", name="Delvis uppfyllt", exact=True).check()
        goal.locator("textarea").fill(f"{TEXT} Mål {i + 1}.")
        goal.get_by_role("button", name="Spara utkast").click()
        goal.locator(".alert-success").wait_for()
        assert "Sparat som utkast" in goal.locator(".alert-success").inner_text()
    assert_no_axe_violations(page, context="#kr-assess")

    page.get_by_role("button", name="Publicera periodens bedömningar …").click()
    box = page.locator("#kr-assess-publish-box")
    box.wait_for()
    assert "12 mål publiceras." in box.inner_text()
    box.screenshot(path=str(tmp_path / "assess-publish-summary.png"))
    page.get_by_role("button", name="Publicera nu").click()
    done = page.locator("#kr-assess-publish-msg .alert-success")
    done.wait_for()
    assert "Publicerat: 12 mål är nu synliga för alla." in done.inner_text()
    # the page is drawn again without a reload: the form shows the published assessments,
    # the publish button has nothing left to publish and the drafts mark is gone
    wait_for_dash(page)
    assert "Publicerat: 12 mål" in page.inner_text("#kr-assess-publish-msg")
    states = form.locator("[id*='\"kr-assess-state\"']").all_inner_texts()
    assert len(states) == 12 and all(s.startswith("Publicerad ") for s in states), states
    assert "Utkast, version" not in form.inner_text()
    assert page.locator(".kr-mark-drafts").count() == 0
    assert page.get_by_role("button", name="Publicera periodens bedömningar …").is_disabled()
    page.screenshot(path=str(tmp_path / "assess-published.png"), full_page=True)

    reader.goto(board)
    wait_for_dash(reader)
    assert f"{TEXT} Mål 1." in reader.inner_text("main")
