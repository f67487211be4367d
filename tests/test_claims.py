"""Claims and verification: source, stance and verification of each event."""
from __future__ import annotations


def ev_of(reading, sub):
    return next(e for e in reading.events if e.acled_sub_event_type == sub)


def src(reading, ev):
    a = next((a for a in reading.actors if a.id == ev.source), None)
    return a.name if a else None


def test_reporters_own_account_is_asserted_and_confirmed(read):
    r = read("Rebels stormed a police station in the town on Monday and burned two vehicles.")
    ev = r.events[0]
    assert (ev.source, ev.stance, ev.verification) == (None, "assert", "confirmed")


def test_one_partys_claim_is_unverified(read):
    r = read("The defence ministry said its air defences shot down 30 drones over the Belgorod region overnight.")
    ev = ev_of(r, "Disrupted weapons use")
    assert ev.stance == "claim" and ev.source is not None and ev.verification == "unverified"


def test_outlet_could_not_verify(read):
    r = read("Russian forces shelled Kupiansk on Friday, Ukrainian officials said. "
             "Reuters could not independently verify the battlefield reports.", date="2024-05-11")
    ev = ev_of(r, "Shelling/artillery/missile attack")
    assert ev.verification == "unverified" and ev.stance == "claim"
    text = r.article.text
    assert any("could not independently verify" in text[a:b] for a, b in ev.evidence)


def test_both_sides_saying_it_makes_it_confirmed(read):
    r = read("Ukraine's general staff said its troops clashed with Russian forces near Kreminna on Friday. "
             "Russia's defence ministry said its units clashed with Ukrainian troops near Kreminna.",
             date="2023-03-04")
    ev = ev_of(r, "Armed clash")
    assert ev.verification == "confirmed"


def test_partly_confirmed_by_the_outlet(read):
    r = read("A soldier said in a video posted on Telegram that shells hit the school in Avdiivka. "
             "Reuters was able to confirm the location of the video, though not when it was filmed.")
    ev = ev_of(r, "Shelling/artillery/missile attack")
    assert ev.verification == "partly_confirmed"


def test_denial_by_the_accused_side_makes_it_disputed(read):
    r = read("Soldiers opened fire on protesters at the toll gate in Lekki on Tuesday night, witnesses said. "
             "The army denied that its soldiers were at the toll gate.", date="2020-10-21")
    ev = r.events[0]
    assert ev.acled_event_type == "Protests" and ev.verification == "disputed"


def test_accused_deed_has_the_accuser_as_source(read):
    r = read("On Tuesday, Moscow accused Kyiv of launching a series of drone strikes on targets in Russia.")
    strikes = ev_of(r, "Air/drone strike")
    assert src(r, strikes) == "Government of Russia" and strikes.stance == "accuse"
    assert strikes.verification == "unverified"
    acc = next(e for e in r.events if e.plover == "ACCUSE")
    assert acc.source is None and acc.verification == "confirmed"


def test_sample_verification(sample):
    """Per ../shared/samples/*.expected.md: who says each event and who confirmed it."""
    evs = sample.events
    acts = {a.id: a for a in sample.actors}
    assert evs[0].verification == "confirmed"
    gunfight = next(e for e in evs if e.trigger.text == "gunfight")
    assert acts[gunfight.source].name == "Andrii Babychev" and gunfight.verification == "partly_confirmed"
    drone = next(e for e in evs if e.acled_sub_event_type == "Disrupted weapons use")
    assert acts[drone.source].country_code == "RU" and drone.stance == "claim" and drone.verification == "unverified"
    strikes = next(e for e in evs if e.acled_sub_event_type == "Air/drone strike")
    assert acts[strikes.source].name == "Government of Russia" and strikes.verification == "unverified"


# Wire-style reports written for these tests (invented people; issue 16): who confirms what.
from test_quotes import MARKET, VILLAGE  # noqa: E402


def _ev(reading, word):
    return next(e for e in reading.events if word in e.trigger.text)


def test_reporters_own_check_confirms_a_claim(read):
    """'Reuters journalists ... saw burned stalls and craters': the outlet's own observation."""
    r = read(MARKET, date="2023-05-15")
    ev = _ev(r, "shelled")
    assert src(r, ev) == "Government of Sudan" and ev.stance == "claim"
    assert ev.verification == "confirmed"
    assert any("journalists who visited the market" in r.article.text[a:b] for a, b in ev.evidence)


def test_two_independent_sources_partly_confirm(read):
    """A district official and a villager (and the Red Cross) are independent of each other;
    no one checked it first-hand."""
    r = read(VILLAGE, date="2023-10-22")
    ev = _ev(r, "killed")
    assert src(r, ev) == "Babagana Umar" and ev.verification == "partly_confirmed"


def test_one_sides_voices_alone_are_unverified(read):
    """A president and his defence minister are one side: two voices, one source."""
    r = read("N'DJAMENA (Reuters) - President Idriss Mahamat said in a televised address on Tuesday that the army "
             "had recaptured the town of Abeche from rebels after two days of fighting.\n\n"
             "Defence Minister Oumar Brahim said on state television that 40 rebels had been killed in the "
             "fighting.\n\n"
             "\"The enemy fled and left their weapons behind,\" he said.", date="2023-06-14")
    ev = _ev(r, "recaptured")
    assert ev.stance == "claim" and "Mahamat" in (src(r, ev) or "")
    assert ev.verification == "unverified"


def test_sides_contradicting_each_other_dispute(read):
    r = read("BAMAKO (Reuters) - The rebel Movement for Justice said in a video posted on its Telegram channel that "
             "its fighters had shot down an army helicopter near Kidal on Thursday.\n\n"
             "\"The helicopter fell in flames behind the hill,\" a commander of the group said in the video.\n\n"
             "The army said in a statement carried by state news agency AMAP that the helicopter had crashed "
             "because of a technical fault and that no aircraft had been hit by enemy fire.", date="2023-11-10")
    ev = _ev(r, "shot down")
    assert src(r, ev) == "Movement for Justice" and ev.verification == "disputed"
    commander = next(q for q in r.quotes if "fell in flames" in q.text)
    spk = next(a for a in r.actors if a.id == commander.speaker)  # speaks for the group, not the army
    assert "Movement for Justice" in spk.name and spk.type == "rebel" and commander.channel == "video"
    assert any("technical fault" in r.article.text[a:b] for a, b in ev.evidence)


def test_satellite_images_verified_footage_and_geolocation_confirm(read):
    claim = ("Russian missiles struck a grain terminal in the Danube port of Izmail overnight, setting warehouses "
             "on fire, Ukrainian officials said.\n\n")
    checks = ["Satellite images reviewed by Reuters on Thursday showed three warehouses at the terminal destroyed.",
              "Reuters verified footage of the burning warehouses posted online.",
              "Reuters geolocated a video of the fire to the grain terminal."]
    for check in checks:
        r = read(claim + check, date="2023-08-24")
        ev = _ev(r, "missiles")
        assert src(r, ev) == "Government of Ukraine" and ev.verification == "confirmed", check
    r = read(claim + "A dock worker told Reuters he saw three warehouses burning at the terminal.", date="2023-08-24")
    assert _ev(r, "missiles").verification == "partly_confirmed"  # an eyewitness is a source, not the outlet's check


def test_a_partys_claim_and_an_eyewitness_account_of_it_partly_confirm(read):
    r = read("Police said gunmen killed five people in the market. Witnesses told us by telephone that the "
             "gunmen killed five people.")
    ev = next(e for e in r.events if e.acled_event_type)
    assert ev.verification == "partly_confirmed"


def test_two_sides_counting_the_dead_differently_dispute(read):
    r = read("Militants said they killed 30 soldiers in an attack on a base near the town. The army said three "
             "soldiers were killed in the attack.")
    ev = next(e for e in r.events if e.acled_event_type)
    assert ev.verification == "disputed"


def test_one_sides_voices_agreeing_on_the_count_do_not_dispute(read):
    r = read("Police said gunmen killed five people in the market. Later, police said the gunmen killed five people.")
    ev = next(e for e in r.events if e.acled_event_type)
    assert ev.verification == "unverified"
