"""marsad's exception tree.

    MarsadError                 every domain error; the CLI turns it into a message and exit 1
    ├── ConfigError             bad settings or options (permanent)
    ├── ResourceError           a model, gazetteer or data file failed to load (permanent;
    │                           raised at start-up — there is no silent fallback)
    ├── SourceError             an input could not be read at all (permanent for that input)
    │   ├── UnsupportedInput    no adapter recognises the path or URL
    │   └── FetchError          an HTTP fetch failed
    │       └── RetryableFetch  a transient failure (timeout, 429, 5xx): try again later
    └── StoreError              the store refused an operation

Per-record problems are *not* exceptions that escape a batch: adapters turn them
into :class:`marsad.outcomes.Rejected` items with a named reason.
"""


class MarsadError(Exception):
    """Base of every marsad error."""


class ConfigError(MarsadError):
    pass


class ResourceError(MarsadError):
    pass


class SourceError(MarsadError):
    pass


class UnsupportedInput(SourceError):
    pass


class FetchError(SourceError):
    retryable = False


class RetryableFetch(FetchError):
    retryable = True


class StoreError(MarsadError):
    pass
