"""Coach mode's policy table: every role x relation x resource x action against a table written out here.

The expected table below is written independently of ``corecoach.domain.access.POLICY``: if the two
ever disagree, either the policy changed on purpose (update this table with it) or it is wrong.
"""

from __future__ import annotations

import itertools

import pytest

from corecoach.domain.access import POLICY, Action, Actor, Owner, Relation, Resource, Role, permitted, relation

# Resource short names, so the table below reads like a grid.
PROG = Resource.PROGRAM
LOG = Resource.TRAINING_LOG
PROGRESS = Resource.PROGRESS
VIDEO = Resource.VIDEO_ANALYSIS
PERSONAL = Resource.PERSONAL_DATA
ADJUST = Resource.PROGRAM_ADJUSTMENT
CLIENTS = Resource.CLIENT_LIST
INVITE = Resource.INVITE

#: What may be done, as letters: "r" read, "w" write, "d" delete. Anything missing here is refused.
EXPECTED: dict[tuple[Role, Relation], dict[Resource, str]] = {
    # A client and their own data: read and change the program and log, watch progress, manage
    # their videos, export (read) and erase (delete) everything, read the coach's changes and reasons.
    (Role.CLIENT, Relation.SELF): {
        PROG: "rw",
        LOG: "rw",
        PROGRESS: "r",
        VIDEO: "rwd",
        PERSONAL: "rd",
        ADJUST: "r",
        # a client has no client list and makes no invites
    },
    # A coach and their own client's data: read everything they coach from, change the program only
    # through an adjustment with a reason. Never the client's log or personal data.
    (Role.COACH, Relation.COACH_OF): {
        PROG: "r",
        LOG: "r",
        PROGRESS: "r",
        VIDEO: "r",
        ADJUST: "rw",
    },
    # A coach and their own coach-only resources.
    (Role.COACH, Relation.SELF): {
        CLIENTS: "r",
        INVITE: "rw",
    },
    # Strangers (another client, another coach) get nothing; a client is never COACH_OF anyone.
    (Role.CLIENT, Relation.COACH_OF): {},
    (Role.CLIENT, Relation.STRANGER): {},
    (Role.COACH, Relation.STRANGER): {},
}

LETTER = {Action.READ: "r", Action.WRITE: "w", Action.DELETE: "d"}

MATRIX = list(itertools.product(Role, Relation, Resource, Action))


def expected(role: Role, rel: Relation, resource: Resource, action: Action) -> bool:
    return LETTER[action] in EXPECTED[(role, rel)].get(resource, "")


def test_the_enums_are_the_ones_this_table_was_written_for() -> None:
    # a new role, relation, resource or action must be added to the table above on purpose
    assert {r.value for r in Role} == {"coach", "client"}
    assert {r.value for r in Relation} == {"self", "coach_of", "stranger"}
    assert {a.value for a in Action} == {"read", "write", "delete"}
    assert {r.value for r in Resource} == {
        "program",
        "training_log",
        "progress",
        "video_analysis",
        "personal_data",
        "program_adjustment",
        "client_list",
        "invite",
    }
    assert set(EXPECTED) == set(itertools.product(Role, Relation))
    assert len(MATRIX) == 2 * 3 * 8 * 3


@pytest.mark.parametrize(("role", "rel", "resource", "action"), MATRIX, ids=lambda v: str(v))
def test_policy_table_matches_expected_cell(role: Role, rel: Relation, resource: Resource, action: Action) -> None:
    allowed = action in POLICY.get((role, rel, resource), frozenset())
    assert allowed is expected(role, rel, resource, action)


def test_policy_holds_no_entries_beyond_the_expected_table() -> None:
    granted = {(role, rel, res, act) for (role, rel, res), acts in POLICY.items() for act in acts}
    wanted = {cell for cell in MATRIX if expected(*cell)}
    assert granted == wanted
    # every key is made of the real enums (a plain string key would silently never match)
    for role, rel, res in POLICY:
        assert isinstance(role, Role) and isinstance(rel, Relation) and isinstance(res, Resource)


# --- relation() -------------------------------------------------------------------------------

COACH_ID, OTHER_COACH_ID, CLIENT_ID, OTHER_CLIENT_ID = 1, 2, 10, 11


def test_same_account_is_self() -> None:
    assert relation(Actor(CLIENT_ID, Role.CLIENT), Owner(CLIENT_ID, coach_id=COACH_ID)) is Relation.SELF
    assert relation(Actor(COACH_ID, Role.COACH), Owner(COACH_ID)) is Relation.SELF


def test_coach_of_the_owner_is_coach_of() -> None:
    assert relation(Actor(COACH_ID, Role.COACH), Owner(CLIENT_ID, coach_id=COACH_ID)) is Relation.COACH_OF


def test_another_coach_is_a_stranger() -> None:
    assert relation(Actor(OTHER_COACH_ID, Role.COACH), Owner(CLIENT_ID, coach_id=COACH_ID)) is Relation.STRANGER
    assert relation(Actor(OTHER_COACH_ID, Role.COACH), Owner(COACH_ID)) is Relation.STRANGER


def test_another_client_is_a_stranger() -> None:
    assert relation(Actor(OTHER_CLIENT_ID, Role.CLIENT), Owner(CLIENT_ID, coach_id=COACH_ID)) is Relation.STRANGER
    # a client of the same coach looking at that coach's own resources is no coach
    assert relation(Actor(CLIENT_ID, Role.CLIENT), Owner(COACH_ID)) is Relation.STRANGER


def test_a_client_whose_id_is_the_owners_coach_id_is_not_coach_of() -> None:
    # ids say nothing on their own: only a coach can be COACH_OF
    assert relation(Actor(CLIENT_ID, Role.CLIENT), Owner(OTHER_CLIENT_ID, coach_id=CLIENT_ID)) is Relation.STRANGER


def test_no_coach_means_nobody_is_coach_of() -> None:
    assert relation(Actor(COACH_ID, Role.COACH), Owner(CLIENT_ID, coach_id=None)) is Relation.STRANGER


# --- permitted(): the table through real actors and owners ------------------------------------

COACH_DATA = (CLIENTS, INVITE)

#: (who asks, whose data, the relation that must result)
SCENARIOS: dict[str, tuple[Actor, Owner, Role, Relation]] = {
    "client_own_data": (Actor(CLIENT_ID, Role.CLIENT), Owner(CLIENT_ID, COACH_ID), Role.CLIENT, Relation.SELF),
    "coach_own_client": (Actor(COACH_ID, Role.COACH), Owner(CLIENT_ID, COACH_ID), Role.COACH, Relation.COACH_OF),
    "coach_own_list": (Actor(COACH_ID, Role.COACH), Owner(COACH_ID), Role.COACH, Relation.SELF),
    "other_client": (Actor(OTHER_CLIENT_ID, Role.CLIENT), Owner(CLIENT_ID, COACH_ID), Role.CLIENT, Relation.STRANGER),
    "other_coach": (Actor(OTHER_COACH_ID, Role.COACH), Owner(CLIENT_ID, COACH_ID), Role.COACH, Relation.STRANGER),
    "other_coach_list": (Actor(OTHER_COACH_ID, Role.COACH), Owner(COACH_ID), Role.COACH, Relation.STRANGER),
    "client_at_coach_list": (Actor(CLIENT_ID, Role.CLIENT), Owner(COACH_ID), Role.CLIENT, Relation.STRANGER),
    "client_posing_as_coach": (Actor(CLIENT_ID, Role.CLIENT), Owner(OTHER_CLIENT_ID, CLIENT_ID), Role.CLIENT, Relation.STRANGER),
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_permitted_follows_the_expected_table(name: str) -> None:
    actor, owner, role, rel = SCENARIOS[name]
    assert relation(actor, owner) is rel
    for resource, action in itertools.product(Resource, Action):
        assert permitted(actor, action, resource, owner) is expected(role, rel, resource, action), (resource, action)


@pytest.mark.parametrize("name", ["other_client", "other_coach", "other_coach_list", "client_at_coach_list", "client_posing_as_coach"])
def test_strangers_get_nothing_at_all(name: str) -> None:
    actor, owner, _, _ = SCENARIOS[name]
    assert not any(permitted(actor, a, r, owner) for r, a in itertools.product(Resource, Action))


def test_a_coach_never_writes_or_deletes_a_clients_log_or_personal_data() -> None:
    coach, client = Actor(COACH_ID, Role.COACH), Owner(CLIENT_ID, COACH_ID)
    for resource in (LOG, PERSONAL):
        assert not permitted(coach, Action.WRITE, resource, client)
        assert not permitted(coach, Action.DELETE, resource, client)
    assert not permitted(coach, Action.READ, PERSONAL, client)  # exporting everything is the client's own right
    assert not permitted(coach, Action.WRITE, PROG, client)  # changes go through an adjustment with a reason
    assert permitted(coach, Action.WRITE, ADJUST, client)


def test_a_client_never_adjusts_the_program_or_reads_the_list_or_invites() -> None:
    client = Actor(CLIENT_ID, Role.CLIENT)
    own = Owner(CLIENT_ID, COACH_ID)
    assert permitted(client, Action.READ, ADJUST, own)
    assert not permitted(client, Action.WRITE, ADJUST, own)
    assert not permitted(client, Action.DELETE, ADJUST, own)
    for resource in COACH_DATA:
        for owner in (own, Owner(COACH_ID)):
            assert not any(permitted(client, a, resource, owner) for a in Action)


def test_a_client_may_erase_but_not_rewrite_their_progress_or_personal_data() -> None:
    client, own = Actor(CLIENT_ID, Role.CLIENT), Owner(CLIENT_ID, COACH_ID)
    assert permitted(client, Action.DELETE, PERSONAL, own) and permitted(client, Action.READ, PERSONAL, own)
    assert not permitted(client, Action.WRITE, PERSONAL, own)
    assert not permitted(client, Action.WRITE, PROGRESS, own)
    assert not permitted(client, Action.DELETE, LOG, own)
    assert all(permitted(client, a, VIDEO, own) for a in Action)
