"""Every check, in one list, and how they are run together."""

from __future__ import annotations

from botc.compiler.checks.actions import check_one_action_per_response
from botc.compiler.checks.answer_comparisons import check_answer_comparisons
from botc.compiler.checks.call_branch_order import check_call_branch_order
from botc.compiler.checks.captures import check_capture_indexes
from botc.compiler.checks.cards import check_cards
from botc.compiler.checks.context import Check, CheckContext
from botc.compiler.checks.dead_branches import check_dead_branches
from botc.compiler.checks.dead_end_questions import check_dead_end_questions
from botc.compiler.checks.duplicates import check_duplicate_names
from botc.compiler.checks.empty_tests import check_empty_tests
from botc.compiler.checks.escalations import check_escalations
from botc.compiler.checks.event_triggers import check_event_triggers
from botc.compiler.checks.literals import check_literals
from botc.compiler.checks.loops import check_waitless_loops
from botc.compiler.checks.outcome_fields import check_outcome_field_names
from botc.compiler.checks.pattern_syntax import check_pattern_syntax
from botc.compiler.checks.python_calls import check_python_calls
from botc.compiler.checks.quick_replies import check_quick_replies
from botc.compiler.checks.reachability import check_unentered_dialogs, check_unreachable_steps
from botc.compiler.checks.references import check_references
from botc.compiler.checks.restarted_dialogs import check_restarted_dialogs
from botc.compiler.checks.secret_slots import check_secret_slots
from botc.compiler.checks.secrets import check_secret_use
from botc.compiler.checks.shadowed_patterns import check_shadowed_patterns
from botc.compiler.checks.silent_bots import check_silent_bots
from botc.compiler.checks.silent_turns import check_silent_turns
from botc.compiler.checks.target_support import check_target_support
from botc.compiler.checks.template_names import check_template_names
from botc.compiler.checks.template_syntax import check_template_syntax
from botc.compiler.checks.unset_fields import check_unset_integration_fields
from botc.compiler.checks.unset_names import check_unset_names
from botc.compiler.checks.upload_outcomes import check_upload_outcomes
from botc.compiler.checks.uploads import check_upload_pairs
from botc.dsl.ast import Span
from botc.dsl.diagnostics import Diagnostic

# The flow analyses (issue 10): what `benchmarks/check_flow.py` times on its own.
FLOW_ANALYSES: tuple[Check, ...] = (
    check_shadowed_patterns,
    check_dead_branches,
    check_answer_comparisons,
    check_capture_indexes,
    check_escalations,
    check_dead_end_questions,
    check_silent_turns,
    check_quick_replies,
    check_upload_outcomes,
    check_unset_integration_fields,
    check_restarted_dialogs,
)

CHECKS: tuple[Check, ...] = (
    check_duplicate_names,
    check_references,
    check_upload_pairs,
    check_one_action_per_response,
    check_waitless_loops,
    check_literals,
    check_event_triggers,
    check_template_syntax,
    check_python_calls,
    check_template_names,
    check_secret_use,
    check_secret_slots,
    check_outcome_field_names,
    check_cards,
    check_pattern_syntax,
    check_target_support,
    check_unreachable_steps,
    check_unentered_dialogs,
    check_silent_bots,
    check_call_branch_order,
    check_empty_tests,
    check_unset_names,
    *FLOW_ANALYSES,
)


def run_checks(context: CheckContext, checks: tuple[Check, ...] = CHECKS) -> list[Diagnostic]:
    """Every diagnostic of every check; a check that crashes becomes an internal error
    diagnostic naming the file, so one bug never hides the other findings."""
    found: list[Diagnostic] = []
    for check in checks:
        try:
            found.extend(check(context))
        except Exception as crash:  # one broken check must not hide the others' findings
            found.append(
                Diagnostic(
                    "error",
                    f"internal error in the compiler ({check.__name__}): "
                    f"{type(crash).__name__}: {crash}",
                    Span(1, 1, 1, 1),
                    context.module.filename,
                    "this is a bug in botc; please report it with the file",
                    "BOT001",
                )
            )
    return found
