"""Framework configuration chosen for a whole worker (``--framework-config key=value``):
the values as typed, each checked against the setting it names, applied once at worker
start, and which of them differ from the framework's default (those are the target's
configuration, part of its identity). Per-case configuration (JAX's 64-bit scope) is
the adapters' ``case_scope``; this module does not see cases."""


class ConfigError(ValueError):
    """A ``--framework-config`` key this framework does not have, or a value it cannot take."""


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def as_bool(key, value):
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"--framework-config {key}={value}: expected true or false")


def coerce(key, value, like):
    """``value`` (a JSON value, or text from the command line) as the type of ``like``,
    the setting's current value."""
    if isinstance(like, bool):
        return as_bool(key, value)
    if isinstance(like, int) and not isinstance(value, bool):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"--framework-config {key}={value}: expected an integer") from None
    if isinstance(like, float):
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ConfigError(f"--framework-config {key}={value}: expected a number") from None
    return value if isinstance(value, (str, bool, int, float)) or value is None else str(value)


class Setting:
    """One setting a framework takes: how to read and write it, and the values it accepts."""

    def __init__(self, get, set, choices=None):
        self.get = get
        self.set = set
        self.choices = choices


def apply(framework, table, settings, defaults=None):
    """Apply ``settings`` ({key: value}) through ``table`` ({key: Setting}); return the
    applied values that differ from the default (the value before, unless ``defaults``
    names the framework's own default for that key)."""
    applied = {}
    for key, raw in (settings or {}).items():
        setting = table.get(key)
        if setting is None:
            import difflib

            close = difflib.get_close_matches(key, table, n=3, cutoff=0.5)
            known = f"did you mean {' or '.join(close)}? ({len(table)} settings in all)" if close else f"it takes: {', '.join(sorted(table)[:8])}{', …' if len(table) > 8 else ''}"
            raise ConfigError(f"{framework} has no setting {key!r} (--framework-config): {known}")
        before = setting.get()
        value = coerce(key, raw, before)
        if setting.choices and value not in setting.choices:
            raise ConfigError(f"--framework-config {key}={raw}: expected one of {', '.join(map(str, setting.choices))}")
        setting.set(value)
        default = (defaults or {}).get(key, before)
        if value != default:
            applied[key] = value
    return applied
