"""Getting the program and the reasoning out of a model completion.

A completion is `<think>reasoning</think>` followed by the answer, which holds the program in a
```python fenced block. Rules (pure functions, no I/O):

* `completion_text`: a plain string, or chat messages (TRL's conversational format: a list of
  {"role", "content"} dicts, content a string or a list of {"type": "text", "text"} parts); the
  assistant messages' text joined by newlines (all messages when none has a role).
* the *answer* is the text after the last `</think>`; a completion with an unclosed `<think>` is all
  reasoning and has no answer; one without think tags is all answer.
* `extract_program`: the last fenced block of the answer whose language is python/py/python3 or
  empty and which defines `solve` (`def solve(` at the start of a line). An unclosed final fence
  counts up to the end of the text (a completion cut at the token limit). When the answer has no
  fence at all but starts a line with `def solve(` or an import, the answer up to any closing fence
  is the program (prompts that pre-fill the opening fence). Otherwise None.
  With `start_program` (the program an edit prompt shows), an ```edit block of line edits
  (`rewards.line_edits`) counts too: the last block that is either kind decides, and an edit block's
  program is the start program with its edits applied (None when the block is malformed).
* `extract_reasoning`: the text inside the first `<think>…</think>`, or before a lone `</think>`
  (chat templates that open the tag in the prompt); None without tags.
"""

from __future__ import annotations

import re
from typing import Any

from rewards.line_edits import EDIT_LANGUAGE, apply_line_edits, parse_line_edits

THINK_OPEN, THINK_CLOSE = "<think>", "</think>"
PYTHON_LANGUAGES = frozenset({"", "python", "py", "python3"})
# No `\s` that can cross lines under MULTILINE: a pattern like `^\s*def` re-scans every run of blank lines
# from each of its line starts (quadratic; 200 KB of blank lines took a minute). Everything here is linear.
_DEFINES_SOLVE = re.compile(r"^[ \t]*def[ \t]+solve[ \t]*\(", re.MULTILINE)
_FENCE = re.compile(r"^[ \t]*```[ \t]*([\w+-]*)[^\n]*$", re.MULTILINE)
_BARE_START = re.compile(r"^(?:from[ \t]+\w|import[ \t]+\w|def[ \t]+solve[ \t]*\()", re.MULTILINE)


def completion_text(completion: str | list[dict] | dict | Any) -> str:
    """The text of a completion in either of TRL's formats (plain or conversational)."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, dict):
        return _content_text(completion.get("content"))
    if isinstance(completion, (list, tuple)):
        messages = [message for message in completion if isinstance(message, dict)]
        assistant = [message for message in messages if message.get("role") == "assistant"]
        chosen = assistant or [message for message in messages if "role" not in message]
        return "\n".join(_content_text(message.get("content")) for message in chosen)
    raise TypeError(f"a completion is a string or a list of messages, not {type(completion).__name__}")


def _content_text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
    return str(content)


def answer_text(completion: str | list[dict]) -> str:
    """The part of the completion after the reasoning."""
    text = completion_text(completion)
    if THINK_CLOSE in text:
        return text.rsplit(THINK_CLOSE, 1)[1]
    if THINK_OPEN in text:
        return ""  # reasoning that never ended: no answer
    return text


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """(language, body) for each fenced block in order; an unclosed last block runs to the end."""
    blocks: list[tuple[str, str]] = []
    fences = list(_FENCE.finditer(text))
    index = 0
    while index < len(fences):
        opening = fences[index]
        closing = fences[index + 1] if index + 1 < len(fences) else None
        body_start = opening.end() + 1
        body = text[body_start:closing.start()] if closing else text[body_start:]
        blocks.append((opening.group(1).lower(), body))
        index += 2
    return blocks


def extract_program(completion: str | list[dict], start_program: str | None = None) -> str | None:
    """The program in the completion's answer (see the module docstring), or None."""
    answer = answer_text(completion)
    blocks = fenced_blocks(answer)
    for language, body in reversed(blocks):
        if language in PYTHON_LANGUAGES and _DEFINES_SOLVE.search(body):
            return body.strip("\n") + "\n"
        if language == EDIT_LANGUAGE and start_program is not None:
            edits = parse_line_edits(body)
            return apply_line_edits(start_program, edits) if edits is not None else None
    first_fence = _FENCE.search(answer)
    head = answer[:first_fence.start()] if first_fence else answer  # code before any fence: pre-filled opening
    start = _BARE_START.search(head)
    if start and _DEFINES_SOLVE.search(head, start.start()):
        return head[start.start():].strip("\n") + "\n"
    return None


def extract_reasoning(completion: str | list[dict]) -> str | None:
    """The reasoning inside <think>…</think> (stripped), or None when there is none."""
    text = completion_text(completion)
    start = text.find(THINK_OPEN)
    end = text.find(THINK_CLOSE, start + len(THINK_OPEN) if start >= 0 else 0)
    if start >= 0 and end >= 0:
        return text[start + len(THINK_OPEN):end].strip()
    if start < 0 and end >= 0:
        return text[:end].strip()
    if start >= 0:
        return text[start + len(THINK_OPEN):].strip()  # cut off while thinking: all of it is reasoning
    return None
