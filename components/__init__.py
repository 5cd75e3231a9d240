"""Reusable pieces of the UI: lights, navigation, the shell, the explanation dialog."""
