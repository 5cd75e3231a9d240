"""The `kontrollrum` command line."""
