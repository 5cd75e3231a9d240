"""E-mail notices against a real SMTP server (aiosmtpd) started by the test: recipients,
Swedish text and links; `kontrollrum paminn` run twice sends each notice once; no draft text
reaches anyone."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text as sql

from cli.main import main
from ils.access import Viewer, parse_board_addresses, roles_of_user
from ils.clock import today
from ils.config import SettingError, mail_config
from ils.notes import ItemKey
from ils.notices import due_for_reminder
from queries import scope
from queries.db import get_engine
from queries.write.assessments_write import return_to_draft
from queries.write.lock_writes import lock_period
from queries.write.notes_write import answer_question, save_note
from queries.write.store import replace_dataset
from tests.fixture_round import city_with_round

SLK = Viewer(role="slk", name="Sara SLK", subject="k1")
SODERBY = Viewer(role="namnd", orgs=("soderby",), name="Sam", subject="s1")
ADMIN = Viewer(role="admin", name="Ada Admin", subject="a1")
SECRET_DRAFT = "HEMLIGT UTKAST om äldre"


def test_settings_are_checked_and_off_by_default():
    assert mail_config({}) is None
    cfg = mail_config({"KONTROLLRUM_SMTP_URL": "smtp://u%40x:s3cr3t@mail.example.se:2525?starttls=1",
                       "KONTROLLRUM_MAIL_FROM": "kr@example.se",
                       "KONTROLLRUM_BASE_URL": "https://kr.example.se/"})
    assert (cfg.host, cfg.port, cfg.tls, cfg.user, cfg.password, cfg.base_url) == (
        "mail.example.se", 2525, "starttls", "u@x", "s3cr3t", "https://kr.example.se")
    assert "s3cr3t" not in repr(cfg)
    assert mail_config({"KONTROLLRUM_SMTP_URL": "smtps://m.example.se",
                        "KONTROLLRUM_MAIL_FROM": "a@b", "KONTROLLRUM_BASE_URL": "http://x"}
                       ).port == 465
    with pytest.raises(SettingError, match="smtp://"):
        mail_config({"KONTROLLRUM_SMTP_URL": "http://x", "KONTROLLRUM_MAIL_FROM": "a@b"})
    with pytest.raises(SettingError, match="KONTROLLRUM_MAIL_FROM"):
        mail_config({"KONTROLLRUM_SMTP_URL": "smtp://x"})


def test_roles_and_addresses_are_read_leniently():
    assert roles_of_user('["namnd:soderby", "slk"]') == (("namnd", "soderby"), ("slk", None))
    assert roles_of_user("namnd:a, okand") == (("namnd", "a"),)
    assert parse_board_addresses('[groups]\n"g" = "slk"\n[addresses]\n"soderby" = "s@x.se"\n') \
        == {"soderby": "s@x.se"}


@pytest.mark.parametrize("left, due", [(-1, False), (0, True), (3, True), (4, False)])
def test_reminders_are_due_up_to_the_deadline(left, due):
    day = dt.date(2023, 1, 10)
    assert due_for_reminder(day + dt.timedelta(days=left), day, 3) is due


def test_paminn_sends_each_notice_once_to_the_right_people(tmp_path, monkeypatch, mail_server,
                                                           capsys):
    handler, port = mail_server
    url = f"sqlite:///{tmp_path / 'mail.db'}"
    engine = get_engine(url)
    ds = city_with_round()
    import polars as pl

    from ils.model import Dataset

    ds = Dataset.from_frames({**ds.frames(), "assessments": ds.assessments.with_columns(
        motivation=pl.when(pl.col("status") == "utkast").then(pl.lit(SECRET_DRAFT))
        .otherwise("motivation"))})
    replace_dataset(engine, ds, {})
    with engine.begin() as conn:  # what the sign-in writes (the sessions work's users table)
        conn.execute(sql("CREATE TABLE IF NOT EXISTS users (subject TEXT PRIMARY KEY, name TEXT,"
                         " email TEXT, roles TEXT, last_sign_in TEXT)"))
        for sub, mail, roles in (("s1", "sam@soderby.example.se", '["namnd:soderby"]'),
                                 ("n1", "nora@norrby.example.se", '["namnd:norrby"]'),
                                 ("k1", "sara@slk.example.se", '["slk"]'),
                                 ("r1", "lars@example.se", '["lasare"]')):
            conn.execute(sql("INSERT INTO users VALUES (:s, 'X', :e, :r, '2026-01-01')"),
                         {"s": sub, "e": mail, "r": roles})
    roles = tmp_path / "roles.toml"
    roles.write_text('[groups]\n"slk" = "slk"\n[addresses]\n"soderby" = "namnd@soderby.se"\n')
    for k, v in {"KONTROLLRUM_DB": url, "KONTROLLRUM_SMTP_URL": f"smtp://127.0.0.1:{port}",
                 "KONTROLLRUM_MAIL_FROM": "kontrollrum@stad.example.se",
                 "KONTROLLRUM_BASE_URL": "https://kr.example.se", "KONTROLLRUM_ROLES": str(roles),
                 "KONTROLLRUM_REMIND_DAYS": "3"}.items():
        monkeypatch.setenv(k, v)
    key = ItemKey(2022, "VB", "oenighet", "vom11", "soderby", "")
    with scope.acting_as(SLK):
        save_note(engine, SLK, key, None, None, "oppen", "Vad bygger bedömningen på?", 0)
    day = today()
    from queries.write.schedule_writes import set_deadline

    set_deadline(engine, ADMIN, 2022, "VB", "norrby", day + dt.timedelta(days=2))
    assert main(["paminn"]) == 0
    got = {(to, m["Subject"]): m.get_content() for to, m in handler.messages}
    question = got[(("sam@soderby.example.se",), "Fråga från SLK om 1.1 Barn lär sig (VB 2022)")]
    assert "”Vad bygger bedömningen på?”" in question
    assert "https://kr.example.se/namnd/soderby?ar=2022&period=VB#namnd-questions" in question
    assert (("namnd@soderby.se",), "Fråga från SLK om 1.1 Barn lär sig (VB 2022)") in got
    reminder = got[(("nora@norrby.example.se",),
                    f"Påminnelse: sista dag för VB 2022 är {(day + dt.timedelta(days=2))}")]
    assert "1 av 2 mål är publicerade" in reminder and "(om 2 dagar)" in reminder
    assert "https://kr.example.se/namnd/norrby?ar=2022&period=VB" in reminder
    assert all(to[0] != "lars@example.se" for to, _ in handler.messages)  # a reader: nothing
    n_first = len(handler.messages)
    assert n_first == 3
    assert main(["paminn"]) == 0  # run twice: nothing new
    assert len(handler.messages) == n_first
    assert "0 meddelanden (3 var redan skickade)" in capsys.readouterr().err
    # the board answers; an admin returns Kulturnämnden's period and locks T2: each once
    with scope.acting_as(SODERBY):
        answer_question(engine, SODERBY, key, "Enkäten 2022.", 1)
    return_to_draft(engine, ADMIN, "kultur", 2022, "VB", "Fel underlag")
    lock_period(engine, 2022, "T2", "Ada Admin")
    assert main(["paminn"]) == 0 and main(["paminn"]) == 0
    new = handler.messages[n_first:]
    subjects = sorted((to[0], m["Subject"]) for to, m in new)
    assert ("sara@slk.example.se", "Söderby stadsdelsnämnd har svarat om 1.1 Barn lär sig "
            "(VB 2022)") in subjects
    assert ("sara@slk.example.se", "T2 2022 är låst") in subjects
    assert ("nora@norrby.example.se", "T2 2022 är låst") in subjects
    answer = next(m for to, m in new if "svarat" in m["Subject"]).get_content()
    assert "”Enkäten 2022.”" in answer and "https://kr.example.se/mote?ar=2022&period=VB" \
        "&namnd=soderby" in answer
    assert len(new) == len(set((to, m["Subject"]) for to, m in new))  # none twice
    for _, m in handler.messages:  # no draft text to anyone
        assert SECRET_DRAFT not in m.get_content()
        assert m["From"] == "kontrollrum@stad.example.se"


def test_paminn_without_settings_is_one_swedish_line(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    replace_dataset(get_engine(url), city_with_round(), {})
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    monkeypatch.delenv("KONTROLLRUM_SMTP_URL", raising=False)
    assert main(["paminn"]) == 2
    assert "e-post är avstängt" in capsys.readouterr().err
