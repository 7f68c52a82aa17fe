"""A polite HTTP fetcher (httpx): robots.txt, one request per host per interval,
conditional GET, and limits on size and time.

* robots.txt is fetched once per origin and honoured for our user agent (RFC 9309:
  a 4xx robots.txt allows everything; an unreachable one allows nothing for now,
  as a retryable failure).
* ``fetch.min_interval`` seconds (or the host's Crawl-delay, if longer) separate
  two requests to one host, robots.txt included; the wait is a sleep, so one slow host holds up an ingest — the price of
  a sequential fetcher, and the reason feeds are the unit of work.
* Conditional GET: the ETag and Last-Modified of every 200 are kept in a
  validator cache (in memory, or a JSON file that survives runs); the next fetch of
  that URL sends If-None-Match / If-Modified-Since and a 304 comes back as
  :attr:`Fetched.not_modified` with no body.
* The body is streamed and abandoned at ``fetch.max_bytes``; ``fetch.timeout`` is
  both httpx's per-operation timeout and a deadline for the whole download, so a
  server that drips bytes cannot hold a request open forever.

Failures raise :class:`FetchFailed` (permanent) or :class:`RetryableFetchFailed`
(timeouts, 429, 5xx, network errors) carrying the outcome the ingest summary
counts: ``failed:http-404``, ``failed:timeout``, ``discarded:robots``,
``discarded:too-large`` …
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from ..errors import FetchError, RetryableFetch

ROBOTS_AGENT = "marsad"
# A Crawl-delay above this is honoured only up to it: one host must not stall an
# ingest for hours; a host that wants fewer visits can disallow instead.
MAX_CRAWL_DELAY = 30.0


class FetchFailed(FetchError):
    """A fetch that will fail again if repeated as is."""

    def __init__(self, url: str, outcome: str, detail: str = "") -> None:
        super().__init__(f"{url}: {outcome}" + (f" ({detail})" if detail else ""))
        self.url = url
        self.outcome = outcome
        self.detail = detail


class RetryableFetchFailed(FetchFailed, RetryableFetch):
    """A transient failure: timeout, 429, 5xx, a dropped connection."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str  # media type only, lower-case: "text/html"
    charset: str | None
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None


Validators = MutableMapping[str, dict[str, str]]


class JsonValidators(dict[str, dict[str, str]]):
    """ETag/Last-Modified per URL, kept in a JSON file so a 304 works across runs.

    A damaged file is treated as empty: losing validators costs one full download
    per URL, never a wrong answer."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        super().__init__(loaded if isinstance(loaded, dict) else {})

    def __setitem__(self, url: str, value: dict[str, str]) -> None:
        super().__setitem__(url, value)
        self.save()

    def __delitem__(self, url: str) -> None:
        super().__delitem__(url)
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".validators-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self, fh, ensure_ascii=False)
        os.replace(tmp, self.path)


def _media_type(content_type: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for p in parts[1:]:
        if p.lower().startswith("charset="):
            charset = p.split("=", 1)[1].strip("\"' ") or None
    return parts[0].lower(), charset


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Fetcher:
    """Sequential, polite GETs. Not thread-safe: one fetcher per worker."""

    def __init__(
        self,
        *,
        user_agent: str,
        min_interval: float,
        timeout: float,
        max_bytes: int,
        validators: Validators | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval = min_interval
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.validators: Validators = validators if validators is not None else {}
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._unreachable: dict[str, RetryableFetchFailed] = {}
        self._client = httpx.Client(
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
        )

    @classmethod
    def from_config(cls, settings: dict[str, Any] | None = None, **overrides: Any) -> Fetcher:
        """Built from ``[fetch]`` in the settings; ``fetch.validators`` (optional) names
        a JSON file for the conditional-GET validators."""
        from .. import config

        fetch = dict((settings or config.load())["fetch"])
        if "validators" not in overrides and fetch.get("validators"):
            overrides["validators"] = JsonValidators(os.path.expanduser(str(fetch["validators"])))
        kwargs: dict[str, Any] = {
            "user_agent": str(fetch["user_agent"]),
            "min_interval": float(fetch["min_interval"]),
            "timeout": float(fetch["timeout"]),
            "max_bytes": int(fetch["max_bytes"]),
        }
        kwargs.update(overrides)
        return cls(**kwargs)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- politeness ---------------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        host = _host(url)
        last = self._last.get(host)
        if last is not None:
            wait = self._interval(host) - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _interval(self, origin: str) -> float:
        """``fetch.min_interval``, or the host's robots.txt Crawl-delay if longer."""
        rules = self._robots.get(origin)
        delay = rules.crawl_delay(ROBOTS_AGENT) if rules is not None else None
        return max(self.min_interval, min(float(delay or 0), MAX_CRAWL_DELAY))

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url`` (fetched once per origin)."""
        origin = _host(url)
        if origin in self._unreachable:
            # one failed robots.txt per host and run: the feed's other entries fail
            # at once instead of each waiting out the timeout
            first = self._unreachable[origin]
            raise RetryableFetchFailed(url, first.outcome, f"{first.detail} (robots.txt, earlier)".strip())
        if origin not in self._robots:
            try:
                self._robots[origin] = self._load_robots(origin)
            except RetryableFetchFailed as exc:
                self._unreachable[origin] = exc
                raise
        rules = self._robots[origin]
        return True if rules is None else rules.can_fetch(ROBOTS_AGENT, url)

    def _load_robots(self, origin: str) -> RobotFileParser | None:
        robots_url = origin + "/robots.txt"
        try:
            got = self._get(robots_url, {})
        except RetryableFetchFailed as exc:
            if not exc.outcome.startswith("failed:http-"):
                raise  # timeout, refused connection: the host itself is unreachable
            # 5xx/429: RFC 9309 2.3.1.4 says assume full disallow, until a retry
            raise RetryableFetchFailed(robots_url, "failed:robots-unavailable", exc.outcome) from exc
        except FetchFailed as exc:
            # 4xx (RFC 9309 2.3.1.3) and the like: no usable robots.txt, no restriction
            if exc.outcome.startswith("failed:http-4") or exc.outcome == "discarded:too-large":
                return None
            raise
        rules = RobotFileParser(robots_url)
        rules.parse(got.content.decode("utf-8", errors="replace").splitlines())
        return rules

    # -- fetching -----------------------------------------------------------------

    def fetch(self, url: str, *, conditional: bool = False) -> Fetched:
        """GET ``url`` politely. ``conditional``: send the stored validators, so an
        unchanged resource comes back as ``not_modified``."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchFailed(url, "failed:bad-url", "only http and https")
        if not self.allowed(url):
            raise FetchFailed(url, "discarded:robots", "disallowed by robots.txt")
        headers: dict[str, str] = {}
        if conditional and (saved := self.validators.get(url)):
            if "etag" in saved:
                headers["If-None-Match"] = saved["etag"]
            if "last_modified" in saved:
                headers["If-Modified-Since"] = saved["last_modified"]
        got = self._get(url, headers)
        if conditional and not got.not_modified:
            self._remember(url, got)
        return got

    def _remember(self, url: str, got: Fetched) -> None:
        saved = {k: v for k, v in (("etag", got.etag), ("last_modified", got.last_modified)) if v}
        if saved:
            self.validators[url] = saved
        elif url in self.validators:
            del self.validators[url]

    def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        self._wait_turn(url)
        start = self._clock()
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                if resp.status_code == 304:
                    return Fetched(str(resp.url), 304, b"", "", None, not_modified=True)
                self._check_status(url, resp.status_code)
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchFailed(
                        url, "discarded:too-large", f"Content-Length {declared} > {self.max_bytes}"
                    )
                content = self._read_body(url, resp, start)
                media, charset = _media_type(resp.headers.get("content-type", ""))
                return Fetched(
                    str(resp.url),
                    resp.status_code,
                    content,
                    media,
                    charset,
                    etag=resp.headers.get("etag"),
                    last_modified=resp.headers.get("last-modified"),
                )
        except httpx.TimeoutException as exc:
            raise RetryableFetchFailed(url, "failed:timeout", type(exc).__name__) from exc
        except httpx.TooManyRedirects as exc:
            raise FetchFailed(url, "failed:too-many-redirects", str(exc)) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchFailed(url, "failed:bad-url", str(exc)) from exc
        except httpx.TransportError as exc:
            raise RetryableFetchFailed(url, "failed:network", f"{type(exc).__name__}: {exc}") from exc

    @staticmethod
    def _check_status(url: str, status: int) -> None:
        if 200 <= status < 300:
            return
        outcome = f"failed:http-{status}"
        if status == 429 or status >= 500:
            raise RetryableFetchFailed(url, outcome)
        raise FetchFailed(url, outcome)

    def _read_body(self, url: str, resp: httpx.Response, start: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchFailed(url, "discarded:too-large", f"over {self.max_bytes} bytes")
            if self._clock() - start > self.timeout:
                raise RetryableFetchFailed(url, "failed:timeout", f"download over {self.timeout}s")
            chunks.append(chunk)
        return b"".join(chunks)
