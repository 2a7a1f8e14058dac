"""compile_source pauses the cyclic garbage collector while it works, and only then."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from botc.compiler import compile_source

_BOT = 'dialog hello\n    user says "hi"\n    say "Hello."\n'


@pytest.fixture
def gc_restored() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_collection_is_back_on_after_a_compile(gc_restored: None) -> None:
    gc.enable()
    assert compile_source(_BOT, "hello.bot").ok
    assert gc.isenabled()


def test_collection_stays_off_when_the_caller_had_it_off(gc_restored: None) -> None:
    gc.disable()
    compile_source(_BOT, "hello.bot")
    assert not gc.isenabled()


def test_collection_is_back_on_after_a_syntax_error(gc_restored: None) -> None:
    gc.enable()
    result = compile_source('dialog hello\n    say "unclosed\n', "broken.bot")
    assert result.errors
    assert gc.isenabled()


def test_collection_is_off_while_parsing_and_checking(
    gc_restored: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import botc.compiler.compile as compile_module

    seen: list[bool] = []
    real_parse, real_compile = compile_module.dsl.parse, compile_module.compile_module

    def parse(text: str, filename: str) -> object:
        seen.append(gc.isenabled())
        return real_parse(text, filename)

    def check(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_compile(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compile_module.dsl, "parse", parse)
    monkeypatch.setattr(compile_module, "compile_module", check)
    gc.enable()
    assert compile_source(_BOT, "hello.bot").ok
    assert seen == [False, False]
