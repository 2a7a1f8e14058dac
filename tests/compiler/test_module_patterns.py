"""compiler.pattern_languages.module_patterns: worked out once per module, which it does not
keep alive."""

from __future__ import annotations

import gc
import weakref

from botc.compiler.pattern_languages import module_patterns
from botc.dsl import parse

_BOT = 'dialog a\n    user says "hello *", "/bye|ciao/"\n    say "a"\n'


def test_the_checks_asking_again_get_the_same_patterns() -> None:
    module = parse(_BOT, "t.bot")
    first = module_patterns(module)
    assert [p.source.value for p in first] == ["hello *", "/bye|ciao/"]
    assert module_patterns(module) is first


def test_the_patterns_of_the_last_module_do_not_keep_it_alive() -> None:
    module = parse(_BOT, "t.bot")
    module_patterns(module)
    alive = weakref.ref(module)
    del module
    gc.collect()
    assert alive() is None


def test_a_new_module_gets_its_own_patterns() -> None:
    module_patterns(parse(_BOT, "t.bot"))
    other = parse('dialog b\n    user says "thanks"\n    say "b"\n', "u.bot")
    assert [p.source.value for p in module_patterns(other)] == ["thanks"]
