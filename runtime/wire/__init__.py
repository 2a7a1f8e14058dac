"""runtime/wire: the JSON that goes in and out (WIRE.md).

- `shapes`   a small vocabulary of JSON shapes and the checker that reports problems
- `pollock`  json-pollock structured content and quick replies, as data (the compiler uses it)
- `validate` the project's own checks of Custom Endpoint and Functions replies
- `events`   incoming events
"""
