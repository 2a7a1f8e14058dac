"""File uploads (LANGUAGE.md 5.4): validation, the upload effect, outcomes and routing."""

from __future__ import annotations

from core_chat import Chat, texts

from botc.runtime.defaults import (
    UPLOAD_FAILURE_TEXT,
    UPLOAD_MAX_BYTES,
    UPLOAD_PROGRESS_TEXT,
    UPLOAD_SUCCESS_TEXT,
)

UPLOAD_BOT = """
    integration Documents
        file POST "http://docs.test/upload"
        header "X-Key" "{{ secret.DOCS_KEY }}"
        timeout 30s

    dialog id_card
        user says "upload"
        upload "Please upload your ID card (PDF, JPEG or PNG)."
            accept pdf, jpeg, png
        call Documents
        say "Thanks, we are checking it."

    dialog uploaded
        user says "file_upload_success:*"
        say "All good."

    dialog hours
        user says "hours"
        say "We open at 9."
"""


def _waiting(compile_bot, bot: str = UPLOAD_BOT) -> Chat:
    chat = Chat(compile_bot(bot))
    assert texts(chat.user("upload")) == ["Please upload your ID card (PDF, JPEG or PNG)."]
    return chat


def test_upload_sends_its_message_and_waits_for_a_file(compile_bot) -> None:
    chat = _waiting(compile_bot)
    assert chat.state.wait is not None and chat.state.wait.kind == "upload"


def test_valid_file_gets_progress_then_the_dialog_goes_on(compile_bot) -> None:
    chat = _waiting(compile_bot)
    output = chat.file("id.PDF", size=1234)
    assert texts(output) == [UPLOAD_PROGRESS_TEXT, "Thanks, we are checking it."]


def test_valid_file_starts_an_upload_effect(compile_bot) -> None:
    chat = _waiting(compile_bot)
    output = chat.file("scan.png", size=99)
    assert output.effects == (
        {
            "effect": "upload",
            "id": "e1",
            "integration": "Documents",
            "method": "POST",
            "url": "http://docs.test/upload",
            "headers": {"X-Key": "{{ secret.DOCS_KEY }}"},
            "file": {"relativePath": "scan.png", "size": 99},
            "timeout_ms": 30000,
            "follow_redirects": False,
            "secrets": [{"at": ["headers", "X-Key"], "parts": [{"secret": "DOCS_KEY"}]}],
        },
    )
    assert chat.state.wait is None


def test_file_type_comes_from_file_type_before_the_extension(compile_bot) -> None:
    chat = _waiting(compile_bot)
    assert texts(chat.file("scan.exe", file_type="PDF"))[0] == UPLOAD_PROGRESS_TEXT


def test_jpeg_and_jpg_are_one_type(compile_bot) -> None:
    chat = _waiting(compile_bot)
    assert texts(chat.file("photo.JPG"))[0] == UPLOAD_PROGRESS_TEXT


def test_file_of_another_type_gets_the_invalid_text_and_the_step_keeps_waiting(
    compile_bot,
) -> None:
    chat = _waiting(compile_bot)
    output = chat.file("virus.exe")
    assert texts(output) == ["The file type is invalid. Upload one of these types: pdf, jpeg, png."]
    assert chat.state.wait is not None and chat.state.wait.kind == "upload"
    assert texts(chat.file("ok.pdf"))[0] == UPLOAD_PROGRESS_TEXT


def test_file_over_five_megabytes_is_invalid(compile_bot) -> None:
    chat = _waiting(compile_bot)
    output = chat.file("big.pdf", size=UPLOAD_MAX_BYTES + 1)
    assert texts(output)[0].startswith("The file type is invalid.")


def test_file_of_exactly_five_megabytes_is_accepted(compile_bot) -> None:
    chat = _waiting(compile_bot)
    assert texts(chat.file("big.pdf", size=UPLOAD_MAX_BYTES))[0] == UPLOAD_PROGRESS_TEXT


def test_upload_success_sends_the_success_text_then_routes_the_outcome(compile_bot) -> None:
    chat = _waiting(compile_bot)
    effect = chat.file("id.pdf").effects[0]
    output = chat.result(effect["id"], status=201)
    assert texts(output) == [UPLOAD_SUCCESS_TEXT, "All good."]
    assert chat.state.pending_uploads == ()


def test_upload_failure_sends_the_failure_text_and_nothing_catches_it(compile_bot) -> None:
    chat = _waiting(compile_bot)
    effect = chat.file("id.pdf").effects[0]
    assert texts(chat.result(effect["id"], error="connection refused")) == [UPLOAD_FAILURE_TEXT]


def test_upload_settings_replace_the_default_texts(compile_bot) -> None:
    bot = UPLOAD_BOT.replace(
        "accept pdf, jpeg, png",
        'accept pdf\n            success "Got it."\n            progress "Working..."',
    )
    chat = _waiting(compile_bot, bot)
    effect = chat.file("id.pdf").effects[0]
    assert chat.outputs[-1].items[0]["data"]["message"] == "Working..."
    assert texts(chat.result(effect["id"], status=200)) == ["Got it.", "All good."]


def test_consumer_text_instead_of_a_file_is_routed(compile_bot) -> None:
    chat = _waiting(compile_bot)
    assert texts(chat.user("hours")) == ["We open at 9."]


def test_upload_outcome_suspends_a_waiting_ask_which_waits_again_silently(compile_bot) -> None:
    bot = UPLOAD_BOT.replace(
        'say "Thanks, we are checking it."',
        'ask name "Your name?"\n            otherwise -> next\n        say "Hi {{ name }}."',
    )
    chat = _waiting(compile_bot, bot)
    effect = chat.file("id.pdf").effects[0]
    assert texts(chat.outputs[-1]) == [UPLOAD_PROGRESS_TEXT, "Your name?"]
    assert texts(chat.result(effect["id"], status=200)) == [UPLOAD_SUCCESS_TEXT, "All good."]
    assert texts(chat.user("Ann")) == ["Hi Ann."]


def test_file_arriving_when_no_upload_waits_is_ignored_with_a_fault(compile_bot) -> None:
    chat = Chat(compile_bot(UPLOAD_BOT))
    output = chat.file("id.pdf")
    assert output.items == () and output.effects == ()
    assert "no upload step waits" in output.faults[0].message


def test_file_content_stays_out_of_the_state(compile_bot) -> None:
    chat = _waiting(compile_bot)
    output = chat.send(
        {"type": "hosted-file", "data": {"relativePath": "a.pdf", "content": "QUJD"}}
    )
    assert output.effects[0]["file"]["content"] == "QUJD"
    assert "QUJD" not in str(chat.state.to_json())


def test_several_uploads_in_one_dialog_each_get_their_own_effect(compile_bot) -> None:
    bot = UPLOAD_BOT.replace(
        'say "Thanks, we are checking it."',
        'upload "And the back side?"\n            accept pdf\n        call Documents',
    )
    chat = _waiting(compile_bot, bot)
    first = chat.file("front.pdf").effects[0]["id"]
    second = chat.file("back.pdf").effects[0]["id"]
    assert (first, second) == ("e1", "e2")
    assert [u.effect for u in chat.state.pending_uploads] == ["e1", "e2"]


def test_mime_file_type_counts_by_its_subtype(compile_bot) -> None:
    chat = _waiting(compile_bot)
    assert texts(chat.file("upload", file_type="image/jpeg"))[0] == UPLOAD_PROGRESS_TEXT


def test_dialog_started_by_an_upload_outcome_sees_it_as_the_event_message(compile_bot) -> None:
    bot = UPLOAD_BOT.replace('say "All good."', 'say "Seen: {{ event.message }}"')
    chat = _waiting(compile_bot, bot)
    effect = chat.file("id.pdf").effects[0]
    output = chat.result(effect["id"], status=200)
    assert texts(output) == [
        UPLOAD_SUCCESS_TEXT,
        f"Seen: file_upload_success:{UPLOAD_SUCCESS_TEXT}",
    ]
