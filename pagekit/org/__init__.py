"""What the three organisation views (`pages/namnd`, `pages/avdelning`, `pages/enhet`) share:
the page frame (`frame`), the goals with their folded indicators (`goals`) and the tables
whose columns the three declare alike (`tables`). Imports no page; the views' data comes in
as `queries.read.org_views.OrgData`, loaded by each view's own `data.load`."""
