"""What the app reads: the views' data, exports, the reporting round, backups.
Nothing here writes to the database."""
