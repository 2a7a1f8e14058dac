"""`botc init NAME`: a new folder NAME holding a starter bot a team can grow.

It writes `NAME/NAME.bot` (a welcome, a question, an integration call with its failure
handled, an escalation, a fallback, and `test` blocks for each), `NAME/NAME.stubs.json`
and `NAME/NAME.events.jsonl` for `botc run`, and `NAME/.github/workflows/bot.yml`, a CI
job that installs the botc running `init` (compiler.commands.botc_source) and runs
`botc check` and `botc test`. Every file passes as written. A NAME that is
not a plain folder name, or a folder that already holds files, is refused with one
`botc: error:` line and exit code 2; nothing is written then.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from botc.compiler.commands.botc_source import PLAIN_REQUIREMENT, installed_requirement

_FOLDER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")

_BOT = '''\
# {title}: a starter bot written by `botc init`.
#
# Check it with `botc check {name}.bot`, run its tests with `botc test {name}.bot`, and
# talk to it with `botc chat {name}.bot --stubs {name}.stubs.json`.
# Every construct is described in docs/LANGUAGE.md of the botc repository.

bot "{title}"
    default response "Sorry, something went wrong on our side. Please try again later."

integration Orders
    api GET "http://127.0.0.1:8080/orders/{{{{ order | upper }}}}"
    header "Authorization" "Bearer {{{{ secret.ORDERS_TOKEN }}}}"
    timeout 5s
    store state = response.body.state

dialog welcome
    on start
    say "Hi! I can look up an order or get you a person."

dialog order
    user says "order", "where is my order", "* my order *"
    ask order "What is the order number?"
        when answer is matching("[A-Za-z]{{2}}[0-9]{{4}}") -> lookup
        otherwise -> unknown
    unknown: say "Order numbers look like AB1234."
    goto dialog order
    lookup: call Orders
        on failure -> trouble
        on success -> next
    say "Order {{{{ order | upper }}}} is {{{{ Orders.state }}}}."
    end
    trouble: say "I can't look orders up right now."
    goto dialog agent

dialog agent
    user says "agent", "talk to (a|an) (agent|person|human)"
    escalate to skill 1234 "Let me get you a colleague."

dialog agent_failed
    user says "__agent_escalation_failed__"
    say "Nobody is free right now. Please try again in a few minutes."

dialog fallback
    on fallback
    say "Sorry, I didn't get that. Try 'where is my order' or 'agent'."

test "the welcome"
    start
    bot "Hi! I can look up an order or get you a person."

test "an order is found"
    user "Where is my order?"
    bot "What is the order number?"
    user "ab1234"
    Orders returns {{"state": "shipped"}}
    bot "Order AB1234 is shipped."

test "a bad order number is explained and asked again"
    user "order"
    user "1234"
    bot "Order numbers look like AB1234."
    bot "What is the order number?"

test "the order system is down: a colleague takes over"
    user "order"
    user "ab1234"
    Orders fails
    bot "I can't look orders up right now."
    bot "Let me get you a colleague."
    expect transfer to skill 1234

test "no colleague free"
    user "agent"
    expect transfer to skill 1234
    user "__agent_escalation_failed__"
    bot "Nobody is free right now. Please try again in a few minutes."
'''

_STUBS = '''\
{
  "Orders": [
    {"status": 200, "body": {"state": "shipped"}},
    {"error": "timeout"}
  ]
}
'''

_EVENTS = '''\
{"type": "START", "source": "CONVERSATION", "data": {}}
{"type": "TEXT", "source": "CONSUMER", "data": {"message": "where is my order"}}
{"type": "TEXT", "source": "CONSUMER", "data": {"message": "AB1234"}}
{"type": "TEXT", "source": "CONSUMER", "data": {"message": "where is my order"}}
{"type": "TEXT", "source": "CONSUMER", "data": {"message": "CD5678"}}
'''

_CI = '''\
# Checks and tests the bot on every push and pull request.
name: bot
on: [push, pull_request]
jobs:
  bot:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
{install}      - run: botc check {name}.bot
      - run: botc test {name}.bot
      - run: botc run {name}.bot --stubs {name}.stubs.json < {name}.events.jsonl
'''


_UNKNOWN_SOURCE = """\
      # botc is not on PyPI: install it from your team's copy of its repository,
      # e.g. python -m pip install "botc @ git+https://github.com/OWNER/botc"
"""


def _install_step(requirement: str) -> str:
    """The CI step installing `requirement`, the botc that ran `botc init` when known."""
    if requirement == PLAIN_REQUIREMENT:
        return f"{_UNKNOWN_SOURCE}      - run: python -m pip install {requirement}\n"
    return f"      - run: 'python -m pip install \"{requirement}\"'\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the folder to create (also the bot's name)")


def run(args: argparse.Namespace) -> int:
    name: str = args.name
    if not _FOLDER_NAME.fullmatch(name):
        sys.stderr.write(
            f"botc: error: {name!r} is not a plain folder name: use letters, digits, "
            "'_' and '-', starting with a letter\n"
        )
        return 2
    folder = Path(name)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        sys.stderr.write(f"botc: error: {name} already exists and is not an empty folder\n")
        return 2
    for relative, text in starter_files(name).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {path}\n")
    sys.stdout.write(f"next: cd {name} && botc test {name}.bot\n")
    return 0


def starter_files(name: str, requirement: str | None = None) -> dict[str, str]:
    """The files of a new bot project named `name`, by path relative to its folder; its CI
    job installs `requirement` (default: where the running botc came from)."""
    install = _install_step(installed_requirement() if requirement is None else requirement)
    title = name.replace("_", " ").replace("-", " ").title()
    return {
        f"{name}.bot": _BOT.format(name=name, title=title),
        f"{name}.stubs.json": _STUBS,
        f"{name}.events.jsonl": _EVENTS,
        ".github/workflows/bot.yml": _CI.format(name=name, install=install),
    }
