"""Property tests: any JSON-like document through the intake validator, the session parser and the
strict YAML/JSON reader raises only our own InvalidInputError (never TypeError, RecursionError, ...)."""

from __future__ import annotations

import json
from datetime import date

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corecoach.cli.files import parse_document_text, parse_session
from corecoach.errors import InvalidInputError
from corecoach.screening.validation import reported_red_flags, validate_intake

SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.sampled_from(["trauma", "dead_bug", "2026-01-05"])
)
KEYS = st.sampled_from(["date", "red_flags", "entries", "pain", "now_nrs", "exercise_id", "sets", "trauma", "clean_form"]) | st.text(
    max_size=8
)
DOCS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.integers(), inner, max_size=5),
    max_leaves=30,
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(DOCS)
def test_intake_validator_raises_only_our_error(doc: object) -> None:
    try:
        validate_intake(doc)
    except InvalidInputError:
        pass


@FAST
@given(DOCS)
def test_session_parser_raises_only_our_error(doc: object) -> None:
    try:
        parsed = parse_session(doc, default_date=date.today())
    except InvalidInputError:
        return
    assert all(isinstance(f, str) for f in parsed.red_flags)


@FAST
@given(st.dictionaries(st.sampled_from(["trauma", "night_pain", "fever_with_back_pain"]), st.booleans()))
def test_a_false_answer_is_never_a_red_flag(answers: dict[str, bool]) -> None:
    assert reported_red_flags(answers) == [k for k, v in answers.items() if v]


@FAST
@given(DOCS)
def test_reader_round_trips_or_refuses(doc: object) -> None:
    for text, as_json in ((json.dumps(doc, default=str), True), (yaml.safe_dump(doc), False)):
        try:
            parse_document_text(text, "doc", as_json=as_json)
        except InvalidInputError:
            pass


@FAST
@given(st.text(max_size=200))
def test_reader_on_any_text_raises_only_our_error(text: str) -> None:
    try:
        parse_document_text(text, "doc")
    except InvalidInputError:
        pass
