"""Conversation stores: where the service keeps each conversation between events."""

from runtime.stores.base import ConversationStore, StoreError
from runtime.stores.opening import DEFAULT_STORE_URL, open_store
from runtime.stores.record import ConversationRecord

__all__ = [
    "DEFAULT_STORE_URL",
    "ConversationRecord",
    "ConversationStore",
    "StoreError",
    "open_store",
]
