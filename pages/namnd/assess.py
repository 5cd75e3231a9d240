"""/namnd/<id> — "Bedöm målen" (issue 13): the board's own users assess each VOM of the
period on the board's page, with the computed light, its outcome-only light and the indicator
list in view; the form says why a motivation is required (§3.9) before the user saves; saves
are drafts; the board publishes the period after a summary. Shown only to a viewer who may
assess the board (`data.may_assess`); every callback's write is checked again on the
server. Text is rendered as text, never as HTML. (The controllers' questions are answered in
`pages.namnd.questions`.)"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, dcc, html, no_update

from components import page
from components.history import history_list
from components.lights import light_badge
from ils.assessing import (
    ALSO,
    ALSO_WORDS,
    ASSESSMENT_WORDS,
    BASES,
    BASIS_WORDS,
    MAX_MOTIVATION,
    motivation_length,
    motivation_required,
    parse_basis,
)
from ils.labels import PERIOD_LABEL
from pagekit import guard
from pagekit.org.goals import computed_light
from pages.namnd import data, writes
from pages.namnd.tables import PAGE

SECTION = "kr-assess"


page.filled_later(  # drawn by the page's callback, for a viewer who may assess
    dcc.Store(id=f"{SECTION}-ctx"), dbc.Button(id=f"{SECTION}-publish"),
    html.Div(id=f"{SECTION}-publish-confirm"), html.Div(id=f"{SECTION}-publish-msg"),
    dcc.Store(id=f"{SECTION}-publish-versions"), dbc.Button(id=f"{SECTION}-publish-now"),
    dbc.Button(id=f"{SECTION}-publish-cancel"), dbc.Textarea(id=f"{SECTION}-reason"),
    dbc.Button(id=f"{SECTION}-to-draft"), html.Div(id=f"{SECTION}-to-draft-msg"))


def _id(kind: str, goal: str) -> dict:
    return {"type": f"{SECTION}-{kind}", "goal": goal}


def section(org_id: str, year: int, period: str, published: str | None = None) -> list:
    """The form, for a viewer who may assess the board; nothing for anyone else. `published`:
    the message of a publishing just done (the page is drawn again after it)."""
    if not data.may_assess(org_id):
        return _admin(org_id, year, period) if data.viewer().is_admin else []
    form = data.assess_form(org_id, year, period)
    name = f"{PERIOD_LABEL.get(period, period)} {year}"
    head = [html.H2("Bedöm målen", className="h5 mt-4"),
            dcc.Store(id=f"{SECTION}-ctx", data={"org": org_id, "year": year, "period": period})]
    if form.locked:
        return [html.Section([*head, dbc.Alert(f"{name} är låst ({form.locked}): "
                                               "bedömningarna kan inte ändras.",
                                               color="secondary")], id=SECTION)]
    intro = html.P(f"{name}: välj bedömning, grund och motivering för varje mål. Det ni "
                   "sparar är ett utkast som bara nämnden, SLK och administratörer ser, tills "
                   "ni publicerar perioden.", className="small text-muted")
    return [html.Section([*head, intro, *(_vom(v, form.rows.get(v["id"]), form)
                                           for v in form.voms),
                          _publish(form, published)],
                         id=SECTION, **{"aria-label": "Bedöm målen"})]


def _admin(org_id: str, year: int, period: str) -> list:
    """An admin may return a board's published period to draft, with a reason."""
    n = data.published_count(org_id, year, period)
    if not n:
        return []
    name = f"{PERIOD_LABEL.get(period, period)} {year}"
    return [html.Section([
        html.H2("Återför till utkast", className="h5 mt-4"),
        dcc.Store(id=f"{SECTION}-ctx", data={"org": org_id, "year": year, "period": period}),
        html.P(f"Nämndens {n} publicerade bedömningar för {name} blir utkast igen: de syns då "
               "bara för nämnden, SLK och administratörer tills nämnden publicerar på nytt.",
               className="small"),
        html.Label([html.Span("Skäl (sparas i historiken)", className="small fw-bold d-block"),
                    dbc.Textarea(id=f"{SECTION}-reason", rows=2, maxLength=1000)],
                   className="w-100"),
        dbc.Button("Återför till utkast", id=f"{SECTION}-to-draft", color="warning", size="sm",
                   className="mt-1", n_clicks=0),
        html.Div(id=f"{SECTION}-to-draft-msg", role="status", className="mt-1"),
    ], id=f"{SECTION}-admin")]


def _indicator_list(rows: list[dict]) -> html.Ul | html.P:
    if not rows:
        return html.P("Inga indikatorer räknas för målet.", className="small text-muted")
    return html.Ul([html.Li([light_badge(r["light"], r["basis"], compact=True), " ",
                             r["name"] or ""], className="small") for r in rows],
                   className="list-unstyled mb-2 kr-assess-indicators")


def _vom(v: dict, row: dict | None, form: data.Form) -> html.Div:
    goal, period = v["id"], form.period
    light = v["light"]
    published = bool(row) and row.get("status") != "utkast"
    main, also = parse_basis((row or {}).get("basis"))
    state = _state(row, published)
    lights = ([html.Span("Beräknat: ", className="small text-muted"), *computed_light(light)]
              if light else [html.Span("Inget beräknat ljus", className="small text-muted")])
    label = f"{v['code'] or ''} {v['title']}".strip()
    return html.Div([
        html.H3(label, className="h6 mb-1"),
        html.Div(lights, className="d-flex flex-wrap gap-1 align-items-center mb-1"),
        _indicator_list(v["indicators"]),
        html.P(state, className="small text-muted mb-1", id=_id("state", goal)),
        dcc.Store(id=_id("light", goal), data={k: (light or {}).get(k) for k in (
            "light", "rests_on_forecast")}),
        dcc.Store(id=_id("version", goal), data=(row or {}).get("version") or 0),
        html.Fieldset([
            html.Legend("Bedömning", className="small fw-bold mb-0"),
            dbc.RadioItems(id=_id("value", goal), inline=True, value=(row or {}).get(
                "assessment"), options=[{"label": w, "value": k, "disabled": published}
                                        for k, w in ASSESSMENT_WORDS.items()])]),
        html.Fieldset([
            html.Legend("Grund", className="small fw-bold mb-0"),
            dbc.RadioItems(id=_id("basis", goal), inline=True, value=main or BASES[0],
                           options=[{"label": BASIS_WORDS[b], "value": b,
                                     "disabled": published} for b in BASES]),
            html.Div([html.Span("Vilar också på:", className="me-2"),
                      dbc.Checklist(id=_id("also", goal), inline=True, value=list(also),
                                    options=[{"label": ALSO_WORDS[a].lower(), "value": a,
                                              "disabled": published} for a in ALSO])],
                     className="d-flex flex-wrap align-items-center")]),
        html.Label([html.Span("Motivering", className="small fw-bold d-block"),
                    dbc.Textarea(id=_id("text", goal), rows=3, disabled=published,
                                 value=(row or {}).get("motivation") or "",
                                 maxLength=MAX_MOTIVATION)], className="w-100"),
        html.Div(_why((row or {}).get("assessment"), light, period,
                      (row or {}).get("motivation")), id=_id("why", goal),
                 className="small", **{"aria-live": "polite"}),
        dbc.Button("Spara utkast", id=_id("save", goal), size="sm", className="mt-1",
                   disabled=published, n_clicks=0),
        html.Div(id=_id("msg", goal), role="status", className="mt-1"),
        html.Details([html.Summary("Historik", className="small"),
                      html.Div(history_list(form.history.get(goal, [])),
                               id=_id("hist", goal))],
                     className="mt-1"),
    ], className="kr-assess-goal border rounded p-2 mb-2", **{"aria-label": label})


def _state(row: dict | None, published: bool) -> str:
    """"Ännu inte bedömt" / "Publicerad 2026-11-26 av …" / "Utkast, version 3 (sparat … av …)"."""
    if row is None:
        return "Ännu inte bedömt"
    if published:
        by = row.get("published_by")
        return (f"Publicerad {data.shown_time(row.get('published_at'))} av {by}" if by
                else "Publicerad (importerad)")
    if not row.get("updated_by"):
        return "Utkast (importerat)"
    when = data.shown_time(row.get("updated_at"))
    return f"Utkast, version {row['version']} (sparat {when} av {row['updated_by']})"


def _why(value, light, period, text) -> list:
    reason = motivation_required(value, light, period)
    n = motivation_length(text)
    if reason is None:
        return [html.Span(f"Motivering frivillig ({n} tecken).", className="text-muted")]
    ok = n >= 40
    return [html.Span(reason, className="text-danger" if not ok else "text-success"),
            html.Span(f" Nu {n} tecken.", className="text-muted")]


def _publish(form: data.Form, published: str | None = None) -> html.Div:
    return html.Div([
        html.H3("Publicera perioden", className="h6 mt-3"),
        html.P("Alla nämndens utkast för perioden publiceras på en gång och syns sedan för "
               "alla. Du får se vad som publiceras innan det sker.", className="small"),
        dbc.Button("Publicera periodens bedömningar …", id=f"{SECTION}-publish", color="primary",
                   size="sm", n_clicks=0, disabled=form.summary.n_goals == 0),
        html.Div(id=f"{SECTION}-publish-confirm", className="mt-2"),
        html.Div(_published(published) if isinstance(published, str) else None,
                 id=f"{SECTION}-publish-msg", role="status", className="mt-1"),
    ])


def _confirm(summary, names: dict[str, str], versions: dict[str, int]) -> html.Div:
    """The summary of what is about to become public, and the buttons to go on or not (the
    drafts' versions it was made from go along: a draft saved since stops the publishing)."""
    items = [html.Li(s) for s in summary.sentences()]
    if summary.missing_motivation:
        items.append(html.Li("Saknar motivering: " + ", ".join(
            names.get(g, g) for g in summary.missing_motivation)))
    return dbc.Alert([
        html.H4("Det här blir publikt", className="h6"),
        html.Ul(items, className="small mb-2"),
        dcc.Store(id=f"{SECTION}-publish-versions", data=versions),
        dbc.Button("Publicera nu", id=f"{SECTION}-publish-now", color="primary", size="sm",
                   n_clicks=0, className="me-2"),
        dbc.Button("Avbryt", id=f"{SECTION}-publish-cancel", color="secondary", outline=True,
                   size="sm", n_clicks=0),
    ], color="light", className="border", id=f"{SECTION}-publish-box")


@callback(Output(_id("why", MATCH), "children"), Input(_id("value", MATCH), "value"),
          Input(_id("text", MATCH), "value"), State(_id("light", MATCH), "data"),
          State(f"{SECTION}-ctx", "data"), prevent_initial_call=True)
@guard.safe
def why(value, text, light, ctx):
    """Say before saving whether (and why) a motivation is required (pure, no data read)."""
    period = ctx.get("period") if isinstance(ctx, dict) else None
    light = light if isinstance(light, dict) else None
    return _why(value, light, period, text if isinstance(text, str) else "")


@callback(Output(_id("msg", MATCH), "children"), Output(_id("version", MATCH), "data"),
          Output(_id("hist", MATCH), "children"), Output(_id("state", MATCH), "children"),
          Input(_id("save", MATCH), "n_clicks"), State(_id("value", MATCH), "value"),
          State(_id("basis", MATCH), "value"), State(_id("also", MATCH), "value"),
          State(_id("text", MATCH), "value"), State(_id("version", MATCH), "data"),
          State(f"{SECTION}-ctx", "data"), prevent_initial_call=True)
@guard.safe(outputs=4)
def save(n, value, basis, also, text, version, ctx):
    """Save the draft as the signed-in user; the server refuses what the role may not."""
    from dash import ctx as dash_ctx

    if not n or not isinstance(ctx, dict) or not isinstance(dash_ctx.triggered_id, dict):
        return no_update, no_update, no_update, no_update
    goal = dash_ctx.triggered_id.get("goal")
    ok, message, other = writes.save(ctx.get("org"), goal, ctx.get("year"), ctx.get("period"),
                                   value, basis, also, text, version)
    if not ok and other and other.get("version") is not None:  # a conflict: show theirs
        alert = dbc.Alert([message, html.Br(), "Läs den andra versionen; spara igen om du vill "
                           "ersätta den med din."],
                          color="danger", className="py-2 mb-0")
        return alert, other.get("version") or 0, no_update, no_update
    if not ok:
        return (dbc.Alert(message, color="danger", className="py-2 mb-0"), no_update, no_update,
                no_update)
    hist = history_list(data.assessment_history(ctx.get("org"), goal, ctx.get("year"),
                                                ctx.get("period")))
    saved = (other or {}).get("version", version)
    return (dbc.Alert(message, color="success", className="py-2 mb-0"), saved, hist,
            f"Utkast, version {saved} (sparat nyss av dig)")


@callback(Output(f"{SECTION}-publish-confirm", "children"),
          Input(f"{SECTION}-publish", "n_clicks"), State(f"{SECTION}-ctx", "data"),
          prevent_initial_call=True)
@guard.safe
def ask_publish(n, ctx):
    """Show what would become public now (read fresh); only for the board's own users."""
    if not n or not isinstance(ctx, dict):
        return no_update
    summary, names, versions = data.preview(ctx.get("org"), ctx.get("year"),
                                            ctx.get("period"))
    if summary is None:
        return dbc.Alert("Du får inte publicera den här nämndens bedömningar.", color="danger",
                         className="py-2")
    if not summary.n_goals:
        return dbc.Alert("Det finns inga utkast att publicera.", color="secondary",
                         className="py-2")
    return _confirm(summary, names, versions)


@callback(Output(f"{SECTION}-publish-confirm", "children", allow_duplicate=True),
          Input(f"{SECTION}-publish-cancel", "n_clicks"), prevent_initial_call=True)
def cancel_publish(n):
    return None if n else no_update


@callback(Output(f"{SECTION}-publish-msg", "children"),
          Output(f"{SECTION}-publish-confirm", "children", allow_duplicate=True),
          Output(f"{PAGE}-args", "data", allow_duplicate=True),
          Input(f"{SECTION}-publish-now", "n_clicks"), State(f"{SECTION}-ctx", "data"),
          State(f"{SECTION}-publish-versions", "data"), prevent_initial_call=True)
@guard.safe(outputs=3)
def publish(n, ctx, versions=None):
    """Publish the board's drafts of the period as the summary showed them; refused on the
    server for other roles, and when a draft was saved after the summary was shown. Once
    published the page is drawn again (new arguments for its callback): the form shows the
    published assessments and the drafts mark goes, without a reload (issue 21 item 11)."""
    if not n or not isinstance(ctx, dict):
        return no_update, no_update, no_update
    if versions is not None and not (isinstance(versions, dict) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in versions.values())):
        versions = {"": -1}  # forged: matches no period's drafts
    ok, message = writes.publish(ctx.get("org"), ctx.get("year"), ctx.get("period"), versions)
    if not ok:
        return dbc.Alert(message, color="danger", className="py-2"), None, no_update
    again = {"org_id": ctx.get("org"), "ar": str(ctx.get("year")),
             "period": str(ctx.get("period")), "sort": None, "mal": None, "published": message}
    return _published(message), None, again


def _published(message: str) -> dbc.Alert:
    return dbc.Alert(message, color="success", className="py-2")


@callback(Output(f"{SECTION}-to-draft-msg", "children"), Input(f"{SECTION}-to-draft", "n_clicks"),
          State(f"{SECTION}-reason", "value"), State(f"{SECTION}-ctx", "data"),
          prevent_initial_call=True)
@guard.safe
def to_draft(n, reason, ctx):
    """Return the period to draft; refused on the server for anyone but an admin."""
    if not n or not isinstance(ctx, dict):
        return no_update
    ok, message = writes.to_draft(ctx.get("org"), ctx.get("year"), ctx.get("period"), reason)
    return dbc.Alert(message, color="success" if ok else "danger", className="py-2")
