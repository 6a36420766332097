"""What an exception says, made safe to send: its type, message and traceback as
text that is bounded (a head and a tail) and never raises, whatever the exception
does (a ``__str__`` that raises, a multi-megabyte message, a custom BaseException)."""
import traceback

LIMIT = 32 * 1024  # characters kept of a message or traceback: half from the start, half from the end


def bounded(text, limit=LIMIT):
    """``text`` if it fits, else its head, a marker saying how much was dropped, and its tail."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n[… {len(text) - 2 * half} characters not kept …]\n{text[-half:]}"


def _describe(fn, exc, what):
    try:
        return str(fn(exc))
    except BaseException as inner:  # noqa: BLE001 - a broken __str__ may raise anything
        try:
            return f"<{what} of {type(exc).__qualname__} raised {type(inner).__qualname__}>"
        except BaseException:  # noqa: BLE001
            return f"<{what} raised>"


def type_name(exc):
    cls = type(exc)
    module = getattr(cls, "__module__", None)
    name = getattr(cls, "__qualname__", None) or getattr(cls, "__name__", "?")
    return name if module in (None, "builtins", "__main__") else f"{module}.{name}"


def message(exc):
    text = _describe(str, exc, "str()")
    if text.startswith("<str() of"):
        text = f"{text} {_describe(repr, exc, 'repr()')}"
    return bounded(text)


def formatted_traceback(exc):
    try:
        return bounded("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    except BaseException as inner:  # noqa: BLE001
        return f"<the traceback could not be formatted: {type(inner).__qualname__}>"


def error_info(exc):
    return {"type": type_name(exc), "message": message(exc), "traceback": formatted_traceback(exc)}
