"""Every construct of LANGUAGE.md sections 1-5 and 7 parses to the AST it means.

Spans and a string's raw text take no part in AST equality, so the expected nodes are
built with a dummy span.
"""

from __future__ import annotations

from typing import Any

import pytest

from botc.dsl import ast, parse

AT = ast.Span(0, 0, 0, 0)


def s(value: str) -> ast.Str:
    return ast.Str(value, "", AT)


def n(value: str) -> ast.Name:
    return ast.Name(value, AT)


def j(value: Any) -> ast.Json:
    return ast.Json(value, AT)


def e(source: str) -> ast.Expr:
    return ast.Expr(source, AT)


def d(text: str, milliseconds: int) -> ast.Duration:
    return ast.Duration(milliseconds, text, AT)


def only_step(step_lines: str) -> ast.Step:
    """The single step of a dialog whose body is `step_lines` (indented by 4)."""
    body = "\n".join("    " + line for line in step_lines.split("\n"))
    module = parse(f"dialog main\n    on start\n{body}\n", "steps.bot")
    (dialog,) = module.dialogs
    (step,) = dialog.steps
    return step


def only_declaration(text: str) -> ast.Declaration:
    (declaration,) = parse(text, "one.bot").declarations
    return declaration


def test_bot_block_with_its_settings() -> None:
    bot = only_declaration('bot "Acme"\n    default response "Oops."\n    escalation attempts 2\n')
    assert bot == ast.BotSettings(s("Acme"), s("Oops."), 2, AT)


def test_bot_block_without_settings() -> None:
    assert only_declaration('bot "Acme"\n') == ast.BotSettings(s("Acme"), None, None, AT)


def test_api_integration_with_every_line() -> None:
    integration = only_declaration(
        "integration Balance\n"
        '    api POST "http://x/{{ account }}"\n'
        '    header "A" "1"\n'
        '    header "B" "{{ secret.T }}"\n'
        '    body {"account": "{{ account }}"}\n'
        "    timeout 5s\n"
        "    store balance = response.body.balance\n"
    )
    assert integration == ast.Integration(
        name=n("Balance"),
        kind="api",
        method="POST",
        url=s("http://x/{{ account }}"),
        headers=(ast.Header(s("A"), s("1"), AT), ast.Header(s("B"), s("{{ secret.T }}"), AT)),
        body=j({"account": "{{ account }}"}),
        timeout=d("5s", 5000),
        stores=(ast.Store(n("balance"), e("response.body.balance"), AT),),
        span=AT,
    )


def test_file_integration() -> None:
    integration = only_declaration('integration Docs\n    file PUT "http://x/files"\n')
    assert integration == ast.Integration(
        n("Docs"), "file", "PUT", s("http://x/files"), (), None, None, (), AT
    )


def test_follow_redirects_line_sets_the_integration_flag() -> None:
    integration = only_declaration(
        'integration Docs\n    api GET "http://x/a"\n    follow redirects\n'
    )
    assert isinstance(integration, ast.Integration)
    assert integration.follow_redirects is not None


def test_an_integration_does_not_follow_redirects_unless_it_says_so() -> None:
    integration = only_declaration('integration Docs\n    api GET "http://x/a"\n')
    assert isinstance(integration, ast.Integration)
    assert integration.follow_redirects is None


def test_function_declaration() -> None:
    function = only_declaration('function recommend "4f9c-uuid"\n')
    assert function == ast.Function(n("recommend"), s("4f9c-uuid"), AT)


def test_dialog_triggers_intent_and_steps() -> None:
    dialog = only_declaration(
        "dialog balance\n"
        '    user says "balance", "* my balance *" except "not", "never"\n'
        "    on start\n"
        "    on fallback\n"
        "    on rich content\n"
        "    on signal\n"
        '    intent "check-balance" "Check account balance" confidence 0.9\n'
        "    end\n"
    )
    assert dialog == ast.Dialog(
        name=n("balance"),
        triggers=(
            ast.UserSays((s("balance"), s("* my balance *")), (s("not"), s("never")), AT),
            ast.OnEvent("start", AT),
            ast.OnEvent("fallback", AT),
            ast.OnEvent("rich content", AT),
            ast.OnEvent("signal", AT),
        ),
        intent=ast.Intent(s("check-balance"), s("Check account balance"), 0.9, AT),
        steps=(ast.EndStep(None, AT),),
        span=AT,
    )


def test_intent_without_confidence() -> None:
    dialog = only_declaration('dialog a\n    user says "a"\n    intent "a" "An a"\n')
    assert isinstance(dialog, ast.Dialog)
    assert dialog.intent == ast.Intent(s("a"), s("An a"), None, AT)
    assert dialog.steps == ()


STEPS: list[tuple[str, ast.Step]] = [
    ('say "Hi {{ name }}"', ast.SayStep(s("Hi {{ name }}"), False, ast.NO_OPTIONS, None, AT)),
    ('say to agents "psst"', ast.SayStep(s("psst"), True, ast.NO_OPTIONS, None, AT)),
    (
        'say "Pick"\n    quick replies "Yes", "No"\n'
        '    metadata [{"type": "ExternalId", "id": "A"}]\n    encoded metadata "eyJ9"',
        ast.SayStep(
            s("Pick"),
            False,
            ast.MessageOptions(
                j([{"type": "ExternalId", "id": "A"}]), s("eyJ9"), (s("Yes"), s("No"))
            ),
            None,
            AT,
        ),
    ),
    ('card {"type": "text"}', ast.CardStep(j({"type": "text"}), None, ast.NO_OPTIONS, None, AT)),
    ('card file "card.json"', ast.CardStep(None, s("card.json"), ast.NO_OPTIONS, None, AT)),
    ("pause 4s", ast.PauseStep(d("4s", 4000), True, None, AT)),
    ("pause 250ms without typing", ast.PauseStep(d("250ms", 250), False, None, AT)),
    ("pause 3m", ast.PauseStep(d("3m", 180_000), True, None, AT)),
    (
        'ask size "Which size?"\n    quick replies "Small", "Large"\n'
        "    when answer == 'Small' -> small\n    when answer is number -> dialog numbers\n"
        "    otherwise -> next",
        ast.AskStep(
            n("size"),
            s("Which size?"),
            (s("Small"), s("Large")),
            (
                ast.WhenBranch(e("answer == 'Small'"), ast.LabelTarget(n("small"), AT), AT),
                ast.WhenBranch(e("answer is number"), ast.DialogTarget(n("numbers"), AT), AT),
                ast.OtherwiseBranch(ast.NextTarget(AT), AT),
            ),
            None,
            AT,
        ),
    ),
    ('ask name "Name?"', ast.AskStep(n("name"), s("Name?"), (), (), None, AT)),
    (
        "call Balance\n    on success -> show\n    on failure -> end\n"
        "    when Balance.x > 1 -> next",
        ast.CallStep(
            n("Balance"),
            (
                ast.OutcomeBranch("success", ast.LabelTarget(n("show"), AT), AT),
                ast.OutcomeBranch("failure", ast.EndTarget(AT), AT),
                ast.WhenBranch(e("Balance.x > 1"), ast.NextTarget(AT), AT),
            ),
            None,
            AT,
        ),
    ),
    ("call Balance", ast.CallStep(n("Balance"), (), None, AT)),
    (
        'upload "Your ID"\n    accept pdf, jpeg, png\n    success "ok"\n    failure "ko"\n'
        '    invalid "bad {types}"\n    progress "wait"',
        ast.UploadStep(
            s("Your ID"),
            (n("pdf"), n("jpeg"), n("png")),
            s("ok"),
            s("ko"),
            s("bad {types}"),
            s("wait"),
            None,
            AT,
        ),
    ),
    ('upload "Your ID"', ast.UploadStep(s("Your ID"), (), None, None, None, None, None, AT)),
    (
        'escalate to skill 1234 "Hold on."',
        ast.EscalateStep(ast.SkillById(1234, AT), None, s("Hold on."), False, False, None, AT),
    ),
    (
        'escalate to skill "{{ botContext.skillId }}" silently',
        ast.EscalateStep(
            ast.SkillById(s("{{ botContext.skillId }}"), AT), None, None, True, False, None, AT
        ),
    ),
    (
        "escalate to skill 1234 agent 5678 with context",
        ast.EscalateStep(ast.SkillById(1234, AT), 5678, None, False, True, None, AT),
    ),
    (
        'escalate to skill 1 agent "{{ a }}" "Bye" with context',
        ast.EscalateStep(ast.SkillById(1, AT), s("{{ a }}"), s("Bye"), False, True, None, AT),
    ),
    (
        'escalate to skill named "bot-escalation"',
        ast.EscalateStep(
            ast.SkillByName(s("bot-escalation"), AT), None, None, False, False, None, AT
        ),
    ),
    (
        'invoke recommend payload {"q": [1, 2]} fail on error',
        ast.InvokeStep(n("recommend"), j({"q": [1, 2]}), True, None, AT),
    ),
    ("invoke recommend", ast.InvokeStep(n("recommend"), None, False, None, AT)),
    ('signal {"kind": "ping"}', ast.SignalStep(j({"kind": "ping"}), None, AT)),
    ('secure form 4510014332 "Card"', ast.SecureFormStep(4510014332, s("Card"), None, AT)),
    ("close", ast.CloseStep(False, None, AT)),
    ("close without survey", ast.CloseStep(True, None, AT)),
    ("priority urgent", ast.PriorityStep("urgent", None, None, AT)),
    ("priority normal", ast.PriorityStep("normal", None, None, AT)),
    ("priority prioritized", ast.PriorityStep("prioritized", None, None, AT)),
    ("priority custom 120s", ast.PriorityStep("custom", d("120s", 120_000), None, AT)),
    ("set total = a + b * 2", ast.SetStep(n("total"), False, e("a + b * 2"), None, AT)),
    (
        "set botContext.skillId = '1234'",
        ast.SetStep(n("skillId"), True, e("'1234'"), None, AT),
    ),
    ("goto lookup", ast.GotoStep(ast.LabelTarget(n("lookup"), AT), None, AT)),
    ("goto dialog help", ast.GotoStep(ast.DialogTarget(n("help"), AT), None, AT)),
    ("end", ast.EndStep(None, AT)),
    ('show: say "x"', ast.SayStep(s("x"), False, ast.NO_OPTIONS, n("show"), AT)),
    ("done: end", ast.EndStep(n("done"), AT)),
]


@pytest.mark.parametrize(
    ("text", "expected"), STEPS, ids=[text.split("\n")[0] for text, _ in STEPS]
)
def test_step_parses_to_its_node(text: str, expected: ast.Step) -> None:
    assert only_step(text) == expected


def test_labels_are_kept_on_steps_with_branches() -> None:
    step = only_step("lookup: call Balance\n    on success -> next")
    assert isinstance(step, ast.CallStep)
    assert step.label == n("lookup")


TEST_LINES: list[tuple[str, ast.TestLine]] = [
    ("start", ast.StartLine(None, AT)),
    ('start "balance"', ast.StartLine(s("balance"), AT)),
    ('user "What is my balance?"', ast.UserLine(s("What is my balance?"), AT)),
    ('upload "id.pdf"', ast.UploadLine(s("id.pdf"), None, AT)),
    (
        'upload "id.pdf" size 120kb',
        ast.UploadLine(s("id.pdf"), ast.Size(120 * 1024, "120kb", AT), AT),
    ),
    (
        'upload "big.png" size 6mb',
        ast.UploadLine(s("big.png"), ast.Size(6 * 1024 * 1024, "6mb", AT), AT),
    ),
    ('Balance returns {"data": 1}', ast.ReturnsLine(n("Balance"), None, j({"data": 1}), AT)),
    (
        'Balance returns status 404 {"e": null}',
        ast.ReturnsLine(n("Balance"), 404, j({"e": None}), AT),
    ),
    ("Balance returns status 500", ast.ReturnsLine(n("Balance"), 500, None, AT)),
    ("Balance fails", ast.FailsLine(n("Balance"), AT)),
    ('rich content {"type": "map"}', ast.RichContentLine(j({"type": "map"}), AT)),
    ('signal "payload"', ast.SignalLine(s("payload"), AT)),
    ('bot "Your balance is *"', ast.BotLine(s("Your balance is *"), False, AT)),
    ('agents "psst"', ast.BotLine(s("psst"), True, AT)),
    ("expect transfer to skill 1234", ast.ExpectLine("transfer", "1234", AT)),
    ("expect transfer", ast.ExpectLine("transfer", None, AT)),
    ("expect close", ast.ExpectLine("close", None, AT)),
    ("expect card", ast.ExpectLine("card", None, AT)),
    ("expect pause 4s", ast.ExpectLine("pause", "4s", AT)),
    ("expect invoke recommend", ast.ExpectLine("invoke", "recommend", AT)),
    ("expect signal", ast.ExpectLine("signal", None, AT)),
    ("expect secure form 4510014332", ast.ExpectLine("secure form", "4510014332", AT)),
    ("expect priority urgent", ast.ExpectLine("priority", "urgent", AT)),
    ("expect nothing", ast.ExpectLine("nothing", None, AT)),
]


@pytest.mark.parametrize(("text", "expected"), TEST_LINES, ids=[text for text, _ in TEST_LINES])
def test_test_line_parses_to_its_node(text: str, expected: ast.TestLine) -> None:
    test = only_declaration(f'test "t"\n    {text}\n')
    assert test == ast.TestCase(s("t"), (expected,), AT)


JSON_VALUES: list[tuple[str, Any]] = [
    (
        '{"a": {"b": [1, -2.5, 3e2, true, false, null]}}',
        {"a": {"b": [1, -2.5, 300.0, True, False, None]}},
    ),
    ("[]", []),
    ("{}", {}),
    ('"caf\\u00e9 \\/ \\r"', "café / \r"),
    ("-0", 0),
    ("12345678901234567890", 12345678901234567890),
]


@pytest.mark.parametrize(("text", "value"), JSON_VALUES, ids=[text for text, _ in JSON_VALUES])
def test_json_payload_is_decoded(text: str, value: Any) -> None:
    step = only_step(f"signal {text}")
    assert isinstance(step, ast.SignalStep)
    assert step.payload.value == value
    assert type(step.payload.value) is type(value)


def test_json_may_span_lines_with_comments_inside() -> None:
    step = only_step('signal {\n    "a": [1,\n        2],  # two\n    "b": null\n}')
    assert step == ast.SignalStep(j({"a": [1, 2], "b": None}), None, AT)


def test_json_null_in_an_array_is_kept() -> None:
    step = only_step("signal [null, null]")
    assert isinstance(step, ast.SignalStep)
    assert step.payload.value == [None, None]


def test_string_escapes_are_decoded() -> None:
    step = only_step(r'say "a \"q\" \\ \n \t \u00e9 \ud83c\udf89"')
    assert isinstance(step, ast.SayStep)
    assert step.text.value == 'a "q" \\ \n \t é 🎉'
    assert step.text.raw == r'"a \"q\" \\ \n \t \u00e9 \ud83c\udf89"'


def test_expression_reads_arrows_and_hashes_inside_strings() -> None:
    step = only_step(
        'ask code "Code?"\n    when answer is matching("^a->b#[0-9]{6}$") -> ok  # note'
    )
    assert isinstance(step, ast.AskStep)
    (branch,) = step.branches
    assert branch == ast.WhenBranch(
        e('answer is matching("^a->b#[0-9]{6}$")'), ast.LabelTarget(n("ok"), AT), AT
    )


def test_expression_runs_to_the_end_of_the_line_without_trailing_blanks() -> None:
    step = only_step("set x = a  -  b   # minus")
    assert step == ast.SetStep(n("x"), False, e("a  -  b"), None, AT)


@pytest.mark.parametrize(
    "text",
    [
        'dialog end\n    user says "x"\n    end\n',
        'dialog next\n    user says "x"\n    say "x"\n',
        'dialog d\n    user says "x"\n    ask answer "?"\n    set say = answer\n'
        "    goto dialog end\n",
        'integration user\n    api GET "u"\n    store end = response.body\n',
        'dialog d\n    on start\n    otherwise: say "a label"\n',
    ],
    ids=["dialog-end", "dialog-next", "field-answer-say", "integration-user", "label-otherwise"],
)
def test_keywords_are_names_where_the_grammar_expects_a_name(text: str) -> None:
    assert parse(text, "names.bot").declarations


def test_comments_are_collected_with_their_placement() -> None:
    module = parse("# head\ndialog a  # trailing\n    # inside\n    on start\n# tail", "c.bot")
    assert [(c.text, c.own_line, c.span.line, c.span.column) for c in module.comments] == [
        ("# head", True, 1, 1),
        ("# trailing", False, 2, 11),
        ("# inside", True, 3, 5),
        ("# tail", True, 5, 1),
    ]


def test_blank_lines_and_windows_line_ends_are_accepted() -> None:
    module = parse('\r\n\r\ndialog a\r\n\r\n    on start\r\n   \r\n    say "x"\r\n', "crlf.bot")
    (dialog,) = module.dialogs
    assert dialog.steps == (ast.SayStep(s("x"), False, ast.NO_OPTIONS, None, AT),)


def test_empty_file_is_an_empty_module() -> None:
    assert parse("", "empty.bot") == ast.Module("empty.bot", ())
    assert parse("# only a comment\n\n", "empty.bot").declarations == ()


def test_file_without_final_line_break_parses() -> None:
    assert parse('dialog a\n    on start\n    say "x"', "f.bot").dialogs[0].steps


def test_byte_order_mark_is_ignored() -> None:
    assert parse("\ufeffdialog a\n    on start\n", "bom.bot").dialogs[0].name.span.column == 8


def test_line_separator_inside_a_string_is_text_not_a_line_break() -> None:
    module = parse('dialog a\n    say "one\u2028two"\n# after\n', "ls.bot")
    assert module.dialogs[0].steps[0] == ast.SayStep(
        s("one\u2028two"), False, ast.NO_OPTIONS, None, AT
    )
    assert [(c.text, c.own_line, c.span.line) for c in module.comments] == [("# after", True, 3)]
