"""The one grammar of the `.bot` language, shipped as `bot.lark` beside this file."""

from pathlib import Path

GRAMMAR_PATH = Path(__file__).with_name("bot.lark")

__all__ = ["GRAMMAR_PATH"]
