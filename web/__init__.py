"""The web server under Dash: sign-in, sessions, security headers, request checks, /halsa.

Nothing here runs at import: `app.create_app()` calls each module's `init_app(server)`.
"""
