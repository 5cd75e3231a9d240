"""Every write and what guards it: the write unit (the write lock, the locked-period
guard, the data versions), imports, the stored lights, drafts, notes, locks,
deadlines, Kolada, deletion and restore."""
