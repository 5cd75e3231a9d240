"""Kontrollrum's pure domain: the ILS model, the rules, the interchange format and the demo data.

Nothing in this package imports Dash or SQLAlchemy (a test checks it), so the rules can be
tested, benchmarked and reused without a web server or a database.
"""
