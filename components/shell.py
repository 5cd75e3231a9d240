"""The app shell: header with navigation from the page registry, data label, dialogs, footer."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, dcc, html

from components.explain import why_modal
from components.lights import legend
from components.navigation import with_period
from components.search import search_box
from ils.access import Viewer


def nav_links(v: Viewer) -> list:
    """The pages registered with `nav=True`, and for an admin those with `nav="admin"`."""
    shown = (True, "admin") if v.is_admin else (True,)
    shown += ("work",) if v.has_work else ()  # "Att göra": users with work in the round
    pages = sorted((p for p in dash.page_registry.values() if p.get("nav") in shown),
                   key=lambda p: p.get("order", 99))
    links = [dbc.NavItem(dbc.NavLink(p["name"], href=p["relative_path"], active="exact",
                                     id=menu_id(p["relative_path"]), className="text-nowrap"))
             for p in pages]
    if v.home_board:  # "Min nämnd": a board user's own board
        home = f"/namnd/{v.home_board}"
        links.insert(0, dbc.NavItem(dbc.NavLink("Min nämnd", href=home, id=menu_id(home),
                                                className="text-nowrap")))
    return links


def menu_id(path: str) -> dict:
    """The id of a menu link to `path`: `carry_period` gives it the current year and period."""
    return {"type": "shell-menu", "path": path}


def legend_modal() -> html.Div:
    return html.Div([
        dbc.Button("Teckenförklaring", id="shell-legend-open", color="light", size="sm",
                   className="ms-xl-2"),
        dbc.Modal([
            dbc.ModalHeader(dbc.ModalTitle("Teckenförklaring")),
            dbc.ModalBody([legend(), html.P(dcc.Link("Så sätts ljusen", href="/om"),
                                            className="mt-3 mb-0")]),
        ], id="shell-legend", is_open=False, size="lg"),
    ])


def layout(viewer: Viewer, user_menu=None) -> html.Div:
    """The shell for `viewer` (its menu); `user_menu` is the sign-in part of the navigation
    bar (the app gives both). The data label and source are filled by `pagekit.shell`."""
    header = dbc.Navbar(dbc.Container([
        dbc.NavbarBrand(dcc.Link("Kontrollrum", href="/", id="shell-home",
                                 className="text-white text-decoration-none"),
                        className="fw-bold"),
        html.Button(html.Span(className="navbar-toggler-icon"), id="shell-nav-toggle",
                    n_clicks=0, type="button", className="navbar-toggler",
                    **{"aria-label": "Meny", "aria-controls": "shell-nav",
                       "aria-expanded": "false"}),
        dbc.Collapse(html.Div([dbc.Nav(nav_links(viewer), navbar=True,
                                       className="me-auto flex-wrap"),
                               search_box(), legend_modal(), user_menu],
                              className="d-xl-flex flex-wrap align-items-center w-100"),
                     id="shell-nav", is_open=False, navbar=True),
    ], fluid=True), color="dark", dark=True, expand="xxl", className="d-print-none mb-0")
    return html.Div([
        html.A("Hoppa till innehållet", href="#main", className="visually-hidden-focusable"),
        header,
        html.Div(id="shell-banner", role="status"),
        html.Main(dbc.Container(dash.page_container, fluid=True, className="py-3"), id="main",
                  tabIndex="-1"),
        why_modal(),
        html.Footer(dbc.Container(html.Div(id="shell-source", className="small"), fluid=True),
                    className="border-top py-3 mt-4 text-muted"),
        dcc.Location(id="shell-url"),
    ])


@callback(Output("shell-nav", "is_open"), Output("shell-nav-toggle", "aria-expanded"),
          Input("shell-nav-toggle", "n_clicks"), Input("shell-url", "href"),
          State("shell-nav", "is_open"), prevent_initial_call=True)
def toggle_nav(_clicks, _href, is_open):
    """The menu folds into a button below 1400 px (the navbar's `expand="xxl"`): the six pages,
    an admin's seventh, the legend and the user's name need about 1 130 px in one row.
    Going to another page closes it (on a phone it would cover the page just opened)."""
    if dash.ctx.triggered_id == "shell-url":
        return False, "false"
    return (not is_open), ("false" if is_open else "true")


@callback(Output({"type": "shell-menu", "path": ALL}, "href"),
          Output({"type": "shell-menu", "path": ALL}, "active"),
          Output("shell-home", "href"),
          Input("shell-url", "pathname"), Input("shell-url", "search"),
          State({"type": "shell-menu", "path": ALL}, "id"))
def carry_period(pathname, search, ids):
    """The menu's links keep the year and period of the page the reader is on: on
    /?ar=2022&period=T2, "Självskattning mot utfall" goes to /jamforelse?ar=2022&period=T2.
    The link to the page shown is marked (NavLink's own "exact" compares its href, query and
    all, with the path)."""
    if not isinstance(ids, list) or not all(isinstance(i, dict) and isinstance(
            i.get("path"), str) for i in ids):  # not what the renderer sends
        return dash.no_update, dash.no_update, dash.no_update
    search = search if isinstance(search, str) else ""
    paths = [i["path"] for i in ids]
    return ([with_period(p, search) for p in paths], [p == pathname for p in paths],
            with_period("/", search))


@callback(Output("shell-legend", "is_open"), Input("shell-legend-open", "n_clicks"),
          prevent_initial_call=True)
def open_legend(_clicks):
    return True
