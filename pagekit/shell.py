"""The shell's data: the demo banner and the data set's source in the footer
(`components.shell` has their places), read again on every navigation."""

from __future__ import annotations

import logging

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from queries.db import get_engine
from queries.read.dataset import load_info
from queries.write.kolada_store import has_kolada_values

KOLADA_NOTE = (" Värden med källan Kolada: Källa: Kolada; ljus och andra tal beräknade på dem: "
               "bearbetning av data från Kolada.")


@callback(Output("shell-banner", "children"), Output("shell-source", "children"),
          Input("shell-url", "pathname"))
def data_label(_path):
    """The data label: 'Fiktiva demodata' on demo data, the source otherwise."""
    try:
        info = load_info(get_engine())
    except Exception:  # noqa: BLE001 - database down: the page says so, the frame stays quiet
        logging.getLogger("kontrollrum").warning("data label: database not read", exc_info=True)
        return None, None
    # An imported bundle has no label of its own; an empty database has no source at all.
    source = info.get("source", "Källa: kommunens uppföljningssystem (importerat underlag)."
                      if info else None)
    if source and "Kolada" not in source and has_kolada_values(get_engine()):
        source += KOLADA_NOTE  # the credit follows the values' source
    if info.get("demo") == "1":
        banner = html.Div(dbc.Container(
            [html.Strong("Fiktiva demodata. "),
             "Namnen på stadsdelsnämnder och mål är hämtade från Stockholms stad, men "
             "värden, bedömningar och texter är påhittade – utom stadens årsvärden för "
             "indikatorer med ett nyckeltal i Kolada (Källa: Kolada)."], fluid=True),
            className="kr-demo-banner py-2")
        return banner, source
    return None, source
