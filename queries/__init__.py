"""Data access: SQLAlchemy Core tables, Select builders, and one runner into polars."""
