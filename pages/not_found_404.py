"""Any unknown path: a clear Swedish 'hittades inte' page with a way back."""

import dash

from components.navigation import not_found

dash.register_page(__name__, path="/404", title="Sidan hittades inte – Kontrollrum")


def layout(**_kwargs):
    return not_found("Adressen finns inte i Kontrollrum. Kontrollera länken eller gå tillbaka "
                     "till stadsöversikten.")
