"""The navigation bar's sign-in part: "Logga in", or the user's name and role and a
"Logga ut" button (a form POST). Built from what it is given (`web.auth.user_menu`): no I/O."""

from __future__ import annotations

from dash import get_relative_path, html


def user_menu(name: str, role_text: str, signed_in: bool, offer_sign_in: bool):
    if signed_in:
        return html.Div([
            html.Div([html.Div(name or "Inloggad", className="fw-semibold"),
                      html.Span(", ", className="visually-hidden"),
                      html.Div(role_text, id="shell-user-role")],
                     id="shell-user", className="text-white small lh-sm"),
            html.Form(html.Button("Logga ut", type="submit", id="shell-signout",
                                  className="btn btn-outline-light btn-sm text-nowrap"),
                      method="POST", action=get_relative_path("/logga-ut"), className="m-0"),
        ], className="d-flex align-items-center gap-2 ms-xl-3 mt-2 mt-xl-0")
    if offer_sign_in:
        return html.A("Logga in", href=get_relative_path("/logga-in"), id="shell-signin",
                      className="btn btn-outline-light btn-sm text-nowrap ms-xl-2 mt-2 mt-xl-0")
    return None
