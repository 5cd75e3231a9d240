"""The tables of /om, each declared once: the settings in force and the worked example."""

from __future__ import annotations

from babel.numbers import format_decimal
from dash import html

from components.lights import light_badge
from components.table import Col, Table
from ils.labels import DIRECTION_LABEL, LOCALE, fmt_number, fmt_percent, fmt_value, light_label


def pct(x: float) -> str:
    return fmt_percent(x, 1)


def share(x: float) -> str:
    """A threshold as '0,75 (75 %)'."""
    return f"{format_decimal(x, format='0.00#', locale=LOCALE)} ({pct(x)})"


def reason(r: dict) -> str:
    """Why this indicator got its light, in words, from the computed row."""
    v, t, y = (fmt_value(r[c], r["unit"]) for c in ("value", "target", "yellow_limit"))
    better, worse = ("minst", "under") if r["direction"] == "hogre" else ("högst", "över")
    return {
        "gron": f"{v} är {better} målvärdet {t}.",
        "gul": f"{v} är {worse} målvärdet {t} men {better} den gula gränsen {y}.",
        "rod": f"{v} är {worse} den gula gränsen {y}.",
        "saknas": "Inget utfall. En prognos räknas bara i tertialrapporterna, inte i "
                  "verksamhetsberättelsen.",
        "ej_malsatt": "Inget målvärde för året.",
    }[r["light"]]


def _plain(text_of):
    """A row header in normal weight (as the body text), its text from `text_of(row)`."""
    return lambda r, env: html.Span(text_of(r), className="fw-normal")


def _with_unit(key: str):
    return lambda r, env: fmt_value(r[key], r["unit"])


SETTINGS = Table("settings", (
    Col("Inställning", "setting", th=True, cell=_plain(lambda r: r["setting"])),
    Col("Värde", "value"),
))

EXAMPLE = Table("example", (
    Col("Indikator", lambda r: f"{r['indicator_id']}. {r['name']}", th=True,
        cell=_plain(lambda r: f"{r['indicator_id']}. {r['name']}")),
    Col("Beslutad av", lambda r: "KF" if r["decided_by"] == "kf" else "Nämnden"),
    Col("Riktning", lambda r: DIRECTION_LABEL[r["direction"]]),
    Col("Målvärde", "target", "decimal", cell=_with_unit("target")),
    Col("Gul gräns", "yellow_limit", "decimal", cell=_with_unit("yellow_limit")),
    Col("Värde", "value", "decimal", cell=_with_unit("value")),
    Col("Ljus", lambda r: light_label(r["light"], r["basis"]),
        cell=lambda r, env: light_badge(r["light"], r["basis"])),
    Col("Poäng", "score", "decimal",
        cell=lambda r, env: "räknas inte" if r["score"] is None else fmt_number(r["score"])),
    Col("Därför", reason),
))


def settings_rows(p) -> list[dict]:
    return [{"setting": "Tolerans för gul gräns (när ingen gul gräns är angiven)",
             "value": pct(p.tolerance)},
            {"setting": "Ett mål är grönt vid en poäng på minst",
             "value": share(p.green_threshold)},
            {"setting": "Ett mål är gult vid en poäng på minst",
             "value": share(p.yellow_threshold)}]
