"""/om – Så fungerar Kontrollrum: the rules in plain Swedish, with the parameters actually
configured, a worked example computed by `ils.rules` (ils/example.py, so the page cannot
disagree with the code), the legend and where the data comes from."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, html

from components import page
from components.lights import legend
from components.navigation import breadcrumbs
from pagekit import guard
from pages.om import parts
from pages.om.data import load
from pages.om.tables import SETTINGS, settings_rows
from web.auth import sign_in_status_text

dash.register_page(__name__, path="/om", name="Så fungerar Kontrollrum",
                   title="Så fungerar Kontrollrum – Kontrollrum", nav=True, order=90)


def layout(**kwargs):
    return page.frame("about", **page.query_args(kwargs))


@callback(Output("about-content", "children"), Input("about-args", "data"))
@guard.safe
def render(args):
    d = load(args or {})
    return html.Div([
        breadcrumbs([("Stad", "/"), ("Så fungerar Kontrollrum", None)]),
        page.header("Så fungerar Kontrollrum",
                    "Så räknas ljusen fram ur indikatorerna – reglerna och inställningarna "
                    "som gäller just nu"),
        html.P("Kontrollrum visar hur stadens mål uppfylls, beräknat ur indikatorernas värden "
               "mot målvärdena. Ljusen sätts alltid av värdena, aldrig för hand. Bredvid visas "
               "nämndernas och kommunstyrelsens egna bedömningar, så att man ser var de "
               "skiljer sig."),
        html.P(sign_in_status_text(), id="about-signin"),
        html.Section([html.H2("Ljusen", className="h4 mt-3"), legend()], id="about-legend"),
        html.Section([html.H2("Inställningar som gäller", className="h4 mt-4"),
                      SETTINGS.html(settings_rows(d.params), table_id="about-settings")]),
        *parts.rules_sections(d.params),
        parts.example_section(d),
        parts.words_section(),
        parts.source_section(d.info),
    ], className="kr-about")
