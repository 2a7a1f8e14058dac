"""The steps of the language as the grammar declares them, read off the Lark rules of
`grammar/bot.lark` when this module is imported — never copied by hand.

A step is an alternative of the grammar's `step_body` rule, a rule named `<kind>_step`;
its keyword is the kind with spaces for underscores (`secure_form_step` -> `secure form`),
and the rule must start with those words (`"secure" "form" INT STRING`). The table's `op`
of a step is the kind itself (`secure_form`). So adding a step to the grammar adds it here,
and to every message that lists the steps.
"""

from __future__ import annotations

from typing import Final

import attrs
from lark import Lark
from lark.grammar import NonTerminal, Terminal

from botc.dsl.lark_parser import bot_parser, terminal_literals

_STEP_RULE_SUFFIX: Final = "_step"


@attrs.frozen
class GrammarStep:
    """One step rule of the grammar: `rule` (`secure_form_step`), `keyword` as written
    (`secure form`) and the `terminal` it starts with (`SECURE`)."""

    rule: str
    keyword: str
    terminal: str

    @property
    def op(self) -> str:
        """The step's operation in the table (docs/TABLE.md): the rule without `_step`."""
        return self.rule.removesuffix(_STEP_RULE_SUFFIX)


def grammar_steps(parser: Lark) -> tuple[GrammarStep, ...]:
    """The step rules of `parser`'s grammar, in the order `step_body` lists them."""
    rules = parser.rules
    names = [
        str(rule.expansion[0].name)
        for rule in rules
        if rule.origin.name == "step_body" and isinstance(rule.expansion[0], NonTerminal)
    ]
    literals = terminal_literals()
    steps: list[GrammarStep] = []
    for name in dict.fromkeys(names):
        words = name.removesuffix(_STEP_RULE_SUFFIX).split("_")
        expansion = next(rule.expansion for rule in rules if rule.origin.name == name)
        leading = [
            literals.get(str(symbol.name)) if isinstance(symbol, Terminal) else None
            for symbol in expansion[: len(words)]
        ]
        if not name.endswith(_STEP_RULE_SUFFIX) or leading != words:
            raise ValueError(f"the step rule `{name}` must be named for its leading keywords")
        steps.append(GrammarStep(name, " ".join(words), str(expansion[0].name)))
    return tuple(steps)


STEPS: Final = grammar_steps(bot_parser())

# The first word of each step (`secure` for `secure form`), and the terminals they are.
STEP_WORDS: Final = frozenset(step.keyword.split()[0] for step in STEPS)
STEP_WORD_TERMINALS: Final = frozenset(step.terminal for step in STEPS)

# The steps as a message lists them: "say, card, ..., goto and end".
STEP_KEYWORD_LIST: Final = (
    ", ".join(step.keyword for step in STEPS[:-1]) + " and " + STEPS[-1].keyword
)
