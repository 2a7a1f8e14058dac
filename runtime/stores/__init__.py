"""Conversation stores: where the service keeps each conversation between events."""

from botc.runtime.stores.base import ConversationStore, StoreError, StoreLimits
from botc.runtime.stores.opening import DEFAULT_STORE_URL, open_store
from botc.runtime.stores.record import ConversationRecord, RecordTooLarge, StoredReply

__all__ = [
    "DEFAULT_STORE_URL",
    "ConversationRecord",
    "ConversationStore",
    "RecordTooLarge",
    "StoreError",
    "StoreLimits",
    "StoredReply",
    "open_store",
]
