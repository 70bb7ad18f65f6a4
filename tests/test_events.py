"""Events: triggers, types, participants and roles, times and their basis, negation and modality.

Every text here was written for these tests.
"""

from __future__ import annotations

from annals.extract import extract_text


def events(text):
    return extract_text(text).events


def one(evs, trigger):
    found = [e for e in evs if e["trigger"] == trigger or trigger in [t["trigger"] for t in e.get("triggers", [])]]
    assert found, f"no event {trigger!r} in {[(e['trigger'], e['type']) for e in evs]}"
    return found[0]


def roles(event):
    return {p["name"]: p["role"] for p in event["participants"]}


def test_founding_with_explicit_date_and_passive_agent():
    e = one(events("The Union of Salvation was founded in Moscow in March 1816 by Alexander Muravyov."), "founded")
    assert e["type"] == "FOUNDING"
    assert e["time"]["value"] == "1816-03" and e["time"]["basis"] == "explicit"
    assert e["time"]["earliest"] == "1816-03-01" and e["time"]["latest"] == "1816-03-31"
    r = roles(e)
    assert r["Alexander Muravyov"] == "agent"
    assert r["Union of Salvation"] == "patient"
    assert e["place"]["name"] == "Moscow"


def test_active_voice_subject_is_agent_object_is_patient():
    e = one(events("General Aleksei Brusilov attacked the Austro-Hungarian Army on 4 June 1916."), "attacked")
    assert e["type"] == "BATTLE" and e["time"]["value"] == "1916-06-04"
    assert roles(e) == {"Aleksei Brusilov": "agent", "Austro-Hungarian Army": "patient"}


def test_negation_is_marked():
    e = one(events("In 1919 the Polish Socialist Party did not support the strike."), "support")
    assert e["negated"] is True


def test_refusal_negates_what_was_refused():
    evs = events("In May 1920 General Pyotr Wrangel refused to negotiate with the Bolsheviks.")
    assert one(evs, "refused")["type"] == "REFUSAL"
    neg = [e for e in extract_text("In May 1920 General Pyotr Wrangel refused to negotiate with the Bolsheviks.").events
           if e["type"] == "NEGOTIATION"]
    assert not neg or neg[0]["negated"] is True


def test_desire_is_not_an_accomplished_fact():
    evs = events("In 1943 General Ivan Orlov desired to arrest the governor of Kazan.")
    arrest = [e for e in evs if e["type"] == "ARREST"]
    assert arrest and arrest[0]["modality"] == "desired"


def test_coordinated_subjects_are_all_agents():
    e = one(events("In August 1918 Admiral Alexander Kolchak and General Anton Denikin attacked Tsaritsyn."),
            "attacked")
    r = roles(e)
    assert r.get("Alexander Kolchak") == "agent" and r.get("Anton Denikin") == "agent"


def test_coordinated_verbs_share_the_date():
    e = one(events("On 12 May 1917 the regiment stormed the town and captured the bridge."), "stormed")
    assert e["time"]["value"] == "1917-05-12"
    assert {t["trigger"] for t in e["triggers"]} >= {"stormed", "captured"}


def test_named_event_anchors_an_undated_clause():
    evs = events("Morale collapsed when the Germans lost the battle of Stalingrad, and the officers despaired.")
    lost = one(evs, "lost")
    assert lost["time"]["basis"] == "anchored"
    assert lost["time"]["value"].startswith("1943")  # the end of the battle, from the background data
    assert "battle of Stalingrad" in lost["time"]["anchor"]


def test_relative_date_is_resolved_by_the_narrative_clock():
    evs = events("The rebels seized the arsenal on 3 March 1921. Two days later the government arrested their leaders.")
    assert one(evs, "arrested")["time"]["value"] == "1921-03-05"


def test_date_inside_a_name_is_not_the_time_of_the_clause():
    evs = events("Anna Petrova wrote the memoir Moscow 1941 while she lived in Paris.")
    assert all(not e["time"] for e in evs)


def test_definition_sentence_is_not_on_the_timeline():
    evs = events("The Tambov rebellion was a peasant rising against the Bolsheviks in 1920.")
    assert all(not e["time"] for e in evs)


def test_past_perfect_background_is_not_on_the_timeline():
    evs = events("By 1919 the White front had collapsed.")
    assert all(not e["time"] for e in evs)


def test_date_in_parentheses_is_an_aside():
    evs = events("The Guards Corps (disbanded in 1918) fought at Tannenberg.")
    assert all((e["time"] or {}).get("value") != "1918" for e in evs)


def test_a_dated_clause_with_an_untyped_verb_is_still_an_event():
    e = one(events("On 9 January 1905 the workers marched to the Winter Palace."), "marched")
    assert e["time"]["value"] == "1905-01-09"


def test_every_event_cites_its_sentence():
    text = "The Northern Society was founded in 1821. On 14 December 1825 its members rose in Saint Petersburg."
    doc = extract_text(text)
    assert doc.events
    for e in doc.events:
        src = e["source"]
        assert text[src["start"] : src["end"]] == src["sentence"]
        assert src["start"] <= src["trigger_start"] < src["end"]
        assert e["id"].startswith("v")


def test_he_as_a_participant_is_the_person_named_last():
    evs = events("In 1919 the Legion surrendered Admiral Pavel Orlov to the rebels. He was shot by the rebels "
                 "on 7 February 1920.")
    e = one(evs, "shot")
    assert roles(e)["Pavel Orlov"] == "patient" and e["time"]["value"] == "1920-02-07"


def test_the_people_an_apposition_names_take_part():
    e = one(events("Two generals, Andrey Vlasov and Georgy Zhilenkov, were hanged in August 1946."), "hanged")
    assert roles(e) == {"Andrey Vlasov": "patient", "Georgy Zhilenkov": "patient"}


def test_the_past_perfect_is_dated_only_by_a_date_of_its_own_clause():
    assert one(events("Caesar had crossed the Rubicon in January 49 BC."), "crossed")["time"]["value"] == "-0049-01"
    assert one(events("In 1920 he returned. He had left Russia in 1918."), "left")["time"]["value"] == "1918"
    evs = events("By the end of 1917 the brigade had become a corps, and in early 1918 it numbered 40,000 men.")
    assert one(evs, "become")["time"] is None  # "by" the end of 1917, and 1918 is another clause's


def test_resigning_and_abdicating_are_changes_of_office():
    evs = events("Ignat Bilyi resigned in 1933. Nicholas II abdicated on 15 March 1917.")
    assert one(evs, "resigned")["type"] == one(evs, "abdicated")["type"] == "APPOINTMENT"
    assert one(evs, "abdicated")["time"]["value"] == "1917-03-15"


def test_a_biography_s_he_is_its_subject_and_became_head_is_an_appointment():
    text = ("Pyotr Orlov (1869–1947) was a Russian general. He fought in the war against Japan.\n\n"
            "After the October Revolution Orlov led Cossack troops against Petrograd. In 1918 the Don Cossacks "
            "elected him ataman. Their army besieged Tsaritsyn twice that year. The siege failed. "
            "He resigned in February 1919. In 1944 he became head of the Main Directorate of Cossack Forces.")
    evs = events(text)
    led = roles(one(evs, "led"))
    assert led["Pyotr Orlov"] == "agent" and "October Revolution" not in led
    assert roles(one(evs, "resigned")) == {"Pyotr Orlov": "agent"}  # no one named nearby: the article's subject
    became = one(evs, "became")
    assert became["type"] == "APPOINTMENT" and became["time"]["value"] == "1944"
