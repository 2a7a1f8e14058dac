"""Every diagnostic code, with its title: the one registry (docs/DIAGNOSTICS.md explains each).

A code names one kind of finding and never changes meaning; a new kind of finding gets
a new line here (and a section in docs/DIAGNOSTICS.md, which a test holds to this list).
Ranges: BOT0xx the tool itself, BOT1xx syntax, BOT2xx names and references, BOT3xx
templates, patterns and content, BOT4xx flow analyses, BOT5xx `botc verify` findings,
BOT6xx limits and security, BOT7xx target support.
"""

from __future__ import annotations

from typing import Final

import attrs


@attrs.frozen
class Code:
    """`title` is the finding in a few words; `has_example` is False for the codes no
    `.bot` text can trigger (a crash of botc, an unreadable file, a `botc verify` finding
    that only a fault of the runtime or a hand-edited table can cause)."""

    title: str
    has_example: bool = True


CODES: Final[dict[str, Code]] = {
    "BOT001": Code("internal error in the compiler", has_example=False),
    "BOT002": Code("the file cannot be read", has_example=False),
    "BOT003": Code("the table is not a valid table", has_example=False),
    "BOT101": Code("unexpected text"),
    "BOT102": Code("a line in the wrong place"),
    "BOT103": Code("a statement written in a common wrong way"),
    "BOT104": Code("bad indentation"),
    "BOT105": Code("a string with no closing quote"),
    "BOT106": Code("a malformed literal"),
    "BOT107": Code("a part given twice"),
    "BOT108": Code("a value outside its range"),
    "BOT109": Code("an incomplete declaration"),
    "BOT201": Code("a duplicate name"),
    "BOT202": Code("an unknown name"),
    "BOT203": Code("a name of the wrong kind"),
    "BOT204": Code("an upload without its call"),
    "BOT205": Code("a field nothing sets"),
    "BOT206": Code("an event trigger used twice"),
    "BOT207": Code("a dialog nothing starts"),
    "BOT208": Code("a stored field named like an outcome field"),
    "BOT301": Code("a template that cannot be parsed"),
    "BOT302": Code("a template that loads another template"),
    "BOT303": Code("an unknown filter or test"),
    "BOT304": Code("a card that is not valid structured content"),
    "BOT305": Code("a card file that cannot be read"),
    "BOT306": Code("quick replies the platform refuses"),
    "BOT307": Code("bad encoded metadata"),
    "BOT308": Code("a payload that is not a JSON object"),
    "BOT309": Code("a malformed pattern"),
    "BOT310": Code("an empty pattern"),
    "BOT312": Code("Python written where a Jinja2 expression is expected"),
    "BOT401": Code("two actions in one response"),
    "BOT402": Code("a loop that never waits"),
    "BOT403": Code("a step that can never run"),
    "BOT404": Code("a branch that is never taken"),
    "BOT405": Code("a pattern that can never win"),
    "BOT406": Code("a regex no normalized text matches"),
    "BOT407": Code("a bot with no dialog"),
    "BOT408": Code("a dialog with no step"),
    "BOT409": Code("a test with no lines"),
    "BOT410": Code("a comparison of an answer with a number"),
    "BOT411": Code("a field read where it may be unset"),
    "BOT412": Code("a capture the pattern does not have"),
    "BOT413": Code("a quick reply that routes nowhere useful"),
    "BOT414": Code("an upload outcome no dialog takes"),
    "BOT415": Code("an upload-outcome action meeting another action"),
    "BOT416": Code("a question nothing leaves"),
    "BOT417": Code("a turn in which the consumer sees nothing"),
    "BOT418": Code("a call failure that ends the dialog without a word"),
    "BOT419": Code("an escalation failure that escalates again"),
    "BOT420": Code("an escalation-failure dialog that never runs"),
    "BOT421": Code("a skill id known not to be a number"),
    "BOT422": Code("a condition on a call's fields before its `on failure`"),
    "BOT423": Code("a dialog entered from a wait that starts the waiting dialog over"),
    "BOT501": Code("a conversation in which the runtime fails"),
    "BOT502": Code("a turn that never waits", has_example=False),
    "BOT503": Code("a conversation in which the consumer gets no answer"),
    "BOT504": Code("a call failure no branch handles"),
    "BOT505": Code("an escalation failure answered with another escalation"),
    "BOT506": Code("an escalation that does not stop", has_example=False),
    "BOT507": Code("a conversation with two actions in one response"),
    "BOT508": Code("a response the platform refuses", has_example=False),
    "BOT509": Code("a conversation state that does not round-trip", has_example=False),
    "BOT510": Code("a call failure the consumer hears nothing about"),
    "BOT511": Code("a quick reply the bot does not take"),
    "BOT512": Code("an upload outcome nothing follows up"),
    "BOT513": Code("a question no answer leaves"),
    "BOT514": Code("a dialog started over while one of its waits is put aside"),
    "BOT601": Code("a secret read outside an integration"),
    "BOT602": Code("a value the platform cannot take"),
    "BOT603": Code("a skill or agent id that is not a whole number"),
    "BOT604": Code("a secret used where its value could leak"),
    "BOT605": Code("past a limit the runtime sets"),
    "BOT701": Code("a step the target format cannot carry"),
}


def title(code: str) -> str:
    """The code's title; raises KeyError for a code that is not registered."""
    return CODES[code].title
