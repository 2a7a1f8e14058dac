"""The words syntax errors are made of: how terminals read, keyword families, and the
right form of each statement, shown as a hint. Data only; `dsl.syntax_errors` uses it.
The steps' keywords are not written here: they are read from the grammar
(`dsl.step_keywords`), so every list of the steps has them all.
"""

from botc.dsl.step_keywords import STEP_WORD_TERMINALS

# How each named terminal reads in a message. Keywords and punctuation read as themselves.
TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": "a quoted text",
    "INT": "a whole number",
    "NUMBER": "a number",
    "DURATION": "a duration like `5s`",
    "SIZE": "a size like `512kb`",
    "METHOD": "an HTTP method",
    "EXPR": "an expression",
    "_ARROW": "`->`",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the block",
    "$END": "the end of the file",
}

DECLARATIONS = "a declaration (`bot`, `integration`, `function`, `dialog` or `test`)"
# The terminals that start a step, and NAME, which starts a labelled one.
STEP_TERMINALS = STEP_WORD_TERMINALS | {"NAME"}

# Whole families of keywords that a message names by what they are.
FAMILIES = {
    DECLARATIONS: {
        "BOT",
        "INTEGRATION",
        "FUNCTION",
        "DIALOG",
        "TEST",
    },
    "a step": set(STEP_WORD_TERMINALS),
    "a test line (`user`, `bot`, `expect`...)": {"USER", "BOT", "EXPECT", "START", "AGENTS"},
    "a JSON value": {"LBRACE", "LSQB", "STRING", "NUMBER", "TRUE", "FALSE", "NULL"},
}

TEST_LINES = (
    "start, user, upload, NAME returns, NAME fails, rich content, signal, bot, agents and expect"
)

HINTS = {
    "bot": 'the bot block looks like `bot "Acme Bank"`, with `default response "..."` '
    "and `escalation attempts 4` indented under it",
    "integration": "an integration looks like `integration Balance`, with "
    '`api GET "https://..."` indented under it',
    "api": 'write it as `api GET "https://example.com/{{ account }}"`',
    "file": 'write it as `file POST "https://example.com/upload"`',
    "header": 'a header is a quoted name and a quoted value: `header "Accept" "text/plain"`',
    "timeout": "write a duration as `250ms`, `5s` or `3m`",
    "pause": "write it as `pause 4s` or `pause 4s without typing`",
    "store": "write it as `store balance = response.body.balance`",
    "function": 'write it as `function recommend "4f9c233a-e7e6-4af3-b680-59ba20ab8962"`',
    "dialog": "a dialog looks like `dialog greeting`, with its triggers and steps indented "
    "under it",
    "user": 'patterns are quoted and separated by commas: `user says "hi", "hello *"`',
    "on": "triggers look like `on start`, `on fallback`, `on rich content` or `on signal`; "
    "call branches like `on success -> label`",
    "intent": 'write it as `intent "check-balance" "Check account balance" confidence 0.9`',
    "say": 'write it as `say "Hello!"` or `say to agents "..."`, with options like '
    '`quick replies "Yes", "No"` indented under it',
    "card": 'write it as `card {"type": "text", "text": "Hi"}` or `card file "card.json"`',
    "metadata": 'metadata is a JSON array: `metadata [{"type": "ExternalId", "id": "A1"}]`',
    "encoded": 'write it as `encoded metadata "base64..."`',
    "quick": 'write it as `quick replies "Yes", "No"`',
    "ask": 'write it as `ask account "What is your account number?"`',
    "when": "branches look like `when answer is number -> label`",
    "otherwise": "write it as `otherwise -> label`",
    "call": "write it as `call Balance`, with branches like `on success -> label` under it",
    "upload": 'write it as `upload "Please upload your ID"`, with `accept pdf, png` under it',
    "accept": "write the file types as names separated by commas: `accept pdf, jpeg, png`",
    "success": 'write it as `success "Thanks, got it."`',
    "failure": 'write it as `failure "That did not work."`',
    "invalid": 'write it as `invalid "Upload one of these types: {types}."`',
    "progress": 'write it as `progress "Processing the file..."`',
    "escalate": 'write it as `escalate to skill 1234 "Connecting you..."` or '
    '`escalate to skill named "billing"`',
    "invoke": 'write it as `invoke recommend payload {"key": "value"} fail on error`',
    "signal": 'write it as `signal {"type": "event"}` (in a test: `signal "payload"`)',
    "secure": 'write it as `secure form 4510014332 "Your details"`',
    "close": "write it as `close` or `close without survey`",
    "priority": "write it as `priority urgent`, `normal`, `prioritized` or `custom 120s`",
    "set": "write it as `set FIELD = expression` or `set botContext.NAME = expression`",
    "goto": "write it as `goto label` or `goto dialog NAME`",
    "end": "`end` stands alone on its line",
    "test": 'a test looks like `test "happy path"`, with its lines indented under it',
    "start": 'write it as `start` or `start "last message"`',
    "expect": "write it as `expect transfer to skill 1234`, `expect close`, `expect card`, "
    "`expect pause 4s`, `expect invoke NAME`, `expect signal`, `expect secure form N`, "
    "`expect priority urgent` or `expect nothing`",
    "rich": 'write it as `rich content {"type": "map"}`',
    "agents": 'write it as `agents "text"`',
}

BLOCK_HINTS = {
    "dialog": "indent the triggers and steps of a dialog under it",
    "integration": "indent the lines of an integration (`api`, `header`, `store`...) under it",
    "test": "indent the lines of a test under it",
}

JSON_TERMINALS = {
    "STRING",
    "NUMBER",
    "COMMA",
    "COLON",
    "LBRACE",
    "RBRACE",
    "LSQB",
    "RSQB",
    "TRUE",
    "FALSE",
    "NULL",
}
