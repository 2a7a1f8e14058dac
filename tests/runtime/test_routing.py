"""Routing (LANGUAGE.md 4.3): asks first, patterns, context switching, fallback, START."""

from __future__ import annotations

from core_chat import Chat, texts

from botc.runtime.defaults import NOT_UNDERSTOOD_TEXT, SUSPENSION_DEPTH

ORDER_BOT = """
    dialog order
        user says "order", "i want to order *"
        ask size "Which size?"
            when answer is matching("small|large") -> done
        say "Size stored without a branch."
        done: say "Order placed: {{ size }}."

    dialog hours
        user says "hours"
        say "We open at 9."

    dialog fallback
        on fallback
        say "Try 'order'."
"""


def test_text_matching_a_pattern_starts_its_dialog(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT))
    assert texts(chat.user("Hours!")) == ["We open at 9."]


def test_wildcard_texts_are_available_as_star(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            dialog order
                user says "i want to order *"
                say "One {{ star[0] }} coming."
            """
        )
    )
    assert texts(chat.user("I want to order a pizza")) == ["One a pizza coming."]


def test_text_matching_nothing_starts_the_fallback_dialog(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT))
    assert texts(chat.user("what?")) == ["Try 'order'."]


def test_without_fallback_dialog_the_bot_does_not_understand(compile_bot) -> None:
    chat = Chat(compile_bot('dialog hours\n    user says "hours"\n    say "At 9."\n'))
    assert texts(chat.user("what?")) == [NOT_UNDERSTOOD_TEXT]


def test_waiting_ask_sees_the_text_before_the_patterns(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            dialog order
                user says "order"
                ask size "Which size?"
                    when answer is matching("hours|small") -> done
                done: say "Size {{ size }}."

            dialog hours
                user says "hours"
                say "We open at 9."
            """
        )
    )
    chat.user("order")
    assert texts(chat.user("hours")) == ["Size hours."]


def test_ask_that_lets_the_text_go_is_asked_again_when_the_new_dialog_ends(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT))
    chat.user("order")
    assert texts(chat.user("hours")) == ["We open at 9.", "Which size?"]


def test_resumed_ask_takes_the_next_answer(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT))
    chat.user("order")
    chat.user("hours")
    assert texts(chat.user("large")) == ["Order placed: large."]


def test_ask_with_otherwise_keeps_every_answer(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            dialog order
                user says "order"
                ask size "Which size?"
                    when answer is matching("small|large") -> done
                    otherwise -> done
                done: say "Size {{ size }}."

            dialog hours
                user says "hours"
                say "We open at 9."
            """
        )
    )
    chat.user("order")
    assert texts(chat.user("hours")) == ["Size hours."]


def test_ask_keeps_an_answer_that_matches_no_branch_and_no_pattern(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT))
    chat.user("order")
    assert texts(chat.user("medium")) == ["Size stored without a branch.", "Order placed: medium."]


def test_first_holding_when_branch_is_taken(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            dialog pick
                user says "pick"
                ask n "A number?"
                    when answer is number -> numeric
                    when answer is matching("[0-9]+") -> digits
                say "Not a number."
                end
                numeric: say "Numeric {{ n }}."
                end
                digits: say "Digits."
            """
        )
    )
    chat.user("pick")
    assert texts(chat.user("42")) == ["Numeric 42."]


def test_ask_does_not_let_a_text_go_to_its_own_dialog(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT))
    chat.user("order")
    assert texts(chat.user("order")) == ["Size stored without a branch.", "Order placed: order."]


def test_suspensions_nest_at_most_eight_deep(compile_bot) -> None:
    dialogs = "\n".join(
        f'dialog d{i}\n    user says "go {i}"\n    ask a{i} "Q{i}?"\n'
        f'        when answer is matching("x") -> next\n'
        for i in range(SUSPENSION_DEPTH + 2)
    )
    chat = Chat(compile_bot(dialogs))
    for i in range(SUSPENSION_DEPTH + 2):
        chat.user(f"go {i}")
    assert len(chat.state.suspended) == SUSPENSION_DEPTH
    # the asks of d0..d8 were suspended in turn; d0's, the oldest, was dropped
    assert chat.state.suspended[0].step == chat.table.dialogs[1]["entry"]


def test_upload_outcome_that_matches_nothing_changes_nothing(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT))
    chat.user("order")
    before = chat.state
    output = chat.user("file_upload_success:Successfully processed the file.")
    assert output.items == ()
    assert chat.state == before


def test_upload_outcome_suspends_the_waiting_ask_silently(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            ORDER_BOT
            + """
    dialog uploaded
        user says "file_upload_success:*"
        say "Got your file ({{ star[0] }})."
"""
        )
    )
    chat.user("order")
    output = chat.user("file_upload_success:Done.")
    # the capture keeps the consumer's case, without the "." normalization drops
    assert texts(output) == ["Got your file (Done)."]
    assert texts(chat.user("small")) == ["Order placed: small."]


def test_platform_text_does_not_go_to_the_waiting_ask(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            dialog order
                user says "order"
                ask size "Which size?"
                    otherwise -> done
                done: say "Size {{ size }}."

            dialog failed
                user says "__agent_escalation_failed__"
                say "Transfer failed."
            """
        )
    )
    chat.user("order")
    assert texts(chat.user("__agent_escalation_failed__")) == ["Transfer failed."]


def test_exclude_words_keep_a_pattern_from_matching(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            dialog order
                user says "* order *" except "cancel"
                say "Ordering."

            dialog fallback
                on fallback
                say "Fallback."
            """
        )
    )
    assert texts(chat.user("cancel my order now")) == ["Fallback."]


def test_start_runs_the_welcome_dialog(compile_bot) -> None:
    chat = Chat(compile_bot('dialog hi\n    on start\n    say "Welcome!"\n'))
    assert texts(chat.start()) == ["Welcome!"]


def test_start_with_a_matching_last_message_runs_that_dialog(compile_bot) -> None:
    chat = Chat(
        compile_bot(ORDER_BOT + '\n    dialog hi\n        on start\n        say "Welcome!"\n')
    )
    assert texts(chat.start("hours")) == ["We open at 9."]
    assert chat.state.user_message == "hours"


def test_start_with_an_unmatched_last_message_runs_the_welcome_dialog(compile_bot) -> None:
    chat = Chat(
        compile_bot(ORDER_BOT + '\n    dialog hi\n        on start\n        say "Welcome!"\n')
    )
    assert texts(chat.start("blah")) == ["Welcome!"]


def test_start_without_welcome_dialog_sends_nothing(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT))
    assert chat.start().items == ()


def test_rich_content_runs_its_dialog_with_event_content(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            dialog where
                on rich content
                say "You are at {{ event.content.elements[0].la }}."
            """
        )
    )
    content = {"type": "vertical", "elements": [{"type": "map", "la": 1.5, "lo": 2.5}]}
    output = chat.send({"type": "RICH_CONTENT", "data": {"content": content}})
    assert texts(output) == ["You are at 1.5."]


def test_signal_runs_its_dialog_with_the_payload(compile_bot) -> None:
    chat = Chat(compile_bot('dialog s\n    on signal\n    say "Signal {{ event.content }}."\n'))
    output = chat.send({"type": "SIGNAL", "data": {"content": "away"}})
    assert texts(output) == ["Signal away."]


def test_signal_leaves_a_waiting_ask_waiting_without_repeating_it(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT + '\n    dialog s\n        on signal\n        say "Sig."\n'))
    chat.user("order")
    assert texts(chat.send({"type": "SIGNAL", "data": {"content": "x"}})) == ["Sig."]
    assert texts(chat.user("small")) == ["Order placed: small."]


def test_rich_content_without_its_dialog_does_nothing(compile_bot) -> None:
    chat = Chat(compile_bot(ORDER_BOT))
    chat.user("order")
    before = chat.state
    output = chat.send({"type": "RICH_CONTENT", "data": {"content": {"type": "text"}}})
    assert output.items == ()
    assert chat.state == before


def test_form_submission_is_a_platform_text_routed_to_its_dialog(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            dialog card
                user says "card"
                secure form 4510014332 "Your card"
                ask note "Anything else?"
                    otherwise -> next

            dialog submitted
                user says "FORM-SUBMISSION-INTENT"
                say "Thanks for the form."
            """
        )
    )
    chat.user("card")
    assert texts(chat.user("FORM-SUBMISSION-INTENT")) == ["Thanks for the form."]
    assert chat.state.user_message == "card"
