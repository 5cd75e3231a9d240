"""What the views share on the server side, between the UI (`components/`, which reads
nothing) and the data (`queries/`): the period a page shows and the cached reference data
(`data`), the wrapper that runs a page's callback (`guard`), folded sections built when opened
(`folds`), the 'Varför denna färg?' dialog's callback (`explain`), every table's files
(`downloads`), the shell's data callbacks (`shell`) and the three organisation views' common
frame, goals and tables (`org`)."""
