"""Dead bug, bird dog, Pallof press and carries (placeholder until their analyses land)."""

from __future__ import annotations

from corecoach.domain.text import Text
from corecoach.motion.analyses.common import Context
from corecoach.motion.results import Finding, Movement, RepOut


def analyse_core_move(ctx: Context, movement: Movement) -> tuple[int | None, list[RepOut], list[Finding], list[Text], float | None]:
    raise NotImplementedError(movement.value)
