"""Hypothesis strategies that reach deep into a bot: `events(table)`, `conversations(table)`.

Texts are built mostly from the bot's own patterns (wildcards filled, alternatives and
optionals chosen) and from the literals of its conditions (regexes of `matching(...)`,
compared strings and numbers), with some free text; START comes with and without
`lastConsumerMessage`; files are of accepted and rejected types and sizes; integration
outcomes satisfy every `store` (an API honours the shape the bot reads), or are non-2xx,
or time out; escalation failures come in runs; rich content and signals are included when
the bot listens for them. A conversation holds only events that can really arrive where
they do (`runtime/testing/arrivals.py`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from botc.runtime.defaults import FORM_SUBMISSION_TEXT
from botc.runtime.drivers.stubs import Outcome, ScriptedPerformer
from botc.runtime.testing.arrivals import Arrivals
from botc.runtime.testing.replayer import Replayer
from botc.runtime.testing.scripted import (
    Conversation,
    escalation_failed_event,
    fails,
    file_event,
    returns,
    rich_content_event,
    signal_event,
    start_event,
    text_event,
)
from botc.runtime.testing.vocabulary import (
    IntegrationReads,
    Upload,
    Vocabulary,
    Walk,
    put_at_path,
    vocabulary,
)
from botc.runtime.wire.events import Event

# Printable ASCII keeps generated texts readable and pasteable into a `.bot` string.
_ALPHABET = st.characters(min_codepoint=32, max_codepoint=126)
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
_REJECTED_TYPES = ("exe", "txt", "zip", "docx", "gif")


def _free_text() -> st.SearchStrategy[str]:
    return st.lists(_WORD, min_size=1, max_size=4).map(" ".join)


def pattern_text(items: Sequence[Any]) -> st.SearchStrategy[str]:
    """Texts a parsed pattern (docs/TABLE.md items) matches: stars filled with words,
    one alternative of each choice, each optional present or absent."""
    parts = [_item_text(item) for item in items]
    return st.tuples(*parts).map(lambda chosen: " ".join("".join(chosen).split()))


def _item_text(item: Mapping[str, Any]) -> st.SearchStrategy[str]:
    if "text" in item:
        return st.just(str(item["text"]))
    if item.get("star"):
        return st.one_of(st.just(""), _free_text())
    if "choice" in item:
        return st.one_of([pattern_text(option) for option in item["choice"]] or [st.just("")])
    if "optional" in item:
        return st.one_of(st.just(""), pattern_text(item["optional"]))
    return st.just("")


def _regex_text(regex: str) -> st.SearchStrategy[str] | None:
    try:
        re.compile(regex)
        return st.from_regex(regex, fullmatch=True, alphabet=_ALPHABET)
    except (re.error, TypeError, ValueError):  # a regex hypothesis cannot generate from
        return None


def consumer_texts(vocab: Vocabulary) -> st.SearchStrategy[str]:
    """Texts a consumer might write to this bot (never a platform text: those come from
    `conversations` only where they can arrive, see `runtime/testing/arrivals.py`)."""
    listened = [pattern_text(items) for items in vocab.patterns if not _platform_pattern(items)]
    listened += [s for s in (_regex_text(r) for r in vocab.regexes) if s is not None]
    if vocab.literals:
        listened.append(st.sampled_from(vocab.literals))
    if vocab.excludes:
        listened.append(
            st.tuples(st.one_of(listened or [_free_text()]), st.sampled_from(vocab.excludes)).map(
                " ".join
            )
        )
    # Mostly the bot's own texts, then free text, so most turns land.
    return pick([pick(listened)] * 4 + [_free_text()]) if listened else _free_text()


def _platform_pattern(items: Sequence[Any]) -> bool:
    """Whether a pattern listens for a platform text (`file_upload_success:*`,
    `__agent_escalation_failed__`, `FORM-SUBMISSION-INTENT`) rather than the consumer."""
    first = items[0] if items else {}
    text = str(first.get("text", "")) if isinstance(first, Mapping) else ""
    return text.startswith(("file_upload_", "__")) or text.upper() == FORM_SUBMISSION_TEXT


def kilobytes(low: int, high: int) -> st.SearchStrategy[int]:
    """Sizes in whole kilobytes between `low` and `high` bytes, so that a test block's
    `size Nkb` says exactly the size that was generated."""
    return st.integers(max(1, -(-low // 1024)), max(1, high // 1024)).map(lambda kb: kb * 1024)


def _files(upload: Upload) -> st.SearchStrategy[Event]:
    accepted = [t.lower() for t in upload.accept] or ["pdf"]
    if "jpeg" in accepted:
        accepted.append("jpg")
    rejected = [t for t in _REJECTED_TYPES if t not in accepted]
    names = _WORD.map(lambda w: w[:6])
    good = st.builds(
        lambda name, ext, size: file_event(f"{name}.{ext}", size),
        names,
        st.sampled_from(accepted + [e.upper() for e in accepted]),
        st.one_of(st.none(), kilobytes(1, upload.max_bytes)),
    )
    wrong_type = st.builds(
        lambda name, ext: file_event(f"{name}.{ext}", 1024), names, st.sampled_from(rejected)
    )
    too_big = st.builds(
        lambda name, ext, extra: file_event(f"{name}.{ext}", upload.max_bytes + extra),
        names,
        st.sampled_from(accepted),
        kilobytes(1, upload.max_bytes),
    )
    return pick([good, good, wrong_type, too_big])


def _rich_content() -> st.SearchStrategy[Event]:
    """A shared location, in the shape the connector sends it (seed 003, Figure 4.7)."""
    return st.builds(
        lambda la, lo: rich_content_event(
            {
                "type": "vertical",
                "elements": [{"type": "map", "la": la, "lo": lo, "alt": f"{la}, {lo}"}],
            }
        ),
        st.floats(-90, 90, allow_nan=False).map(lambda v: round(v, 4)),
        st.floats(-180, 180, allow_nan=False).map(lambda v: round(v, 4)),
    )


def pick(choices: Sequence[st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of `choices`, each as likely as the others: a drawn index rather than `one_of`,
    whose cheap first branches crowd out the costly later ones in long lists."""
    options = list(choices)
    return st.integers(0, len(options) - 1).flatmap(lambda index: options[index])


def _event_choices(vocab: Vocabulary) -> list[st.SearchStrategy[Event]]:
    """Events that need nothing before them: texts, START, rich content, signals."""
    texts = consumer_texts(vocab)
    choices: list[st.SearchStrategy[Event]] = [
        texts.map(text_event),
        texts.map(text_event),
        texts.map(text_event),
        st.one_of(st.just(None), texts).map(start_event),
    ]
    if vocab.has_rich_content:
        choices.append(_rich_content())
    if vocab.has_signal:
        choices.append(_free_text().map(signal_event))
    return choices


def _walk_texts(walk: Walk, vocab: Vocabulary) -> st.SearchStrategy[list[Event]]:
    """A dialog's trigger text, then an answer for each of its asks (often one its branches
    look for), so that conversations get past the questions."""
    starts = [pattern_text(items) for items in walk.patterns]
    starts += [s for s in (_regex_text(r) for r in walk.regexes) if s is not None]
    parts = [pick(starts)] if starts else [consumer_texts(vocab)]
    for answers in walk.asks:
        wanted = [s for s in (_regex_text(r) for r in answers.regexes) if s is not None]
        if answers.literals:
            wanted.append(st.sampled_from(answers.literals))
        parts.append(pick([*wanted, *wanted, _free_text()]))
    return st.tuples(*parts).map(lambda texts: [text_event(t) for t in texts])


def events(table: Mapping[str, Any]) -> st.SearchStrategy[Event]:
    """One incoming event (WIRE.md 1) for `table`: texts from its patterns and conditions,
    free text, START with and without `lastConsumerMessage`, files, rich content, signals
    and escalation failures. Some of them can only arrive at certain points of a
    conversation (`runtime/testing/arrivals.py`); `conversations` sends them only there."""
    vocab = vocabulary(table)
    files = [_files(upload) for upload in vocab.uploads]
    return pick([*_event_choices(vocab), st.just(escalation_failed_event()), *files])


def _leaf(literals: Sequence[str]) -> st.SearchStrategy[Any]:
    """A stored value: often one the bot's conditions compare with (`Order.state == "x"`)."""
    plain = [
        st.integers(-1000, 100_000),
        st.floats(0, 10_000, allow_nan=False).map(lambda v: round(v, 2)),
        _WORD,
    ]
    return pick(plain + [st.sampled_from(literals)] * 2 if literals else plain)


def _satisfying_body(
    integration: IntegrationReads, literals: Sequence[str]
) -> st.SearchStrategy[Any]:
    def build(values: list[Any]) -> Any:
        body: Any = {}
        for path, value in zip(integration.paths, values, strict=True):
            body = put_at_path(body, path, value)
        return body

    compared = integration.compared or tuple(() for _ in integration.paths)
    leaves = [_field_value(values, literals) for values in compared]
    return st.tuples(*leaves).map(lambda values: build(list(values)))


def _field_value(compared: Sequence[Any], literals: Sequence[str]) -> st.SearchStrategy[Any]:
    """A stored field's value. A field the bot compares with numbers is a number, often
    next to one of them (`Balance.balance < 0` gets -1, 0 or 1); one compared with strings
    gets one of them half the time."""
    numbers = [v for v in compared if isinstance(v, int | float) and not isinstance(v, bool)]
    if numbers:
        near = st.sampled_from(numbers).flatmap(lambda n: st.sampled_from([n - 1, n, n + 1]))
        return pick([near, near, st.integers(-1000, 100_000)])
    if compared:
        return pick([_leaf(literals), st.sampled_from(list(compared))])
    return _leaf(literals)


def outcomes(
    integration: IntegrationReads, literals: Sequence[str] = ()
) -> st.SearchStrategy[Outcome]:
    """Outcomes of one call: 2xx with a body every `store` can read (an API honours the
    shape the bot reads), a non-2xx status, or a timeout."""
    if integration.kind == "file":
        return st.sampled_from([returns(status=201), returns(status=500), fails()])
    good = st.builds(
        returns, _satisfying_body(integration, literals), status=st.sampled_from([200, 201])
    )
    refused = st.builds(
        returns, st.just({"error": "x"}), status=st.sampled_from([400, 404, 500, 503])
    )
    return pick([good, good, refused, st.just(fails())])


def conversations(table: Mapping[str, Any], max_turns: int = 8) -> st.SearchStrategy[Conversation]:
    """A conversation with `table`: up to `max_turns` incoming events (a run of escalation
    failures counts as one), plus per integration the outcomes of its calls, in order.

    Generation is state-aware: the conversation is replayed while it is drawn, and each
    event is one that can really arrive there (`runtime/testing/arrivals.py`): a file only
    while an upload waits, an escalation failure only after a transfer, a form submission
    only after a secure form, START only to open the conversation."""
    vocab = vocabulary(table)
    single = pick(_event_choices(vocab)).map(lambda e: [e])
    chunks = [single, single, single, single, single]
    if vocab.walks:  # dialogs followed through their questions
        walks = pick([_walk_texts(walk, vocab) for walk in vocab.walks])
        chunks += [walks, walks, walks]
    scripted = st.fixed_dictionaries(
        {
            i.name: st.lists(outcomes(i, vocab.literals), max_size=max_turns).map(tuple)
            for i in vocab.integrations
        }
    )
    uploads = pick([_files(upload) for upload in vocab.uploads]) if vocab.uploads else None
    return _state_aware(table, vocab, pick(chunks), uploads, scripted, max_turns)


@st.composite
def _state_aware(
    draw: st.DrawFn,
    table: Mapping[str, Any],
    vocab: Vocabulary,
    chunks: st.SearchStrategy[list[Event]],
    uploads: st.SearchStrategy[Event] | None,
    scripted: st.SearchStrategy[dict[str, tuple[Outcome, ...]]],
    max_turns: int,
) -> Conversation:
    outs = draw(scripted)
    replayer = Replayer(table, ScriptedPerformer(outs, when_none_left=fails()))
    arrivals = Arrivals()
    sent: list[Event] = []
    for _ in range(draw(st.integers(1, max_turns))):
        choices = [chunks]
        if arrivals.upload_waits and uploads is not None:  # the file it asked for, often
            choices += [uploads.map(lambda e: [e])] * 2
        if arrivals.transfer_sent and vocab.escalates:  # failed transfers, often in runs
            choices.append(_failure_runs(vocab.escalation_attempts))
        if arrivals.form_open:
            choices.append(st.just([text_event(FORM_SUBMISSION_TEXT)]))
        for event in draw(pick(choices)):
            if not arrivals.allows(event):
                continue
            turn = replayer.send(event)
            sent.append(event)
            if turn.unfinished or turn.crash is not None:
                return Conversation(events=tuple(sent), outcomes=outs)
            arrivals = arrivals.after(turn)
    return Conversation(events=tuple(sent or [text_event("hello")]), outcomes=outs)


def _failure_runs(attempts: int) -> st.SearchStrategy[list[Event]]:
    """A run of failed transfers, often exactly long enough to reach the stop."""
    runs = st.one_of(st.just(attempts), st.integers(1, attempts + 1))
    return runs.map(lambda n: [escalation_failed_event()] * n)
