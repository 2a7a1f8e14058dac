"""Generated `.bot` sources for the turn, compile and memory benchmarks (fixed seed).

`generate_bot(dialogs)` writes a bot whose dialogs mix every common step kind, so that
the compile benchmark parses and checks a realistic file and the turn benchmark routes
among many patterns.
"""

from __future__ import annotations

import random

WORDS = (
    "account", "balance", "card", "order", "refund", "delivery", "payment", "invoice",
    "address", "password", "loan", "savings", "branch", "transfer", "limit", "statement", "pin",
    "travel", "insurance", "claim", "upgrade", "cancel", "renew", "schedule", "appointment",
    "premium", "family", "student", "business",
)


def _phrase(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length))


def _dialog(rng: random.Random, index: int) -> list[str]:
    name = f"topic_{index}"
    exact = f"{_phrase(rng, 3)} {index}"
    wild = f"* {_phrase(rng, 2)} {index} *"
    lines = [
        f"dialog {name}",
        f'    user says "{exact}", "{wild}"',
        f'    intent "topic-{index}" "Topic {index}"',
        f'    say "You asked about topic {index}."',
    ]
    if index % 2 == 0:
        lines += [
            f'    ask choice_{index} "Small or large?"',
            '        quick replies "Small", "Large"',
            '        when answer == "small" -> small',
            '        when answer is matching("^l.*") -> large',
            "        otherwise -> other",
            f'    small: say "Small it is, {{{{ choice_{index} }}}}."',
            "    end",
            '    large: say "Large it is."',
            "    end",
            '    other: say "I will note that."',
            f"    set picked_{index} = choice_{index} | upper",
        ]
    else:
        lines += [
            "    pause 1s",
            f'    say to agents "Topic {index} was discussed."',
            '    say "Anything else?"',
        ]
    return lines


def generate_bot(dialogs: int, *, seed: int = 7) -> str:
    """A `.bot` source with `dialogs` dialogs plus a start and a fallback dialog."""
    rng = random.Random(seed)
    lines = [
        "# generated for the benchmarks",
        'bot "Benchmark"',
        '    default response "Sorry, something went wrong."',
        "",
        "dialog welcome",
        "    on start",
        '    say "Hi there."',
        "",
        "dialog fallback",
        "    on fallback",
        '    say "Sorry, I did not get that."',
        "",
    ]
    for index in range(dialogs):
        lines += _dialog(rng, index)
        lines.append("")
    return "\n".join(lines)


def exact_text(source_dialog: int, *, dialogs: int, seed: int = 7) -> str:
    """The exact pattern of dialog `source_dialog` in `generate_bot(dialogs, seed=seed)`."""
    rng = random.Random(seed)
    for index in range(dialogs):
        if index == source_dialog:
            return f"{_phrase(rng, 3)} {index}"
        _dialog(rng, index)
    raise ValueError(f"the bot has no dialog {source_dialog}")
