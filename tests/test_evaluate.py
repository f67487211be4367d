"""The eval definitions on tiny hand-made gold: figures a user can check by hand."""
from dateline import evaluate

TEXT = "On Monday in Paris, 3 days later, Lyon."


def _pred(**layers):
    return {"x": {"article": {"id": "x"}, **layers}}


def test_times_relaxed_strict_and_value():
    gold = [{"id": "x", "timexes": [
        {"start": 0, "end": 9, "type": "DATE", "value": "2023-02-27"},
        {"start": 20, "end": 32, "type": "DURATION", "value": "P3D"}]}]
    pred = _pred(times=[{"start": 3, "end": 9, "value": "2023-02-27"}])
    r = evaluate.score_times(gold, pred)
    assert r["relaxed_f1"] == round(2 * 1.0 * 0.5 / 1.5, 3) and r["strict_f1"] == 0
    assert r["date_value_acc"] == 1.0


def test_places_f1_and_distance():
    gold = [{"id": "x", "toponyms": [{"start": 13, "end": 18, "lat": 48.85, "lon": 2.35},
                                     {"start": 34, "end": 38, "lat": 45.76, "lon": 4.83}]}]
    pred = _pred(places=[{"start": 13, "end": 18, "lat": 48.86, "lon": 2.34},
                         {"start": 34, "end": 38, "lat": 48.86, "lon": 2.34}])
    r = evaluate.score_places(gold, pred)
    assert r["f1"] == 1.0 and r["acc161"] == 0.5


def test_events_main_event_and_no_event():
    gold = [{"id": "x", "gold": {"event_type": "Protests", "sub_event_type": "Peaceful protest"}},
            {"id": "y", "gold": {"event_type": None}}]
    preds = {"x": {"events": [{"acled_event_type": "Protests", "acled_sub_event_type": "Protest with intervention"}]},
             "y": {"events": [{"acled_event_type": None}]}}
    r = evaluate.score_events(gold, preds)
    assert r["type_acc"] == 1.0 and r["sub_type_acc"] == 0.5


def test_quotes_half_overlap_and_speaker():
    gold = [{"id": "x", "quotes": [{"start": 10, "end": 30, "type": "direct", "speaker": "Jane Doe"}]}]
    good = _pred(quotes=[{"start": 18, "end": 40, "speaker": "a1"}], actors=[{"id": "a1", "name": "Doe", "text": "Doe"}])
    bad = _pred(quotes=[{"start": 25, "end": 40, "speaker": None, "speaker_text": ""}])
    assert evaluate.score_quotes(gold, good)["speaker_acc"] == 1.0
    assert evaluate.score_quotes(gold, bad)["direct_recall"] == 0.0
