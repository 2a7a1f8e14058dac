"""Hypothesis strategies that build random `.bot` syntax trees, every node kind included.

Spans are dummies (they take no part in equality). Every value is one the language can
write: names avoid the keywords, expressions are single-line Jinja-like text whose `#`
and `->` only appear inside quoted strings.
"""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import strategies as st

from botc.dsl import ast
from botc.dsl.parser import terminal_literals

AT = ast.Span(1, 1, 1, 1)

KEYWORDS = frozenset(value for value in terminal_literals().values() if value.isidentifier()) | {
    "botContext"
}

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,10}", fullmatch=True).filter(
    lambda name: name not in KEYWORDS
)
# Any character but a lone surrogate: quotes, backslashes, controls, emoji, U+2028...
texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
ints = st.integers(min_value=0, max_value=10**12)


def name_nodes() -> st.SearchStrategy[ast.Name]:
    return st.builds(ast.Name, names, st.just(AT))


def strs(values: st.SearchStrategy[str] = texts) -> st.SearchStrategy[ast.Str]:
    return st.builds(ast.Str, values, st.just(""), st.just(AT))


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=8,
)


def jsons() -> st.SearchStrategy[ast.Json]:
    return st.builds(ast.Json, json_values, st.just(AT))


def _quoted(quote: str) -> st.SearchStrategy[str]:
    inner = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"))
    return inner.map(
        lambda text: quote + text.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote
    )


_expression_parts = st.one_of(
    names,
    st.integers(min_value=0, max_value=999).map(str),
    st.sampled_from(["==", "!=", ">", "and", "or", "not", "|", "~", "+", "-", "is", "(", ")"]),
    _quoted('"'),
    _quoted("'"),
    st.builds(lambda name, field: f"{name}.{field}", names, names),
    _quoted('"').map(lambda regex: f"answer is matching({regex})"),
)
expressions = st.lists(_expression_parts, min_size=1, max_size=5).map(" ".join)


def exprs() -> st.SearchStrategy[ast.Expr]:
    return st.builds(ast.Expr, expressions, st.just(AT))


@st.composite
def durations(draw: st.DrawFn) -> ast.Duration:
    amount = draw(st.integers(min_value=0, max_value=100_000))
    unit, factor = draw(st.sampled_from([("ms", 1), ("s", 1000), ("m", 60_000)]))
    return ast.Duration(amount * factor, f"{amount}{unit}", AT)


@st.composite
def sizes(draw: st.DrawFn) -> ast.Size:
    amount = draw(st.integers(min_value=0, max_value=100_000))
    unit, factor = draw(st.sampled_from([("kb", 1024), ("mb", 1024 * 1024)]))
    return ast.Size(amount * factor, f"{amount}{unit}", AT)


def targets() -> st.SearchStrategy[ast.Target]:
    return st.one_of(
        st.builds(ast.LabelTarget, name_nodes(), st.just(AT)),
        st.builds(ast.DialogTarget, name_nodes(), st.just(AT)),
        st.builds(ast.NextTarget, st.just(AT)),
        st.builds(ast.EndTarget, st.just(AT)),
    )


def when_branches() -> st.SearchStrategy[ast.WhenBranch]:
    return st.builds(ast.WhenBranch, exprs(), targets(), st.just(AT))


def _few(strategy: st.SearchStrategy[Any], least: int = 0) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, min_size=least, max_size=3).map(tuple)


labels = st.none() | name_nodes()
message_options = st.builds(
    ast.MessageOptions, st.none() | jsons(), st.none() | strs(), _few(strs())
)


@st.composite
def escalate_steps(draw: st.DrawFn) -> ast.EscalateStep:
    skill = draw(
        st.builds(ast.SkillById, ints | strs(), st.just(AT))
        | st.builds(ast.SkillByName, strs(), st.just(AT))
    )
    silently = draw(st.booleans())
    message = None if silently else draw(st.none() | strs())
    agent = draw(st.none() | ints | strs())
    return ast.EscalateStep(skill, agent, message, silently, draw(st.booleans()), draw(labels), AT)


@st.composite
def priority_steps(draw: st.DrawFn) -> ast.PriorityStep:
    level = draw(st.sampled_from(["urgent", "normal", "prioritized", "custom"]))
    custom = draw(durations()) if level == "custom" else None
    return ast.PriorityStep(level, custom, draw(labels), AT)


@st.composite
def card_steps(draw: st.DrawFn) -> ast.CardStep:
    if draw(st.booleans()):
        return ast.CardStep(draw(jsons()), None, draw(message_options), draw(labels), AT)
    return ast.CardStep(None, draw(strs()), draw(message_options), draw(labels), AT)


def steps() -> st.SearchStrategy[ast.Step]:
    ask_branches = st.one_of(
        when_branches(), st.builds(ast.OtherwiseBranch, targets(), st.just(AT))
    )
    call_branches = st.one_of(
        when_branches(),
        st.builds(
            ast.OutcomeBranch, st.sampled_from(["success", "failure"]), targets(), st.just(AT)
        ),
    )
    return st.one_of(
        st.builds(ast.SayStep, strs(), st.booleans(), message_options, labels, st.just(AT)),
        card_steps(),
        st.builds(ast.PauseStep, durations(), st.booleans(), labels, st.just(AT)),
        st.builds(
            ast.AskStep, name_nodes(), strs(), _few(strs()), _few(ask_branches), labels, st.just(AT)
        ),
        st.builds(ast.CallStep, name_nodes(), _few(call_branches), labels, st.just(AT)),
        st.builds(
            ast.UploadStep,
            strs(),
            _few(name_nodes()),
            st.none() | strs(),
            st.none() | strs(),
            st.none() | strs(),
            st.none() | strs(),
            labels,
            st.just(AT),
        ),
        escalate_steps(),
        st.builds(
            ast.InvokeStep, name_nodes(), st.none() | jsons(), st.booleans(), labels, st.just(AT)
        ),
        st.builds(ast.SignalStep, jsons(), labels, st.just(AT)),
        st.builds(ast.SecureFormStep, ints, strs(), labels, st.just(AT)),
        st.builds(ast.CloseStep, st.booleans(), labels, st.just(AT)),
        priority_steps(),
        st.builds(ast.SetStep, name_nodes(), st.booleans(), exprs(), labels, st.just(AT)),
        st.builds(
            ast.GotoStep,
            st.one_of(
                st.builds(ast.LabelTarget, name_nodes(), st.just(AT)),
                st.builds(ast.DialogTarget, name_nodes(), st.just(AT)),
            ),
            labels,
            st.just(AT),
        ),
        st.builds(ast.EndStep, labels, st.just(AT)),
    )


def triggers() -> st.SearchStrategy[ast.Trigger]:
    return st.one_of(
        st.builds(ast.UserSays, _few(strs(), least=1), _few(strs()), st.just(AT)),
        st.builds(
            ast.OnEvent,
            st.sampled_from(["start", "fallback", "rich content", "signal"]),
            st.just(AT),
        ),
    )


intents = st.builds(
    ast.Intent,
    strs(st.from_regex(r"[a-z0-9][a-z0-9._-]{0,12}", fullmatch=True)),
    strs(),
    st.none() | st.floats(min_value=0.0, max_value=1.0),
    st.just(AT),
)


@st.composite
def test_lines(draw: st.DrawFn) -> ast.TestLine:
    kind = draw(st.sampled_from(get_args(ast.ExpectKind)))
    arguments: dict[str, st.SearchStrategy[str | None]] = {
        "transfer": st.none() | ints.map(str),
        "pause": st.none() | durations().map(lambda duration: duration.text),
        "invoke": st.none() | names,
        "secure form": st.none() | ints.map(str),
        "priority": st.none() | st.sampled_from(["urgent", "normal", "prioritized", "custom"]),
    }
    expect = ast.ExpectLine(kind, draw(arguments.get(kind, st.none())), AT)  # type: ignore[arg-type]
    return draw(
        st.one_of(
            st.just(expect),
            st.builds(ast.StartLine, st.none() | strs(), st.just(AT)),
            st.builds(ast.UserLine, strs(), st.just(AT)),
            st.builds(ast.UploadLine, strs(), st.none() | sizes(), st.just(AT)),
            st.builds(
                ast.ReturnsLine, name_nodes(), st.none() | ints, st.none() | jsons(), st.just(AT)
            ),
            st.builds(ast.FailsLine, name_nodes(), st.just(AT)),
            st.builds(ast.RichContentLine, jsons(), st.just(AT)),
            st.builds(ast.SignalLine, strs(), st.just(AT)),
            st.builds(ast.BotLine, strs(), st.booleans(), st.just(AT)),
        )
    )


def declarations() -> st.SearchStrategy[ast.Declaration]:
    return st.one_of(
        st.builds(
            ast.BotSettings,
            strs(),
            st.none() | strs(),
            st.none() | st.integers(min_value=1, max_value=99),
            st.just(AT),
        ),
        st.builds(
            ast.Integration,
            name_nodes(),
            st.sampled_from(["api", "file"]),
            st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]),
            strs(),
            _few(st.builds(ast.Header, strs(), strs(), st.just(AT))),
            st.none() | jsons(),
            st.none() | durations(),
            _few(st.builds(ast.Store, name_nodes(), exprs(), st.just(AT))),
            st.just(AT),
            st.none() | st.just(AT),
        ),
        st.builds(ast.Function, name_nodes(), strs(), st.just(AT)),
        st.builds(
            ast.Dialog,
            name_nodes(),
            _few(triggers()),
            st.none() | intents,
            st.lists(steps(), max_size=4).map(tuple),
            st.just(AT),
        ),
        st.builds(ast.TestCase, strs(), _few(test_lines()), st.just(AT)),
    )


def modules() -> st.SearchStrategy[ast.Module]:
    """A whole module of 0-4 random declarations, named `generated.bot`."""
    return st.builds(
        ast.Module, st.just("generated.bot"), st.lists(declarations(), max_size=4).map(tuple)
    )
