"""Who may see what (ils/access.py, DOMAIN.md §3.9): roles, the role file, claims → viewer,
sessions read back, access keys and the orgs whose drafts a viewer sees. Pure: no app."""

from __future__ import annotations

import polars as pl
import pytest

from ils.access import (
    ADMIN,
    EVERYTHING,
    LASARE,
    NAMND,
    PUBLIC,
    PUBLISHED_ONLY,
    SLK,
    Access,
    RoleFileError,
    Viewer,
    groups_of,
    is_draft,
    parse_role,
    parse_role_file,
    viewer_from_claims,
    visible,
)

TREE = pl.DataFrame({
    "id": ["stad", "norrby", "norrby-aldre", "norrby-hem", "soderby", "soderby-skola"],
    "parent_id": [None, "stad", "norrby", "norrby-aldre", "stad", "soderby"],
}, schema={"id": pl.String, "parent_id": pl.String})
MAPPING = parse_role_file("""
[groups]
"admins" = "admin"
"slk" = "slk"
"norrby" = "namnd:norrby"
"soderby" = "namnd:soderby"
"ks" = ["lasare"]
"ghost" = "namnd:finns-inte"
"both" = ["lasare", "slk"]
""")


# --- roles and the role file ----------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("lasare", ("lasare", None)), ("slk", ("slk", None)), ("admin", ("admin", None)),
    ("namnd:N1", ("namnd", "N1")), ("  namnd: N1 ", ("namnd", "N1")), (" slk ", ("slk", None)),
])
def test_roles_are_parsed(text, expected):
    assert parse_role(text) == expected


@pytest.mark.parametrize("text, words", [
    ("namnd", "saknar organisation"), ("namnd:", "saknar organisation"),
    ("namnd:  ", "saknar organisation"), ("publik", "okänd roll"), ("Admin", "okänd roll"),
    ("slk:x", "okänd roll"), ("", "okänd roll"), (3, "måste vara text"),
    (None, "måste vara text"), (["slk"], "måste vara text"),
])
def test_bad_roles_are_refused_in_swedish(text, words):
    with pytest.raises(RoleFileError, match=words):
        parse_role(text)


def test_the_role_file_maps_groups_to_one_or_more_roles():
    assert MAPPING["admins"] == [("admin", None)]
    assert MAPPING["norrby"] == [("namnd", "norrby")]
    assert MAPPING["both"] == [("lasare", None), ("slk", None)]
    assert parse_role_file("[groups]\n") == {}


@pytest.mark.parametrize("text, words", [
    ("[groups", "inte giltig TOML"), ("groups = 1", "saknar tabellen"), ("", "saknar tabellen"),
    ("[other]\na = 1", "saknar tabellen"), ('[groups]\n"g" = 1', "måste vara text"),
    ('[groups]\n"g" = ["slk", "chef"]', "okänd roll 'chef'"),
    ('[groups]\n"g" = {a = "slk"}', "måste vara text"),
])
def test_a_bad_role_file_is_refused_in_swedish(text, words):
    with pytest.raises(RoleFileError, match=words):
        parse_role_file(text)


# --- claims → viewer ------------------------------------------------------------------------

@pytest.mark.parametrize("claims, expected", [
    ({"groups": ["a", "b"]}, ("a", "b")), ({"roles": "a"}, ("a",)),
    ({"groups": ["a"], "roles": ["b", "a"]}, ("a", "b")), ({"groups": "x"}, ("x",)),
    ({"groups": [1, None, "a", {"x": 1}]}, ("a",)), ({"groups": {"a": 1}}, ()), ({}, ()),
])
def test_groups_come_from_the_groups_and_roles_claims(claims, expected):
    assert groups_of(claims) == expected


@pytest.mark.parametrize("groups, role, orgs", [
    ([], LASARE, ()), (["okänd"], LASARE, ()), (["ks"], LASARE, ()),
    (["ks", "norrby"], NAMND, ("norrby",)), (["norrby", "slk"], SLK, ()),
    (["slk", "admins", "ks"], ADMIN, ()), (["both"], SLK, ()),
    (["norrby", "soderby"], NAMND, ("norrby", "soderby")), (["admins", "norrby"], ADMIN, ()),
])
def test_the_highest_role_wins(groups, role, orgs):
    viewer = viewer_from_claims({"sub": "u1", "groups": groups}, MAPPING)
    assert (viewer.role, viewer.orgs) == (role, orgs)
    assert viewer.signed_in


def test_an_org_not_in_the_database_gives_no_role():
    known = TREE["id"].to_list()
    assert viewer_from_claims({"groups": ["ghost"]}, MAPPING, known).role == LASARE
    both = viewer_from_claims({"groups": ["ghost", "norrby"]}, MAPPING, known)
    assert (both.role, both.orgs) == (NAMND, ("norrby",))
    # without the list of known orgs nothing is dropped
    assert viewer_from_claims({"groups": ["ghost"]}, MAPPING).orgs == ("finns-inte",)


@pytest.mark.parametrize("claims, name", [
    ({"name": "Anna", "preferred_username": "anna@x", "email": "a@x"}, "Anna"),
    ({"name": "", "preferred_username": "anna@x"}, "anna@x"),
    ({"name": 7, "email": "a@x"}, "a@x"), ({}, ""),
])
def test_the_name_comes_from_the_first_useful_claim(claims, name):
    assert viewer_from_claims(claims, {}).name == name


def test_subject_is_kept_only_as_text():
    assert viewer_from_claims({"sub": "abc"}, {}).subject == "abc"
    assert viewer_from_claims({"sub": 42}, {}).subject == ""


# --- a viewer read back from a session -------------------------------------------------------

@pytest.mark.parametrize("viewer", [
    Viewer(), Viewer(role=LASARE, name="L", subject="s"), Viewer(role=SLK, name="S"),
    Viewer(role=ADMIN), Viewer(role=NAMND, orgs=("norrby", "soderby"), name="N", subject="n"),
])
def test_a_viewer_survives_its_session(viewer):
    assert Viewer.from_dict(viewer.as_dict()) == viewer


@pytest.mark.parametrize("data", [
    None, "admin", ["admin"], 1, {}, {"role": "root", "orgs": []}, {"role": ADMIN},
    {"role": ADMIN, "orgs": "norrby"}, {"role": ADMIN, "orgs": [None]},
    {"role": NAMND, "orgs": []}, {"role": NAMND, "orgs": [{"id": "x"}]},
    {"role": ["admin"], "orgs": []}, {"role": {"x": 1}, "orgs": []},
])
def test_anything_odd_in_a_session_is_the_public(data):
    assert Viewer.from_dict(data) == PUBLIC


def test_odd_names_are_dropped_and_other_roles_carry_no_orgs():
    viewer = Viewer.from_dict({"role": SLK, "orgs": ["norrby"], "name": ["x"], "subject": 5})
    assert (viewer.role, viewer.orgs, viewer.name, viewer.subject) == (SLK, (), "", "")


# --- access ---------------------------------------------------------------------------------

def test_each_role_has_its_access():
    assert PUBLIC.access == PUBLISHED_ONLY and not PUBLIC.signed_in
    assert Viewer(role=LASARE).access == PUBLISHED_ONLY
    assert Viewer(role=SLK).access == EVERYTHING and Viewer(role=ADMIN).access == EVERYTHING
    assert Viewer(role=NAMND, orgs=("norrby",)).access == Access(draft_roots=frozenset(
        {"norrby"}))
    assert Viewer(role=ADMIN).is_admin and not Viewer(role=SLK).is_admin


def test_access_keys_name_what_is_seen():
    assert PUBLISHED_ONLY.key == "pub" and EVERYTHING.key == "all"
    assert Access(draft_roots=frozenset({"b", "a"})).key == "orgs:a,b"
    # the same orgs in any order: one key; other orgs: another key
    assert Access(draft_roots=frozenset({"a", "b"})).key == Access(
        draft_roots=frozenset({"b", "a"})).key
    assert Access(draft_roots=frozenset({"a"})).key != Access(draft_roots=frozenset({"a,b"})).key
    assert not PUBLISHED_ONLY.sees_drafts and EVERYTHING.sees_drafts
    assert Access(draft_roots=frozenset({"a"})).sees_drafts


def test_draft_orgs_are_the_boards_and_everything_below():
    norrby = Access(draft_roots=frozenset({"norrby"}))
    assert norrby.draft_orgs(TREE) == {"norrby", "norrby-aldre", "norrby-hem"}
    unit = Access(draft_roots=frozenset({"norrby-aldre"}))
    assert unit.draft_orgs(TREE) == {"norrby-aldre", "norrby-hem"}  # never the org above
    both = Access(draft_roots=frozenset({"norrby", "soderby"}))
    assert both.draft_orgs(TREE) == {"norrby", "norrby-aldre", "norrby-hem", "soderby",
                                     "soderby-skola"}
    assert Access(draft_roots=frozenset({"finns-inte"})).draft_orgs(TREE) == frozenset()
    assert PUBLISHED_ONLY.draft_orgs(TREE) == frozenset()
    assert EVERYTHING.draft_orgs(TREE) is None


def test_may_edit_only_its_own_orgs():
    board = Viewer(role=NAMND, orgs=("norrby",))
    assert board.may_edit("norrby-hem", TREE) and board.may_edit("norrby", TREE)
    assert not board.may_edit("soderby", TREE) and not board.may_edit("stad", TREE)
    assert not Viewer(role=ADMIN).may_edit("norrby", TREE)
    assert not PUBLIC.may_edit("norrby", TREE)


def test_visible_rows_follow_the_access():
    rows = pl.DataFrame({"org_id": ["norrby", "norrby-hem", "soderby", "soderby", "norrby"],
                         "status": ["utkast", "utkast", "utkast", None, "publicerad"]})

    def shown(access: Access) -> list[int]:
        expr = visible(pl.col("status"), pl.col("org_id"), access, access.draft_orgs(TREE))
        return rows.with_row_index().filter(expr)["index"].to_list()

    assert shown(PUBLISHED_ONLY) == [3, 4]
    assert shown(Access(draft_roots=frozenset({"norrby"}))) == [0, 1, 3, 4]
    assert shown(Access(draft_roots=frozenset({"norrby-aldre"}))) == [1, 3, 4]
    assert shown(EVERYTHING) == [0, 1, 2, 3, 4]
    assert rows.filter(is_draft(pl.col("status"))).height == 3


# --- one table of roles (issue 19: adding a role is one change in ils/access.py) -----------

def test_a_new_role_is_one_entry_in_the_table(monkeypatch):
    """A role added to `ROLES` alone is read from the role file, ranked, labelled, sees drafts
    and gets its notices as its entry says: no other module needs to know it."""
    from ils import access

    monkeypatch.setitem(access.ROLES, "revisor", access.Role(
        "Revisor", 2, all_drafts=True, notices=frozenset({"last"})))
    monkeypatch.setitem(access.RANK, "revisor", 2)
    assert access.parse_role("revisor") == ("revisor", None)
    assert "revisor" in access.role_names()
    mapping = access.parse_role_file('[groups]\n"revisionen" = "revisor"\n')
    v = access.viewer_from_claims({"groups": ["revisionen"], "sub": "r1"}, mapping)
    assert v.role == "revisor" and v.label() == "Revisor"
    assert v.access.all_drafts and not v.may_write_notes() and not v.is_admin
    assert not v.may_assess("norrby") and not v.has_work and v.home_board is None
    assert access.Viewer.from_dict(v.as_dict()) == v

    from queries.write.notices import Recipients

    who = Recipients([("rev@x.se", (("revisor", None),)), ("slk@x.se", (("slk", None),))], {})
    assert who.everyone("last") == ["rev@x.se", "slk@x.se"]
    assert who.everyone("svar") == ["slk@x.se"]


def test_the_roles_as_the_app_knows_them():
    from ils.access import ADMIN, LASARE, NAMND, PUBLIC, SLK, Viewer

    board = Viewer(role=NAMND, orgs=("norrby",))
    assert board.may_assess("norrby") and not board.may_assess("soderby")
    assert board.home_board == "norrby" and board.has_work and not board.may_write_notes()
    for v in (Viewer(role=SLK), Viewer(role=ADMIN)):
        assert v.may_write_notes() and v.follows_round and v.access.all_drafts and v.has_work
    assert Viewer(role=ADMIN).is_admin and not Viewer(role=SLK).is_admin
    for v in (PUBLIC, Viewer(role=LASARE)):
        assert not (v.may_write_notes() or v.follows_round or v.has_work or v.is_admin)
        assert not v.access.all_drafts and not v.access.draft_roots


def test_the_notices_a_role_gets_are_kinds_the_app_sends():
    import inspect

    from ils import access, notices

    source = inspect.getsource(notices)
    for name, role in access.ROLES.items():
        for kind in role.notices:
            assert f'f"{kind}|' in source, (name, kind)


def _role_comparisons(tree) -> list[int]:
    """Lines where a role's name (`NAMND`…, or "slk"…) is compared (==, !=, in)."""
    import ast

    names = {"NAMND", "SLK", "ADMIN", "LASARE", "PUBLIK"}
    literals = {"namnd", "slk", "admin", "lasare", "publik"}

    def is_role(node) -> bool:
        if isinstance(node, ast.Name) and node.id in names:
            return True
        if isinstance(node, ast.Attribute) and node.attr in names:
            return True
        return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and any(
            is_role(e) for e in node.elts)

    def names_role(node) -> bool:  # `role`, `viewer.role`: a role's name as text
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
        return name == "role"

    def literal(node) -> bool:
        if isinstance(node, ast.Constant):
            return node.value in literals
        return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and any(
            literal(e) for e in node.elts)

    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Compare):
            sides = (n.left, *n.comparators)
            if any(is_role(x) for x in sides) or (
                    any(names_role(x) for x in sides) and any(literal(x) for x in sides)):
                out.append(n.lineno)
    return out


def test_the_role_check_finds_a_comparison():
    import ast

    assert _role_comparisons(ast.parse("if v.role in (SLK, ADMIN):\n    pass")) == [1]
    assert _role_comparisons(ast.parse("x = role == 'namnd'")) == [1]
    assert _role_comparisons(ast.parse("x = 'logga in' if a.role == b.role else 1")) == []


def test_no_module_outside_access_compares_a_role_by_name():
    """Permissions are asked (`viewer.may_…`), never compared: no `role == "slk"`,
    `role in (SLK, ADMIN)` or `r == NAMND` outside ils/access.py."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    bad = []
    for pkg in ("ils", "queries", "components", "pagekit", "web", "pages", "cli"):
        for path in (root / pkg).rglob("*.py"):
            if path == root / "ils" / "access.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            bad += [f"{path.relative_to(root)}:{n}" for n in _role_comparisons(tree)]
    assert bad == []
