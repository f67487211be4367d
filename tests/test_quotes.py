"""Quotes: every form a reader of news meets, with speakers linked to actors and channels."""
from __future__ import annotations

from dateline.stages.quotes import quote_marks


def speaker(reading, q):
    a = next((a for a in reading.actors if a.id == q.speaker), None)
    return a.name if a else None


def only(reading, **kw):
    qs = [q for q in reading.quotes if all(getattr(q, k) == v for k, v in kw.items())]
    assert qs, f"no quote with {kw}: {[(q.type, q.text) for q in reading.quotes]}"
    return qs[0]


def test_direct_quote_with_curly_marks_and_trailing_verb(read):
    r = read("“We will not leave the city,” the mayor of Kherson, Ihor Kolykhaiev, said on Monday.")
    q = only(r, type="direct")
    assert q.text.startswith("“We will not") and q.cue == "said"
    assert "Kolykhaiev" in (speaker(r, q) or "") or "mayor" in q.speaker_text


def test_straight_marks_and_inverted_verb(read):
    r = read('"The roads are closed and the bridges are gone," said Maria Lopez, a farmer in the valley.')
    q = only(r, type="direct")
    assert speaker(r, q) == "Maria Lopez"


def test_quote_spanning_paragraphs_is_one_quote(read):
    text = ('The commander described the night. "We held the line for six hours.\n\n'
            '"Then the second wave came and we pulled back to the river," he said.')
    spans = quote_marks(text)
    assert len(spans) == 1 and text[spans[0][0]:spans[0][1]].endswith('river,"')


def test_quote_split_by_said_is_one_quote_with_one_speaker(read):
    r = read("“This is the worst flooding in decades,” said Amina Yusuf, the district officer. "
             "“Nobody was ready for it.”")
    direct = [q for q in r.quotes if q.type == "direct"]
    assert len(direct) == 1 and direct[0].text.endswith("ready for it.”")
    assert speaker(r, direct[0]) == "Amina Yusuf"


def test_partial_quote_inside_reported_speech(read):
    r = read("The minister said the talks had been “frank and useful” but that no date was set.")
    q = only(r, type="partial")
    assert "“frank and useful”" in q.text and q.cue == "said"


def test_indirect_speech_that_clause(read):
    r = read("Police spokesman Benjamin Hundeyin said that 40 suspects had been arrested in the raid.")
    q = only(r, type="indirect")
    assert q.text.startswith("that 40 suspects") and speaker(r, q) == "Benjamin Hundeyin"


def test_reported_clause_before_the_verb(read):
    r = read("The convoy was hit twice near the border crossing, two aid workers said.")
    q = only(r, type="indirect")
    assert q.text.startswith("The convoy was hit") and "aid workers" in q.speaker_text


def test_according_to(read):
    r = read("According to the health ministry, 14 people were treated for burns.")
    q = only(r, cue="according to")
    assert "14 people" in q.text and "health ministry" in q.speaker_text


def test_accusation_is_reported_speech_of_the_accuser(read):
    r = read("On Tuesday, Moscow accused Kyiv of launching a series of drone strikes on targets in Russia.")
    q = only(r, cue="accused")
    assert q.text.startswith("of launching") and speaker(r, q) == "Government of Russia"


def test_pronoun_speaker_resolves_to_the_person_before(read):
    r = read("Farmer Joseph Mwangi lost his whole herd. “There is nothing left for us here,” he said.")
    q = only(r, type="direct")
    assert q.speaker_text == "he" and speaker(r, q) == "Joseph Mwangi"


def test_description_then_name_is_one_speaker(read):
    r = read("A local nurse said in a Facebook post that the clinic had run out of bandages. "
             "“We are treating people on the floor,” nurse Grace Achieng said.")
    first = only(r, cue="said", type="indirect")
    assert speaker(r, first) == "Grace Achieng"


def test_unquoted_speaker_continues_into_the_next_quote(read):
    r = read("“We saw the helicopters at dawn,” said Ali Hassan, a shopkeeper. He pointed at the hill.\n\n"
             "“They fired at the market first.”")
    qs = [q for q in r.quotes if q.type == "direct"]
    assert len(qs) == 2 and speaker(r, qs[1]) == "Ali Hassan"


def test_titles_in_quotes_are_not_quotes(read):
    r = read("She appeared on “Face the Nation” last week to promote the bill.")
    assert r.quotes == []


def test_every_quote_points_at_its_text(read):
    r = read("“Stop the shelling,” the UN envoy said. The army said it would respond.")
    assert len(r.quotes) == 2
    for q in r.quotes:
        assert r.article.text[q.start:q.end] == q.text


def test_channels(read):
    cases = {
        "The general staff said in a Facebook post that the attack was repelled.": "Facebook post",
        "A soldier said in a video he posted on Telegram that the town was calm.": "Telegram video",
        "The ministry said in a statement that two drones were destroyed.": "statement",
        "A senior official told Reuters that the talks had stalled.": "told Reuters",
        "The president said on state television that the curfew would be lifted.": "state television",
        "The governor said at a news conference that 12 people had died.": "news conference",
    }
    for text, channel in cases.items():
        r = read(text)
        assert r.quotes and r.quotes[0].channel == channel, (text, [(q.text, q.channel) for q in r.quotes])


def test_sample_quotes(sample):
    qs = sample.quotes
    acts = {a.id: a for a in sample.actors}

    def by(prefix):
        return next(q for q in qs if sample.article.text[q.start:q.end].lstrip("“\"").startswith(prefix))
    staff = by("The enemy continues")
    assert staff.type == "direct" and staff.channel == "Facebook post"
    assert acts[staff.speaker].country_code == "UA" and "general staff" in staff.speaker_text
    wagner = next(q for q in qs if "furious resistance" in q.text)
    assert wagner.type == "partial" and "Wagner" in acts[wagner.speaker].name
    calmer = next(q for q in qs if "a bit calmer" in q.text)
    assert calmer.channel == "Telegram video" and acts[calmer.speaker].name == "Andrii Babychev"
    standing = by("But we are standing")
    assert standing.speaker_text == "he" and acts[standing.speaker].name == "Andrii Babychev"
    silenced = by("We (have) silenced")
    assert silenced.type == "direct" and acts[silenced.speaker].name == "Andrii Babychev"
    russia = next(q for q in qs if q.text.startswith("it had repelled"))
    assert russia.type == "indirect" and acts[russia.speaker].name == "Government of Russia"
    zel = [q for q in qs if acts.get(q.speaker) and acts[q.speaker].name == "Volodymyr Zelensky"]
    assert {q.type for q in zel} >= {"indirect", "partial"}


# Wire-style reports written for these tests (invented people; issue 16): how AP and Reuters
# attribute to people they do not name, and the channels statements travel through.

MARKET = ("KHARTOUM (Reuters) - Paramilitary fighters shelled a crowded market in Omdurman on Sunday, killing at "
          "least eight people, Sudan's health ministry said.\n\n"
          "\"The shells fell on the vegetable stalls at midday,\" said Amira Salih, the director of the city's main "
          "hospital.\n\n"
          "\"I saw bodies under the awnings and nobody came to help for an hour,\" a resident who asked not to be "
          "named told Reuters by telephone.\n\n"
          "Reuters journalists who visited the market on Monday saw burned stalls and craters in the road.")

VILLAGE = ("MAIDUGURI, Nigeria (Reuters) - Gunmen on motorcycles killed 11 farmers in a village in Borno state on "
           "Saturday, a local official said.\n\n"
           "\"They came at harvest time and opened fire in the fields,\" Babagana Umar, a district official, said "
           "by phone.\n\n"
           "\"My brother was among those killed. We buried them this morning,\" a villager said.\n\n"
           "\"They took our grain as well,\" he said.\n\n"
           "An official of the International Committee of the Red Cross said its teams had treated six people "
           "wounded in the attack on the village.")


def test_unnamed_eyewitness_after_a_named_speaker_speaks_for_themself(read):
    r = read(MARKET, date="2023-05-15")
    q = next(q for q in r.quotes if "bodies under the awnings" in q.text)
    a = next(a for a in r.actors if a.id == q.speaker)
    assert q.type == "direct" and q.speaker_text == "a resident"
    assert a.type in ("civilians", "person") and a.name != "Amira Salih"
    assert q.channel == "told Reuters by telephone"
    assert not any("to be named" in q.text for q in r.quotes)  # why they go unnamed is nobody's statement


def test_villager_is_a_civilian_speaker_and_he_is_the_villager(read):
    r = read(VILLAGE, date="2023-10-22")
    villager = next(q for q in r.quotes if "My brother" in q.text)
    assert villager.speaker_text == "a villager" and speaker(r, villager) != "Babagana Umar"
    assert next(a for a in r.actors if a.id == villager.speaker).type == "civilians"
    grain = next(q for q in r.quotes if "our grain" in q.text)
    assert grain.speaker_text == "he" and grain.speaker == villager.speaker
    umar = next(q for q in r.quotes if "harvest time" in q.text)
    assert speaker(r, umar) == "Babagana Umar" and umar.channel == "telephone"


def test_unnamed_by_choice_is_never_the_next_named_speaker(read):
    r = read("A resident who declined to be identified said the soldiers left at dawn. "
             "\"We have restored order in the district,\" said Governor Ali Musa.")
    q = only(r, type="indirect")
    assert q.speaker_text == "A resident" and speaker(r, q) != "Ali Musa"


def test_quote_list_attributed_after_a_dash(read):
    r = read("Readers told us what they think of the plan.\n\n"
             "\u201cThe bus fares are too high for families like mine.\u201d \u2015 Rosa Delgado\n"
             "\u201cNobody asked the drivers what they think.\u201d \u2015 Tomas Ilves\n")
    qs = [q for q in r.quotes if q.type == "direct"]
    assert [q.speaker_text for q in qs] == ["Rosa Delgado", "Tomas Ilves"]


def test_wire_channels(read):
    cases = {
        "President Idriss Mahamat said in a televised address on Tuesday that the army had recaptured Abeche.":
            "televised address",
        "Defence Minister Oumar Brahim said on state television that 40 rebels had been killed.": "state television",
        "The Movement for Justice said in a video posted on its Telegram channel that its fighters downed a helicopter.":
            "Telegram video",
        "The group said in a statement carried by its Amaq news agency that it had carried out the bombing.":
            "statement carried by Amaq news agency",
        "The army said in a statement carried by state news agency AMAP that the helicopter had crashed.":
            "statement carried by state news agency AMAP",
        "A villager said by phone that the gunmen had left the village.": "telephone",
        "A nurse told Reuters by telephone that the clinic had run out of bandages.": "told Reuters by telephone",
    }
    for text, channel in cases.items():
        r = read(text)
        assert r.quotes and r.quotes[0].channel == channel, (text, [(q.text, q.channel) for q in r.quotes])
