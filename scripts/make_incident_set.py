"""Write the labelled incident set (eval/incidents.jsonl) that `dateline eval
incidents` scores: invented incidents, each told 2-5 times by different outlets on
different days in different words, plus near misses (the same town on another day, the
same day in a neighbouring town). Every sentence is written here from templates of our
own; no third-party text. Deterministic: `python scripts/make_incident_set.py`.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "eval" / "incidents.jsonl"
OUTLETS = ["Reuters", "AP", "AFP", "BBC News", "Al Jazeera", "The Guardian", "Radio Dalsan", "Daily Trust",
           "Kyiv Independent", "Dawn", "The Nation", "Xinhua"]
NUM = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
       10: "ten", 11: "11", 12: "12", 14: "14", 15: "15", 17: "17", 20: "20", 23: "23", 31: "31"}

# (kind, town, neighbour town for near misses, country word, region phrase, attacker, defender/victims)
SCENES = [
    ("shelling", "Kramatorsk", "Sloviansk", "Ukraine", "the Donetsk region", "Russian forces", "civilians"),
    ("shelling", "Kupiansk", "Balakliia", "Ukraine", "the Kharkiv region", "Russian forces", "residents"),
    ("shelling", "Nikopol", "Marhanets", "Ukraine", "the Dnipropetrovsk region", "Russian troops", "residents"),
    ("shelling", "Kherson", "Bilozerka", "Ukraine", "southern Ukraine", "Russian forces", "civilians"),
    ("shelling", "Avdiivka", "Pokrovsk", "Ukraine", "the Donetsk region", "Russian forces", "civilians"),
    ("shelling", "Sumy", "Okhtyrka", "Ukraine", "northeastern Ukraine", "Russian troops", "residents"),
    ("airstrike", "Idlib", "Ariha", "Syria", "northwestern Syria", "Syrian government warplanes", "civilians"),
    ("airstrike", "Jisr al-Shughur", "Darkush", "Syria", "Idlib province", "Russian jets", "civilians"),
    ("airstrike", "Saada", "Dahyan", "Yemen", "northern Yemen", "Saudi-led coalition aircraft", "civilians"),
    ("ied", "Kandahar", "Spin Boldak", "Afghanistan", "southern Afghanistan", "militants", "soldiers"),
    ("ied", "Kirkuk", "Hawija", "Iraq", "northern Iraq", "Islamic State militants", "soldiers"),
    ("ied", "Afgooye", "Wanlaweyn", "Somalia", "the Lower Shabelle region", "al-Shabaab militants", "soldiers"),
    ("ied", "Quetta", "Mastung", "Pakistan", "Balochistan province", "militants", "policemen"),
    ("suicide", "Mogadishu", "Afgooye", "Somalia", "the Somali capital", "an al-Shabaab suicide bomber", "people"),
    ("suicide", "Peshawar", "Charsadda", "Pakistan", "northwestern Pakistan", "a suicide bomber", "people"),
    ("suicide", "Maiduguri", "Konduga", "Nigeria", "Borno state", "a suicide bomber", "people"),
    ("clash", "Konduga", "Bama", "Nigeria", "Borno state", "Nigerian troops", "Boko Haram fighters"),
    ("clash", "Gao", "Ansongo", "Mali", "northern Mali", "Malian soldiers", "jihadist fighters"),
    ("clash", "Djibo", "Arbinda", "Burkina Faso", "northern Burkina Faso", "Burkinabe soldiers", "militants"),
    ("clash", "Beni", "Butembo", "Democratic Republic of the Congo", "North Kivu province", "Congolese soldiers", "ADF rebels"),
    ("clash", "Baidoa", "Burhakaba", "Somalia", "the Bay region", "Somali troops", "al-Shabaab fighters"),
    ("attack", "Zaria", "Giwa", "Nigeria", "Kaduna state", "gunmen", "villagers"),
    ("attack", "Gusau", "Tsafe", "Nigeria", "Zamfara state", "armed bandits", "villagers"),
    ("attack", "Kaya", "Barsalogho", "Burkina Faso", "central Burkina Faso", "gunmen", "civilians"),
    ("abduction", "Kaduna", "Kachia", "Nigeria", "northwestern Nigeria", "gunmen", "students"),
    ("abduction", "Katsina", "Funtua", "Nigeria", "Katsina state", "armed men", "schoolchildren"),
    ("protest", "Nairobi", "Kiambu", "Kenya", "the Kenyan capital", "police", "protesters"),
    ("protest", "Dakar", "Rufisque", "Senegal", "the Senegalese capital", "police", "demonstrators"),
    ("protest", "Lagos", "Ikorodu", "Nigeria", "Lagos state", "police", "protesters"),
    ("riot", "Kisumu", "Ahero", "Kenya", "western Kenya", "police", "rioters"),
    ("riot", "Mombasa", "Malindi", "Kenya", "the Kenyan coast", "police", "youths"),
    ("riot", "Conakry", "Coyah", "Guinea", "the Guinean capital", "security forces", "protesters"),
]

T = {
    "shelling": [
        "{A} shelled {town} {when}, killing {n} {V} and damaging apartment blocks, the regional governor said.",
        "Artillery fire hit residential areas of {town} in {region} {when}. Local officials said {n} {V} were killed.",
        "{N} {V} died when shells struck the centre of {town} {when}, according to {country}'s emergency service.",
        "The mayor of {town} said {A} pounded the town with artillery {when}. At least {n} people were killed.",
        "Shelling of {town} {when} left {n} people dead, officials in {region} said on the messaging app Telegram.",
    ],
    "airstrike": [
        "{A} carried out air strikes on {town} in {region} {when}, killing {n} {V}, rescue workers said.",
        "Warplanes bombed a market in {town} {when}. Rescuers said {n} people were killed in the raids.",
        "An air strike hit a residential district of {town} {when}, leaving {n} {V} dead, a monitoring group said.",
        "{N} people were killed in air raids on {town} {when}, local medics said, blaming {A}.",
    ],
    "ied": [
        "A roadside bomb struck a military vehicle near {town} in {region} {when}, killing {n} {V}, officials said.",
        "{N} {V} were killed when an improvised explosive device exploded under their patrol outside {town} {when}.",
        "An IED planted by {A} hit an army convoy on the outskirts of {town} {when}; {n} {V} died.",
        "Officials in {region} said a landmine blast killed {n} {V} on a road near {town} {when}.",
    ],
    "suicide": [
        "{A} blew himself up at a crowded checkpoint in {town} {when}, killing {n} {V}, police said.",
        "A suicide bombing at a market in {town} {when} killed {n} {V}, according to hospital officials.",
        "{N} {V} died in a suicide attack in {town}, {region}, {when}, officials said.",
        "Police said a suicide bomber detonated an explosive vest near a mosque in {town} {when}. {N} people were killed.",
    ],
    "clash": [
        "{A} clashed with {V} near {town} in {region} {when}, the army said, adding that {n} fighters were killed.",
        "Heavy fighting broke out between {A} and {V} outside {town} {when}, residents said.",
        "The military said {A} repelled an assault by {V} on their base in {town} {when} after hours of fighting.",
        "{V} attacked army positions in {town} {when}, sparking a gun battle with {A} that lasted several hours.",
    ],
    "attack": [
        "{A} attacked a village near {town} {when}, killing {n} {V}, local officials said.",
        "{N} {V} were shot dead when {A} stormed a farming community outside {town} in {region} {when}.",
        "Residents of {town} said {A} opened fire on {V} at a weekly market {when}, killing {n}.",
        "{A} killed {n} {V} in a raid on a village close to {town} {when}, the state government said.",
    ],
    "abduction": [
        "{A} abducted {n} {V} from a school in {town} {when}, police said.",
        "Police in {region} said {A} kidnapped {n} {V} in {town} {when} and took them into a nearby forest.",
        "{N} {V} were kidnapped by {A} who raided their boarding school in {town} {when}.",
        "Parents said {A} seized {n} {V} from their dormitory in {town} {when}; a rescue operation is under way.",
    ],
    "protest": [
        "Thousands of {V} marched through {town} {when} to demand lower fuel prices, and the rally ended peacefully.",
        "{V} rallied peacefully in {town} {when} against the new finance law, witnesses said.",
        "Hundreds of {V} took to the streets of {town} in {region} {when}, chanting slogans against rising prices.",
        "A peaceful demonstration against the tax increases drew large crowds of {V} in {town} {when}.",
    ],
    "riot": [
        "{V} threw stones at {A} and set fire to tyres in {town} {when} during a protest over power cuts.",
        "Riots broke out in {town} {when} as {V} torched vehicles and clashed with {A}, witnesses said.",
        "{A} said {V} looted shops and burned a police post in {town} {when} during violent protests.",
        "Violent demonstrations rocked {town} in {region} {when}; {V} hurled rocks at {A}.",
    ],
}


def when(event: dt.date, article: dt.date, rng: random.Random) -> str:
    k = (article - event).days
    wd = event.strftime("%A")
    opts = [f"on {wd}", f"on {event.strftime('%B')} {event.day}"]
    if k == 1:
        opts.append("on " + wd)
    if k == 0:
        opts.append("on " + wd)
    return rng.choice(opts)


def main() -> None:
    rng = random.Random(20261127)
    rows = []
    base = dt.date(2024, 3, 4)
    for i, (kind, town, neighbour, country, region, attacker, victims) in enumerate(SCENES):
        day = base + dt.timedelta(days=rng.randint(0, 200))
        reports = rng.randint(2, 5)
        n = rng.choice([3, 4, 5, 6, 7, 8, 9, 12, 14, 17, 20])
        templates = rng.sample(T[kind], k=min(reports, len(T[kind])))
        while len(templates) < reports:
            templates.append(rng.choice(T[kind]))
        outlets = rng.sample(OUTLETS, k=reports)
        label = f"inc{i + 1:02d}"
        for j, (tpl, outlet) in enumerate(zip(templates, outlets)):
            art = day + dt.timedelta(days=rng.choice([0, 1, 1, 2]))
            m = max(1, n - rng.choice([0, 0, 1, 2]))  # outlets give different counts
            text = tpl.format(A=attacker, V=victims, town=town, region=region, country=country,
                              when=when(day, art, rng), n=NUM.get(m, str(m)), N=NUM.get(m, str(m)).capitalize())
            text = text[0].upper() + text[1:]
            rows.append({"id": f"{label}-r{j + 1}", "date": art.isoformat(), "source": outlet,
                         "text": f"{town.upper()}, {country} ({outlet}) - {text}", "incident": label})
        # near misses: the same town four to nine days later; the same day in the neighbouring town
        if i % 3 == 0:
            later = day + dt.timedelta(days=rng.randint(4, 9))
            tpl = rng.choice(T[kind])
            text = tpl.format(A=attacker, V=victims, town=town, region=region, country=country,
                              when=when(later, later, rng), n="two", N="Two")
            rows.append({"id": f"{label}-later", "date": later.isoformat(), "source": rng.choice(OUTLETS),
                         "text": f"{town.upper()}, {country} - {text[0].upper() + text[1:]}", "incident": f"{label}-later"})
        if i % 3 == 1:
            tpl = rng.choice(T[kind])
            text = tpl.format(A=attacker, V=victims, town=neighbour, region=region, country=country,
                              when=when(day, day, rng), n="three", N="Three")
            rows.append({"id": f"{label}-nearby", "date": day.isoformat(), "source": rng.choice(OUTLETS),
                         "text": f"{neighbour.upper()}, {country} - {text[0].upper() + text[1:]}",
                         "incident": f"{label}-nearby"})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} reports of {len({r['incident'] for r in rows})} incidents to {OUT}")


if __name__ == "__main__":
    main()
