"""Who may see what (DOMAIN.md §3.9): roles, the role file, and which drafts a viewer sees.

Pure: no Dash, no SQL. The web layer turns a signed-in user's claims into a `Viewer`
(`viewer_from_claims`), the data layer asks the viewer's `Access` which drafts it may read.

Roles, from least to most (`ROLES`, the one table of what each role may do):
- `publik` (not signed in) and `lasare`: published data only;
- `namnd:<org>`: published data plus the drafts of its own org and every org below it; assesses
  and publishes its own board, answers SLK's questions;
- `slk`: every draft; writes the agenda's notes, decisions and questions; follows the round;
- `admin`: as `slk`, plus import, locking and unlocking periods, deadlines, returning to draft.

Adding a role is adding one entry to `ROLES` (and its name to the role file's help); every
permission the app asks is a named method or property of `Viewer` that reads that entry, and no
module outside this one compares a role's name (tests/test_access.py checks both).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from ils.orgs import below

PUBLIK, LASARE, NAMND, SLK, ADMIN = "publik", "lasare", "namnd", "slk", "admin"


@dataclass(frozen=True)
class Role:
    """What the users of one role may do."""

    label: str  # Swedish, in the navigation bar
    rank: int  # a user with several roles gets the highest
    of_org: bool = False  # written "<role>:<org-id>": a board's own user (its drafts and below,
    #                       assessing and publishing it, answering SLK's questions to it)
    all_drafts: bool = False  # sees every draft
    writes_notes: bool = False  # the agenda's notes, decisions and questions
    follows_round: bool = False  # the whole round: answers received, late boards, open items
    admin: bool = False  # import, locks, deadlines, returning to draft, sessions
    notices: frozenset[str] = frozenset()  # the e-mails its users get (`ils.notices` kinds)


ROLES: dict[str, Role] = {
    PUBLIK: Role("Ej inloggad", 0),
    LASARE: Role("Läsare", 1),
    NAMND: Role("Nämnd", 2, of_org=True,
                notices=frozenset({"fraga", "aterford", "paminnelse", "last"})),
    SLK: Role("SLK-controller", 3, all_drafts=True, writes_notes=True, follows_round=True,
              notices=frozenset({"svar", "last"})),
    ADMIN: Role("Administratör", 4, all_drafts=True, writes_notes=True, follows_round=True,
                admin=True),
}
RANK = {name: role.rank for name, role in ROLES.items()}


def gets_notice(role: str, kind: str) -> bool:
    """Whether the users of `role` get the e-mail notices of `kind` (`ils.notices`)."""
    return role in ROLES and kind in ROLES[role].notices


def is_org_role(role: str) -> bool:
    """Whether `role` is a board's own ("namnd:<org-id>")."""
    return role in ROLES and ROLES[role].of_org
ROLE_LABEL = {name: role.label for name, role in ROLES.items()}
DRAFT, PUBLISHED = "utkast", "publicerad"
CLAIMS = ("groups", "roles")  # the claims a provider may carry the user's groups in


class RoleFileError(ValueError):
    """The role file cannot be used; the message is Swedish and names the problem."""


@dataclass(frozen=True)
class Access:
    """Which drafts a request may read: all of them, or those of some orgs (and below)."""

    all_drafts: bool = False
    draft_roots: frozenset[str] = frozenset()  # namnd orgs whose drafts (and below) are visible

    @property
    def sees_drafts(self) -> bool:
        return self.all_drafts or bool(self.draft_roots)

    @property
    def key(self) -> str:
        """Names what this access can see, for cache keys: equal keys see equal data."""
        if self.all_drafts:
            return "all"
        if self.draft_roots:
            return "orgs:" + ",".join(sorted(self.draft_roots))
        return "pub"

    def draft_orgs(self, organisation: pl.DataFrame) -> frozenset[str] | None:
        """The orgs whose drafts are visible (None: every org's)."""
        if self.all_drafts:
            return None
        out: set[str] = set()
        known = set(organisation["id"].to_list())
        for root in self.draft_roots:
            if root in known:
                out.add(root)
                out.update(below(organisation, root))
        return frozenset(out)


PUBLISHED_ONLY = Access()
EVERYTHING = Access(all_drafts=True)


@dataclass(frozen=True)
class Viewer:
    """A person using the app: the signed-out public unless signed in."""

    role: str = PUBLIK
    orgs: tuple[str, ...] = ()  # for `namnd`: the orgs the user belongs to
    name: str = ""
    subject: str = ""  # the provider's stable id of the user
    groups: tuple[str, ...] = field(default=(), compare=False)

    @property
    def _role(self) -> Role:
        return ROLES.get(self.role, ROLES[PUBLIK])

    @property
    def signed_in(self) -> bool:
        return self.role != PUBLIK

    @property
    def access(self) -> Access:
        if self._role.all_drafts:
            return EVERYTHING
        if self._role.of_org:
            return Access(draft_roots=frozenset(self.orgs))
        return PUBLISHED_ONLY

    @property
    def is_admin(self) -> bool:
        """Import, locks, deadlines, returning a period to draft, sign-in sessions."""
        return self._role.admin

    @property
    def of_org(self) -> bool:
        """Whether the viewer is a board's own user (the orgs in `orgs`)."""
        return self._role.of_org

    def may_edit(self, org_id: str, organisation: pl.DataFrame) -> bool:
        """Whether the viewer may write assessments of `org_id` (its own org or below)."""
        if not self._role.of_org:
            return False
        orgs = self.access.draft_orgs(organisation) or frozenset()
        return org_id in orgs

    def may_assess(self, org_id: object) -> bool:
        """Whether the viewer may assess and publish `org_id`'s goals in the app: only the
        board's own users, for the board itself (RULES.md §9: the self-assessment is the
        board's act; the units' and departments' assessments come by import)."""
        return self._role.of_org and isinstance(org_id, str) and org_id in self.orgs

    def may_write_notes(self) -> bool:
        """Whether the viewer writes the agenda's notes, decisions and questions (SLK's
        controllers and administrators)."""
        return self._role.writes_notes

    @property
    def follows_round(self) -> bool:
        """Whether the viewer follows the whole round (SLK and admins): the answers
        received, the late boards and the agenda items without a note."""
        return self._role.follows_round

    @property
    def home_board(self) -> str | None:
        """A board user's own board ("Min nämnd"), else None."""
        return self.orgs[0] if self._role.of_org and self.orgs else None

    @property
    def has_work(self) -> bool:
        """Whether the viewer has an "Att göra" list (board users, SLK, admins)."""
        return self._role.of_org or self._role.follows_round

    def label(self) -> str:
        """"Skarpnäcks nämnd"-style role text for the navigation bar (org names aside)."""
        return self._role.label if self.role in ROLES else self.role

    def as_dict(self) -> dict:
        return {"role": self.role, "orgs": list(self.orgs), "name": self.name,
                "subject": self.subject}

    @classmethod
    def from_dict(cls, data: object) -> Viewer:
        """A viewer from what `as_dict` stored (a session); anything odd is the public."""
        if not isinstance(data, dict):
            return PUBLIC
        role, orgs = data.get("role"), data.get("orgs")
        if not isinstance(role, str) or role not in RANK or not isinstance(orgs, list) or not all(
                isinstance(o, str) for o in orgs):
            return PUBLIC
        if ROLES[role].of_org and not orgs:
            return PUBLIC
        name, subject = data.get("name"), data.get("subject")
        return cls(role=role, orgs=tuple(orgs) if ROLES[role].of_org else (),
                   name=name if isinstance(name, str) else "",
                   subject=subject if isinstance(subject, str) else "")


PUBLIC = Viewer()


def visible(status: pl.Expr, org_id: pl.Expr, access: Access,
            draft_orgs: frozenset[str] | None) -> pl.Expr:
    """Rows (assessments) the access may see: published ones, and drafts as §3.9 says.
    `draft_orgs` is `access.draft_orgs(organisation)`."""
    published = status.is_null() | (status != DRAFT)
    if access.all_drafts:
        return pl.lit(True)
    if not draft_orgs:
        return published
    return published | org_id.is_in(list(draft_orgs))


def is_draft(status: pl.Expr) -> pl.Expr:
    return status.is_not_null() & (status == DRAFT)


# --- the role file -------------------------------------------------------------------------

def parse_role(text: str) -> tuple[str, str | None]:
    """"slk" → ("slk", None); "namnd:N1" → ("namnd", "N1"); a Swedish error otherwise."""
    if not isinstance(text, str):
        raise RoleFileError(f"rollen måste vara text, inte {text!r}")
    role, _, org = text.strip().partition(":")
    if role in ROLES and ROLES[role].of_org:
        if not org.strip():
            raise RoleFileError(f"rollen {text!r} saknar organisation (skriv {role}:<org-id>)")
        return role, org.strip()
    if role in ROLES and role != PUBLIK and not org:
        return role, None
    raise RoleFileError(f"okänd roll {text!r}: använd {role_names()}")


def role_names() -> str:
    """The roles a role file may name, in Swedish text: "lasare, slk, admin eller namnd:<org-id>"."""
    names = [f"{n}:<org-id>" if r.of_org else n for n, r in
             sorted(ROLES.items(), key=lambda kv: (kv[1].of_org, kv[1].rank)) if n != PUBLIK]
    return ", ".join(names[:-1]) + " eller " + names[-1]


def parse_role_file(text: str) -> dict[str, list[tuple[str, str | None]]]:
    """The role file: a `[groups]` table mapping a group (or app role) name from the
    provider to a role or a list of roles.

        [groups]
        "kontrollrum-admin" = "admin"
        "slk-controllers" = "slk"
        "skarpnack-presidium" = "namnd:N-SKARPNACK"
        "ks-ledamoter" = ["lasare"]
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoleFileError(f"rollfilen är inte giltig TOML: {exc}") from None
    groups = data.get("groups")
    if not isinstance(groups, dict):
        raise RoleFileError("rollfilen saknar tabellen [groups]")
    out: dict[str, list[tuple[str, str | None]]] = {}
    for group, roles in groups.items():
        items = roles if isinstance(roles, list) else [roles]
        out[group] = [parse_role(r) for r in items]
    return out


def parse_board_addresses(text: str) -> dict[str, str]:
    """The role file's optional `[addresses]` table: a board's own e-mail address for notices
    (besides its signed-in users), e.g. `"sdn-skarpnack" = "namnd@skarpnack.example.se"`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoleFileError(f"rollfilen är inte giltig TOML: {exc}") from None
    table = data.get("addresses", {})
    if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and "@" in v for k, v in table.items()):
        raise RoleFileError("tabellen [addresses] ska para nämndens id med en e-postadress")
    return dict(table)


def roles_of_user(stored: object) -> tuple[tuple[str, str | None], ...]:
    """The roles stored for a user at sign-in ('["namnd:N1", "slk"]' or "namnd:N1, slk"),
    each as `parse_role` gives it; anything unreadable is left out."""
    import json

    items: list = []
    if isinstance(stored, str):
        try:
            got = json.loads(stored)
            items = got if isinstance(got, list) else [got]
        except ValueError:
            items = [x for x in stored.replace(";", ",").replace(" ", ",").split(",") if x]
    elif isinstance(stored, (list, tuple)):
        items = list(stored)
    out = []
    for item in items:
        try:
            out.append(parse_role(item))
        except RoleFileError:
            continue
    return tuple(out)


def groups_of(claims: dict) -> tuple[str, ...]:
    """The user's groups from the `groups` and `roles` claims (a list or one string)."""
    got: list[str] = []
    for name in CLAIMS:
        value = claims.get(name)
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            got.extend(v for v in value if isinstance(v, str))
    return tuple(dict.fromkeys(got))


def viewer_from_claims(claims: dict, mapping: dict[str, list[tuple[str, str | None]]],
                       known_orgs: Iterable[str] | None = None) -> Viewer:
    """The viewer a signed-in user is: the highest role its groups map to (`lasare` when
    none maps; signing in never gives less than reading). With several `namnd` roles the
    user sees each of those orgs' drafts. Orgs not in `known_orgs` (when given) are dropped."""
    groups = groups_of(claims)
    roles: list[tuple[str, str | None]] = [r for g in groups for r in mapping.get(g, [])]
    known = set(known_orgs) if known_orgs is not None else None
    roles = [(r, o) for r, o in roles if o is None or known is None or o in known]
    best = max((r for r, _ in roles), key=RANK.__getitem__, default=LASARE)
    orgs = (tuple(sorted({o for r, o in roles if r == best and o})) if ROLES[best].of_org
            else ())
    name = next((claims[k] for k in ("name", "preferred_username", "email")
                 if isinstance(claims.get(k), str) and claims[k]), "")
    subject = claims.get("sub") if isinstance(claims.get("sub"), str) else ""
    return Viewer(role=best, orgs=orgs, name=name, subject=subject, groups=groups)
