"""One canonical form of an article URL, shared by article ids, duplicate detection
and the store's ``canonical_url`` column (so all three agree on "the same page").

Two addresses of one page agree: scheme, ``www.``/``m.`` hosts, tracking parameters
(``utm_*``, ``fbclid`` …), fragments, ``/amp`` endings and trailing slashes do not
count. ``Article.url`` keeps what the source said.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the click, never select the article.
_TRACKING = re.compile(r"^(utm_\w*|fbclid|gclid|mc_cid|mc_eid|ref|ocid|cmpid|xtor|output|amp)$")


@lru_cache(maxsize=4096)  # the id, dedup and the store each ask for the same URL
def canonical_url(url: str | None) -> str | None:
    """``//host/path?query`` with the noise removed, or ``None`` for a non-URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https", "") or not parts.netloc:
        return None
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    path = re.sub(r"/amp/?$", "/", parts.path).rstrip("/") or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k.lower())))
    return urlunsplit(("", host, path, query, ""))
