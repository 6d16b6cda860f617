"""Who may do what in coach mode: one table of relation x resource -> allowed actions.

Health data belong to the client. A client reads and changes their own data and can export or
erase it; their coach reads it (to coach) and may change the program, always with a reason the
client sees; nobody else sees anything. Coach-only resources (the client list, invites) belong to
the coach who made them. Single-person mode on this computer has no accounts and never asks.

The table is data, not scattered ``if`` statements, so the permission tests can walk every
role x resource x action and compare against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    COACH = "coach"
    CLIENT = "client"


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    DELETE = "delete"


class Resource(StrEnum):
    """What a request touches, in the coach's words."""

    PROGRAM = "program"  # the intake, the program and the next session
    TRAINING_LOG = "training_log"  # sessions, next-morning checks, "this hurts" reports
    PROGRESS = "progress"  # rungs, decisions, pain and adherence charts
    VIDEO_ANALYSIS = "video_analysis"  # uploaded videos and their reports
    PERSONAL_DATA = "personal_data"  # export everything, erase everything
    PROGRAM_ADJUSTMENT = "program_adjustment"  # a coach moving a rung, with a reason
    CLIENT_LIST = "client_list"  # the coach dashboard
    INVITE = "invite"  # invite links for new clients


class Relation(StrEnum):
    """How the one asking stands to the data's owner."""

    SELF = "self"  # a client and their own data, or a coach and their own list/invites
    COACH_OF = "coach_of"  # the coach of the client who owns the data
    STRANGER = "stranger"  # anybody else (another client, another coach)


R, W, D = Action.READ, Action.WRITE, Action.DELETE

#: What each relation may do to each resource; anything not listed is refused.
POLICY: dict[tuple[Role, Relation, Resource], frozenset[Action]] = {
    (Role.CLIENT, Relation.SELF, Resource.PROGRAM): frozenset({R, W}),
    (Role.CLIENT, Relation.SELF, Resource.TRAINING_LOG): frozenset({R, W}),
    (Role.CLIENT, Relation.SELF, Resource.PROGRESS): frozenset({R}),
    (Role.CLIENT, Relation.SELF, Resource.VIDEO_ANALYSIS): frozenset({R, W, D}),
    (Role.CLIENT, Relation.SELF, Resource.PERSONAL_DATA): frozenset({R, D}),
    (Role.CLIENT, Relation.SELF, Resource.PROGRAM_ADJUSTMENT): frozenset({R}),
    (Role.COACH, Relation.COACH_OF, Resource.PROGRAM): frozenset({R}),
    (Role.COACH, Relation.COACH_OF, Resource.TRAINING_LOG): frozenset({R}),
    (Role.COACH, Relation.COACH_OF, Resource.PROGRESS): frozenset({R}),
    (Role.COACH, Relation.COACH_OF, Resource.VIDEO_ANALYSIS): frozenset({R}),
    (Role.COACH, Relation.COACH_OF, Resource.PROGRAM_ADJUSTMENT): frozenset({R, W}),
    (Role.COACH, Relation.SELF, Resource.CLIENT_LIST): frozenset({R}),
    (Role.COACH, Relation.SELF, Resource.INVITE): frozenset({R, W}),
}


@dataclass(frozen=True)
class Actor:
    """The signed-in account asking."""

    account_id: int
    role: Role


@dataclass(frozen=True)
class Owner:
    """Whose data it is: the owning account, and (for a client) their coach."""

    account_id: int
    coach_id: int | None = None


def relation(actor: Actor, owner: Owner) -> Relation:
    if actor.account_id == owner.account_id:
        return Relation.SELF
    if actor.role is Role.COACH and owner.coach_id == actor.account_id:
        return Relation.COACH_OF
    return Relation.STRANGER


def permitted(actor: Actor, action: Action, resource: Resource, owner: Owner) -> bool:
    """True when ``actor`` may ``action`` the ``resource`` belonging to ``owner``."""
    return action in POLICY.get((actor.role, relation(actor, owner), resource), frozenset())
