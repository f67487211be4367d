"""HTTP(S) GET for feeds given by URL and for `--fetch` of an item's page: bounded, no other schemes."""
from __future__ import annotations

import urllib.error
import urllib.request

from .. import __version__

MAX_BYTES = 20_000_000
TIMEOUT = 20.0


class FetchError(Exception):
    """A page or feed that could not be had; the message names the URL and the cause."""


def fetch_url(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> str:
    """The body of `url` as text (UTF-8 unless the response names another charset)."""
    return fetch_bytes(url, timeout=timeout, max_bytes=max_bytes)[0]


def fetch_bytes(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[str, bytes]:
    """(text, raw bytes) of `url`; raises FetchError saying what went wrong."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"cannot fetch {url!r}: only http:// and https:// links are followed")
    req = urllib.request.Request(url, headers={"User-Agent": f"dateline/{__version__}"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read(max_bytes + 1)
            charset = resp.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as exc:
        raise FetchError(f"cannot fetch {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(f"cannot fetch {url}: {getattr(exc, 'reason', None) or exc}") from None
    if len(raw) > max_bytes:
        raise FetchError(f"cannot fetch {url}: larger than {max_bytes:,} bytes")
    try:
        return raw.decode(charset, "replace"), raw
    except LookupError:
        return raw.decode("utf-8", "replace"), raw
