"""Error codes, spaCy style: each says what went wrong and how to fix it."""


class DatelineError(Exception):
    """A library error with a code; the CLI turns it into a one-line message."""

    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] {message}")
        self.code = code


E001 = "E001"  # input file not found
E002 = "E002"  # missing or impossible article date
E003 = "E003"  # input not UTF-8 / binary
E004 = "E004"  # JSON line invalid or missing fields
E005 = "E005"  # unknown stage in config
E006 = "E006"  # article text empty or too large
E007 = "E007"  # unreadable file (permissions, I/O)
E010 = "E010"  # a stage failed on one article
E011 = "E011"  # feed not well-formed, or not a feed
E012 = "E012"  # JSON neither a Telegram export nor article records
E013 = "E013"  # a URL (feed, or an item's page with --fetch) could not be fetched
E014 = "E014"  # a store locked by another writer past --wait, or a lake another run is writing
E015 = "E015"  # a running server refused a batch handed to it
E016 = "E016"  # a stage ran past its time budget on one article (config [limits] stage_seconds)
E017 = "E017"  # a reader failed on a file in a way nobody foresaw (a bug: report it with the file)
E018 = "E018"  # Spark is not installed (pip install 'dateline[spark]') or could not start (no Java)
E019 = "E019"  # not a dateline lake (a folder `dateline spark --out` wrote), or one that cannot be read
E020 = "E020"  # the spaCy model is not installed (nlp.py)
E021 = "E021"  # the store could not be written (disk full, read-only file system): nothing stored before is lost
