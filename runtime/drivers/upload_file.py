"""The file an `upload` effect sends: its name, content type and bytes.

The `file` of an upload effect is the consumer's hosted-file data (WIRE.md 1): the bytes
come from its base64 `content`, else from its `url` (fetched by the caller's `fetch`),
else the upload cannot happen and that is said plainly.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath
from typing import Any, Final

import attrs

# LivePerson's `fileType` values and the types a bot author may `accept`.
_CONTENT_TYPES: Final = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "txt": "text/plain",
    "csv": "text/csv",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_DEFAULT_CONTENT_TYPE: Final = "application/octet-stream"


@attrs.frozen
class FileToUpload:
    """The multipart `file` field: file name, content type, bytes."""

    filename: str
    content_type: str
    content: bytes


class FileUnavailableError(Exception):
    """The file's bytes cannot be had (no content and no url, bad base64, failed fetch)."""


def file_to_upload(file: Mapping[str, Any], fetch: Callable[[str], bytes]) -> FileToUpload:
    """The name, content type and bytes of the hosted file `file`; `fetch(url)` gets the
    bytes when the event carried a url instead of content. Raises FileUnavailableError."""
    path = file.get("relativePath")
    filename = PurePosixPath(path).name if isinstance(path, str) and path else "upload"
    return FileToUpload(
        filename=filename,
        content_type=content_type(file.get("fileType"), filename),
        content=_file_bytes(file, fetch),
    )


def content_type(file_type: object, filename: str) -> str:
    """The MIME type for a LivePerson `fileType` (e.g. "PDF"), else for the file name."""
    if isinstance(file_type, str) and file_type.strip():
        known = _CONTENT_TYPES.get(file_type.strip().lower())
        if known:
            return known
    extension = PurePosixPath(filename).suffix.lstrip(".").lower()
    if extension in _CONTENT_TYPES:
        return _CONTENT_TYPES[extension]
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or _DEFAULT_CONTENT_TYPE


def _file_bytes(file: Mapping[str, Any], fetch: Callable[[str], bytes]) -> bytes:
    content = file.get("content")
    if isinstance(content, str):
        try:
            return base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise FileUnavailableError("the file's content is not valid base64") from None
    url = file.get("url")
    if isinstance(url, str) and url:
        return fetch(url)
    raise FileUnavailableError(
        "the hosted-file event has neither `content` nor `url`: there are no bytes to upload"
    )
