"""The views: one package per feature, found from its URL."""
