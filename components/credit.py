"""Credit for figures taken from Kolada (STYLE: facts from elsewhere carry their source)."""

from __future__ import annotations


def kolada_credit(info: dict[str, str], ind: dict, period: str) -> str | None:
    """The credit for the city's value of a KF indicator tied to a Kolada KPI: Kolada's yearly
    figure as is at VB ("Källa: Kolada"); a tertial value can only be derived from it
    ("bearbetning av data från Kolada"). None when the indicator has no KPI, is not KF's, or
    the data set says its values are not from Kolada (`kolada` = "0" in the data set info)."""
    if not ind.get("kolada_kpi") or ind.get("decided_by") != "kf" or info.get("kolada") == "0":
        return None
    return "Källa: Kolada" if period == "VB" else "bearbetning av data från Kolada"
