"""Integration calls (LANGUAGE.md 3.2, 5.3): the http effect, the result, the branches."""

from __future__ import annotations

from core_chat import Chat, texts

from botc.runtime.defaults import INTEGRATION_FAILURE_TEXT

BALANCE = """
    integration Balance
        api POST "http://bank.test/accounts/{{ account }}?key={{ secret.BANK_KEY }}"
        header "Authorization" "Bearer {{ secret.ACME_TOKEN }}"
        body {"account": "{{ account }}", "n": 3}
        timeout 5s
        store balance = response.body.data.balance

    dialog balance
        user says "balance"
        set account = "123456"
        call Balance
            on success -> show
            on failure -> sorry
        show: say "Balance {{ Balance.balance }} ({{ Balance.status }})."
        end
        sorry: say "Bank down ({{ Balance.ok }})."
"""


def test_call_emits_a_rendered_http_effect_and_waits(compile_bot) -> None:
    chat = Chat(compile_bot(BALANCE))
    output = chat.user("balance")
    assert output.items == ()
    assert output.effects == (
        {
            "effect": "http",
            "id": "e1",
            "integration": "Balance",
            "method": "POST",
            "url": "http://bank.test/accounts/123456?key={{ secret.BANK_KEY }}",
            "headers": {"Authorization": "Bearer {{ secret.ACME_TOKEN }}"},
            "body": {"account": "123456", "n": 3},
            "timeout_ms": 5000,
            "follow_redirects": False,
            "secrets": [
                {
                    "at": ["url"],
                    "parts": ["http://bank.test/accounts/123456?key=", {"secret": "BANK_KEY"}],
                },
                {
                    "at": ["headers", "Authorization"],
                    "parts": ["Bearer ", {"secret": "ACME_TOKEN"}],
                },
            ],
        },
    )
    assert chat.state.wait is not None and chat.state.wait.kind == "call"


def test_effect_ids_count_up_over_the_conversation(compile_bot) -> None:
    chat = Chat(compile_bot(BALANCE))
    chat.user("balance")
    chat.result(status=500)
    assert chat.user("balance").effects[0]["id"] == "e2"


def test_success_stores_the_fields_and_takes_on_success(compile_bot) -> None:
    chat = Chat(compile_bot(BALANCE))
    chat.user("balance")
    output = chat.result(status=200, body={"data": {"balance": 12.5}})
    assert texts(output) == ["Balance 12.5 (200)."]
    assert chat.state.fields["Balance"] == {"balance": 12.5, "ok": True, "status": 200}


def test_non_2xx_status_is_a_failure(compile_bot) -> None:
    chat = Chat(compile_bot(BALANCE))
    chat.user("balance")
    assert texts(chat.result(status=404, body={"data": {"balance": 1}})) == ["Bank down (false)."]


def test_network_error_is_a_failure_with_null_status(compile_bot) -> None:
    chat = Chat(compile_bot(BALANCE))
    chat.user("balance")
    chat.result(error="timeout")
    assert chat.state.fields["Balance"] == {"ok": False, "status": None}


def test_store_that_raises_makes_a_2xx_call_fail(compile_bot) -> None:
    chat = Chat(compile_bot(BALANCE))
    chat.user("balance")
    output = chat.result(status=200, body="<html>not json</html>")
    assert texts(output) == ["Bank down (false)."]
    assert "store balance" in output.faults[0].message


def test_response_headers_are_seen_in_lowercase(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            integration Ping
                api GET "http://ping.test/"
                store kind = response.headers["content-type"]

            dialog ping
                user says "ping"
                call Ping
                say "{{ Ping.kind }}"
            """
        )
    )
    chat.user("ping")
    output = chat.result(status=200, headers={"Content-Type": "text/plain"}, body="pong")
    assert texts(output) == ["text/plain"]


def test_unhandled_failure_sends_the_integration_failure_text_and_ends(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            integration Ping
                api GET "http://ping.test/"

            dialog ping
                user says "ping"
                call Ping
                say "After."
            """
        )
    )
    chat.user("ping")
    assert texts(chat.result(status=503)) == [INTEGRATION_FAILURE_TEXT]
    assert chat.state.dialog is None


def test_success_with_no_branch_goes_to_the_next_step(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            integration Ping
                api GET "http://ping.test/"

            dialog ping
                user says "ping"
                call Ping
                say "After."
            """
        )
    )
    chat.user("ping")
    assert texts(chat.result(status=204)) == ["After."]


def test_when_branch_on_stored_values_is_taken_in_order(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            integration Stock
                api GET "http://stock.test/"
                store count = response.body.count

            dialog stock
                user says "stock"
                call Stock
                    when Stock.count == 0 -> none_left
                    on success -> some
                none_left: say "Sold out."
                end
                some: say "{{ Stock.count }} left."
            """
        )
    )
    chat.user("stock")
    assert texts(chat.result(status=200, body={"count": 0})) == ["Sold out."]


def test_items_before_and_after_a_call_form_one_turn_in_order(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            integration Ping
                api GET "http://ping.test/"

            dialog ping
                user says "ping"
                say "Checking."
                call Ping
                say "Done."
            """
        )
    )
    assert texts(chat.user("ping")) == ["Checking."]
    assert texts(chat.result(status=200)) == ["Done."]


def test_call_result_sees_the_event_of_its_turn(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            integration Ping
                api GET "http://ping.test/"

            dialog ping
                user says "ping *"
                call Ping
                say "{{ event.message }} / {{ star[0] }}"
            """
        )
    )
    chat.user("ping me")
    assert texts(chat.result(status=200)) == ["ping me / me"]
    assert chat.state.wait is None


def test_result_for_an_unknown_effect_is_ignored_with_a_fault(compile_bot) -> None:
    chat = Chat(compile_bot(BALANCE))
    chat.user("balance")
    before = chat.state
    output = chat.result("e99", status=200)
    assert output.items == ()
    assert chat.state == before
    assert "e99" in output.faults[0].message


def test_a_text_while_a_call_is_awaited_abandons_the_call(compile_bot) -> None:
    chat = Chat(compile_bot(BALANCE))
    chat.user("balance")
    chat.user("balance")
    assert chat.result("e1", status=200).faults


def test_request_template_failure_sends_the_error_text_and_uses_no_effect_id(compile_bot) -> None:
    chat = Chat(
        compile_bot(
            """
            integration Ping
                api GET "http://ping.test/{{ nobody }}"

            dialog ping
                user says "ping"
                call Ping
            """
        )
    )
    output = chat.user("ping")
    assert output.effects == ()
    assert texts(output) == ["Sorry, something went wrong. Please try again later."]
    assert chat.state.effect_counter == 0
