"""Every default text and limit taken from the source documents, in one place.

Each constant quotes its seed once; the compiler copies the texts into the table
(`bot.texts`, upload settings) so a table is self-contained, and the runtime uses the
limits. Nothing here does any work.
"""

from typing import Final

# LANGUAGE.md 3.1 — the built-in texts used when the bot sets no `default response`.
ERROR_TEXT: Final = "Sorry, something went wrong. Please try again later."
INTEGRATION_FAILURE_TEXT: Final = "Sorry, I could not find anything for that."
# Seed 001, "Handle transfer failures".
ESCALATION_STOPPED_TEXT: Final = "Not able to transfer to Agent at this time. Please try later."
# LANGUAGE.md 4.3, step 3: no pattern matched and there is no fallback dialog.
NOT_UNDERSTOOD_TEXT: Final = "Not able to understand your question. Can you please re-phrase it?"

# Seed 001, Escalation Integration interactions: "The default value is, 'Escalating to agent...'"
ESCALATION_MESSAGE: Final = "Escalating to agent..."
# "If the __agent_escalation_failed__ message is sent 3 times ... and the 4th attempt also fails"
ESCALATION_ATTEMPTS: Final = 4
# With at most this many attempts, a failed transfer answered at once with another is one
# retry the author bounded ("trying once more"), not an escalation loop (BOT419, BOT505).
ONE_RETRY_ATTEMPTS: Final = 2
ESCALATION_FAILED_TEXT: Final = "__agent_escalation_failed__"

# Seed 001, File Upload interactions (settings and their defaults).
UPLOAD_SUCCESS_TEXT: Final = "Successfully processed the file."
UPLOAD_FAILURE_TEXT: Final = "Failed to process the file. Please try again."
UPLOAD_INVALID_TEXT: Final = "The file type is invalid. Upload one of these types: {types}."
UPLOAD_PROGRESS_TEXT: Final = "Processing the file..."
# "The uploaded file can't be over 5 MB."
UPLOAD_MAX_BYTES: Final = 5 * 1024 * 1024
UPLOAD_SUCCESS_PREFIX: Final = "file_upload_success:"
UPLOAD_FAILED_PREFIX: Final = "file_upload_failed:"
FORM_SUBMISSION_TEXT: Final = "FORM-SUBMISSION-INTENT"

# Seed 003, "Sending Encoded Metadata": "Metadata size is limited to 5k".
ENCODED_METADATA_MAX_CHARS: Final = 5120

# LANGUAGE.md 3.2: an integration's default timeout.
INTEGRATION_TIMEOUT_MS: Final = 10_000
# LANGUAGE.md 4.3: suspended dialogs nest at most this deep.
SUSPENSION_DEPTH: Final = 8
# WIRE.md / quick-replies schema: 1-24 replies, 1-8 per row.
QUICK_REPLIES_MIN: Final = 1
QUICK_REPLIES_MAX: Final = 24
# The most steps one turn may run before the runtime stops it as a fault (a goto cycle).
MAX_STEPS_PER_TURN: Final = 1000
# LANGUAGE.md 3.2: the fields a call's outcome writes beside the `store` fields (`NAME.ok`,
# `NAME.status`); a `store` of the same name would be overwritten (docs/SECURITY.md).
OUTCOME_FIELDS: Final = ("ok", "status")
# The most `step` calls one turn may make (its event, then one per effect result fed back);
# a turn past it is stopped: its effects keep coming (an upload whose outcome uploads again).
MAX_STEP_CALLS_PER_TURN: Final = 200
