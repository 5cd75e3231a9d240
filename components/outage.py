"""What the user reads when the database cannot be reached (recognised by
`queries.outage.database_unreachable`): the message, with a link that loads the page again.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

TITLE = "Databasen svarar inte just nu"
TEXT = ("Uppgifterna kan inte hämtas för tillfället. Inget har ändrats. Försök igen om en "
        "stund; kvarstår felet, kontakta den som driftar Kontrollrum.")


def outage_message() -> dbc.Alert:
    """The Swedish message, with a link that loads the same page again."""
    return dbc.Alert([
        html.H2(TITLE, className="h5"),
        html.P(TEXT),
        html.A("Försök igen", href="", className="btn btn-sm btn-outline-dark"),
    ], color="warning", className="kr-outage")
