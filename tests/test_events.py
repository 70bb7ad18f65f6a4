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


def test_past_perfect_by_a_date_happened_by_then():
    e = one(events("By 1919 the White front had collapsed."), "collapsed")
    assert (e["time"]["value"], e["time"]["mod"]) == ("1919", "BEFORE")


def test_past_perfect_takes_no_date_of_another_clause():
    evs = events("The army had crossed the river, and in 1918 it numbered 40,000 men.")
    assert all(not e["time"] for e in evs if e["trigger"] == "crossed")


def test_date_in_parentheses_is_an_aside():
    evs = events("The Guards Corps (disbanded in 1918) fought at Tannenberg.")
    assert all((e["time"] or {}).get("value") != "1918" for e in evs if e["trigger"] == "fought")


def test_a_date_in_parentheses_dates_what_the_parentheses_say():
    e = one(events("Peace came only after Gustavus Adolphus (who died in 1632) had fallen at Lutzen."), "died")
    assert e["time"]["value"] == "1632"


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
    evs = events("By the end of 1863 the regiment had become a brigade, and in early 1864 it numbered 3,000 men.")
    assert one(evs, "become")["time"]["value"] == "1863"  # by then; 1864 is another clause's


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


# ---------------------------------------------------------------- happenings of many kinds, dated as told


def test_verbs_of_many_kinds_are_happenings():
    text = ("In 1529 the Ottomans besieged Vienna. In 1683 Sobieski relieved the city. In 1755 an earthquake "
            "destroyed Lisbon. In 1798 the French landed in Egypt. In 1815 the congress ratified the treaty. "
            "In 1861 the tsar emancipated the serfs. In 1869 the canal was opened. In 1871 the states united "
            "under Prussia. In 1893 a court acquitted the captain.")
    dated = {e["trigger"]: e["time"]["value"] for e in events(text) if e["time"]}
    assert {"besieged", "relieved", "destroyed", "landed", "ratified", "emancipated", "united",
            "acquitted"} <= set(dated)


def test_verb_phrases_name_what_the_verb_alone_does_not():
    evs = events("In 1683 the Ottomans laid siege to Vienna. In 1797 the fleet put to sea. "
                 "In 1865 the last Confederate army laid down its arms.")
    assert one(evs, "laid")["type"] == "BATTLE"
    assert one(evs, "put")["type"] == "MOVEMENT"
    assert [e["type"] for e in evs if e["trigger"] == "laid"][-1] == "SURRENDER"


def test_a_date_glued_to_the_name_after_it_dates_the_verb():
    e = one(events("In 1453 Constantinople fell to the Ottomans."), "fell")
    assert e["time"]["value"] == "1453" and "Constantinople" in roles(e)


def test_a_when_clause_on_a_date_happens_then():
    e = one(events("The Directory lasted until 1799, when Bonaparte seized power in Paris."), "seized")
    assert e["time"]["value"] == "1799"


def test_the_complement_of_a_causative_takes_its_date():
    e = one(events("In May 1794 Robespierre had his rivals arrested in Paris."), "arrested")
    assert e["time"]["value"] == "1794-05"


def test_a_date_told_outright_wins_over_a_narrative_one():
    e = one(events("Alexander II came to the throne in 1855. The following year, on 30 March 1856, "
                   "Russia signed the treaty in Paris."), "signed")
    assert e["time"]["value"] == "1856-03-30"


def test_a_decade_dates_an_event():
    e = one(events("Many former partisans were imprisoned in the late 1940s."), "imprisoned")
    assert e["time"]["value"] == "194X"


def test_bc_events_take_bc_years_from_the_narrative():
    evs = events("Caesar crossed the Rubicon in 49 BC.\n\nIn 44 he was murdered in the Senate house.")
    assert one(evs, "murdered")["time"]["value"] == "-0044"
    assert one(evs, "murdered")["time"]["earliest"] == "-0044-01-01"


# ---------------------------------------------------------------- descriptions


def test_description_is_agent_verb_patient_and_place():
    e = one(events("On 14 July 1789 the crowd stormed the Bastille."), "stormed")
    assert e["description"] == "the crowd stormed the Bastille"
    e = one(events("In October 1805 Napoleon defeated the Austrians at Ulm."), "defeated")
    assert e["description"] == "Napoleon defeated the Austrians at Ulm"


def test_description_of_a_passive_keeps_the_agent():
    e = one(events("In 1631 Magdeburg was sacked by the imperial army."), "sacked")
    assert e["description"] == "Magdeburg was sacked by the imperial army"


def test_description_says_the_negation_and_the_particle():
    evs = events("In 1862 the British government did not recognise the Confederacy. "
                 "In 1918 the Kaiser gave up the throne.")
    assert one(evs, "recognise")["description"] == "the British government did not recognise the Confederacy"
    assert one(evs, "gave")["description"].startswith("the Kaiser gave up")


def test_description_puts_a_participle_in_the_past_and_stays_short():
    e = one(events("Nelson attacked the French fleet at Aboukir Bay in August 1798, destroying eleven of "
                   "its thirteen ships of the line and two of its four frigates in a single night."), "destroying")
    assert e["description"].startswith("Nelson destroyed eleven")  # the participle's subject is the clause's
    assert len(e["description"].split()) <= 12


def test_description_says_names_in_their_canonical_form():
    evs = events("Gustavus Adolphus landed in Pomerania in July 1630. In 1631 he crossed the Oder. "
                 "In September 1631 the Swedish king Gustavus Adolphus routed Tilly at Breitenfeld.")
    assert one(evs, "routed")["description"].startswith("Gustavus Adolphus routed")  # no "the Swedish king"
    assert one(evs, "crossed")["description"] == "Gustavus Adolphus crossed the Oder"  # "he" said by name
    evs = events("Francis Drake sailed from Plymouth in 1577. In 1579 Drake's ship reached the coast of California.")
    assert one(evs, "reached")["description"].startswith("Francis Drake's ship reached")  # a name said in part, whole


def test_description_of_a_participle_names_what_it_qualifies():
    e = one(events("The Hanseatic towns kept a league founded by merchants of Lübeck in 1358."), "founded")
    assert e["description"].startswith("a league was founded by merchants")
    e = one(events("Two regiments raised by the Duke of Alba in 1567 marched north."), "raised")
    assert e["description"].startswith("Two regiments were raised by")


def test_description_keeps_a_list_of_names_out_and_a_place_name_whole():
    e = one(events("In 1849 four members, Durov, Grigoryev, Speshnev and Mombelli, were imprisoned in the "
                   "Peter and Paul Fortress."), "imprisoned")
    assert e["description"] == "four members were imprisoned in the Peter and Paul Fortress"


def test_description_of_a_verb_without_its_own_subject_says_whose_it_is():
    evs = events("Li Ming was captured in 1864, wrote a long confession and was executed.")
    assert one(evs, "wrote")["description"] == "Li Ming wrote a long confession"
    assert one(evs, "executed")["description"] == "Li Ming was executed"
    evs = events("The army crossed the river in 1812 and was destroyed in 1813.")
    assert one(evs, "destroyed")["description"] == "The army was destroyed"  # not "destroyed by the army"
    e = one(events("In 1865 the prince was caught in the hills and executed."), "executed")
    assert e["description"] == "the prince was executed"
    e = one(events("Marching down the valley, the rebels took the fortress in 1853."), "Marching")
    assert e["description"].startswith("the rebels marched")


def test_description_makes_the_past_of_irregular_and_prefixed_verbs():
    evs = events("In 1644 the rebels overthrew the dynasty. In 1645 the loyalists tried to retake the city. "
                 "In 1646 the governor was opening the harbour to foreign ships.")
    assert "retook" in one(evs, "retake")["description"]
    assert "opened" in one(evs, "opening")["description"]


def test_a_period_from_one_date_to_another_is_one_event_spanning_both():
    evs = events("The Commune of the city held the town hall from 18 March to 28 May 1871.")
    held = [e for e in evs if e["trigger"] == "held"]
    assert len(held) == 1
    t = held[0]["time"]
    assert (t["value"], t["until"], t["earliest"], t["latest"]) == ("1871-03-18", "1871-05-28", "1871-03-18",
                                                                      "1871-05-28")
    e = one(events("Between 1618 and 1648 the emperor fought the Swedes."), "fought")
    assert (e["time"]["value"], e["time"]["until"], e["time"]["latest"]) == ("1618", "1648", "1648-12-31")
    e = one(events("The consul besieged the city from 214 to 212 BC."), "besieged")
    assert (e["time"]["value"], e["time"]["until"]) == ("-0214", "-0212")


def test_two_dates_joined_by_and_are_no_period():
    e = one(events("The Ming court moved the fleet in 1405 and 1421."), "moved")
    assert "until" not in (e["time"] or {})


def test_a_state_since_or_until_a_date_is_not_a_happening_then():
    evs = events("Under Franco, who ruled Spain until 1975, the country joined the UN in 1955. "
                 "Ney, who had commanded the rearguard since 1812, was shot in 1815.")
    assert one(evs, "joined")["time"]["value"] == "1955"
    assert all((e["time"] or {}).get("value") not in ("1975", "1812") for e in evs)


def test_not_until_a_date_is_when_it_happened():
    e = one(events("The rising was not finally crushed until 1849."), "crushed")
    assert e["time"]["value"] == "1849"


def test_a_named_day_wins_over_an_offset():
    e = one(events("The siege began in May 1453. Two weeks earlier, on 14 May, the sultan had "
                   "bombarded the walls."), "bombarded")
    assert e["time"]["value"] == "1453-05-14"


def test_an_anniversary_does_not_date_a_happening_by_the_event_it_recalls():
    evs = events("On the anniversary of the Battle of Kosovo the crowd gathered in the square.")
    assert all(not e["time"] for e in evs if e["trigger"] == "gathered")


def test_habits_and_composition_are_not_happenings():
    evs = events("In the 1650s the Cossacks used to raid the Black Sea coast. "
                 "In the 1920s former officers made up the backbone of the new army.")
    assert all(not e["time"] for e in evs if e["trigger"] in ("raid", "formed"))


def test_a_participle_used_as_an_adjective_is_no_happening():
    evs = events("In 1402 the garrison held out until the night of 3 May, when its starving soldiers tried to "
                 "break out.")
    assert all(e["trigger"] != "starving" for e in evs)
    assert one(evs, "break")["time"]["value"] == "1402-05-03"  # the when-clause on the date


def test_an_event_noun_opening_a_sentence_is_a_trigger():
    e = one(events("Peace came with the Treaty of Utrecht in 1713."), "Peace")
    assert e["time"]["value"] == "1713"


def test_handing_something_to_someone_is_a_transfer():
    e = one(events("In 1701 the lords handed their charters to the crown."), "handed")
    assert e["type"] == "TRANSFER" and e["time"]["value"] == "1701"


def test_a_date_in_quotation_marks_is_an_aside():
    evs = events('Poles still call them "the men of 1863", and the rising remains famous.')
    assert all(not e["time"] for e in evs)


def test_a_coordinated_clause_with_its_own_subject_keeps_its_own_time():
    evs = events("By 1830 the army counted 50,000 men, and they resented the new tax bitterly.")
    assert all(not e["time"] for e in evs)


def test_a_date_for_which_something_is_planned_is_not_when_it_happened():
    evs = events("The king promised a parliament for 1848.")
    assert all(not e["time"] for e in evs)


def test_a_name_the_parser_took_into_a_fronted_date_is_the_subject():
    e = one(events("In the spring of 218 BC Hannibal left New Carthage."), "left")
    assert e["time"]["value"] == "-0218-SP"
    assert roles(e).get("Hannibal") == "agent"
    assert e["description"] == "Hannibal left New Carthage"


def test_a_coordinated_clause_with_its_own_subject_keeps_its_date():
    evs = events("His tomb was plundered in antiquity, and his mummy was found in 1881 at Deir el-Bahari.")
    assert not one(evs, "plundered")["time"]
    assert one(evs, "found")["time"]["value"] == "1881"


def test_a_date_with_full_stops_inside_is_never_cut_into_two_sentences():
    doc = extract_text("The court acquitted the printer on 2 March [O.S.] 1701, and he left London. "
                       "In 44 B.C. the dictator was killed.")
    assert len(doc.sentences) == 2
    assert one(doc.events, "acquitted")["time"]["value"] == "1701-03-13"
    assert one(doc.events, "killed")["time"]["value"] == "-0044"


def test_a_relative_clause_inside_a_definition_is_told_and_its_pronoun_is_its_antecedent():
    e = one(events("The costliest desertion was that of Marshal Ney, the hero of Borodino, who went over "
                   "to the emperor on 14 March 1815."), "went")
    assert e["time"]["value"] == "1815-03-14"
    assert "Ney" in e["description"]


def test_a_participle_between_its_object_and_noun_is_still_a_verb():
    e = one(events("In June 1789 the Estates at Versailles elected Bailly president of the chamber."), "elected")
    assert e["time"]["value"] == "1789-06"


def test_the_present_tense_of_an_article_describes():
    evs = events("The chief source is the chronicle of Froissart, whose account breaks off in 1400.")
    assert all(not e["time"] for e in evs)


def test_a_sentence_with_a_date_of_its_own_is_not_read_in_the_time_before():
    evs = events("The assembly met in March 1848. The radicals proclaimed a republic, and on 24 June 1848 "
                 "the army crushed the workers.")
    assert all((e["time"] or {}).get("basis") != "narrative" for e in evs if e["trigger"] == "proclaimed")


def test_a_subject_pronoun_continues_the_subject_of_the_sentence_before():
    # centering: "He" opening a sentence is the last sentence's subject, not the person it named last
    evs = events("Julius Caesar defeated Gnaeus Pompeius at Pharsalus in 48 BC. He then pursued the fugitives "
                 "to Egypt.")
    assert roles(one(evs, "pursued")).get("Julius Caesar") == "agent"
    evs = events("General Ulysses Grant defeated Robert E. Lee at Appomattox in April 1865. He then travelled to "
                 "Washington.")
    assert roles(one(evs, "travelled")).get("Ulysses Grant") == "agent"


def test_a_subject_pronoun_after_a_sentence_whose_subject_is_no_person_takes_the_person_named_last():
    evs = events("The Senate exiled Marcus Tullius Cicero in 58 BC. He returned to Rome a year later.")
    assert roles(one(evs, "returned")).get("Marcus Tullius Cicero") == "agent"


def test_a_date_said_right_after_a_happening_named_by_after_dates_it():
    # the parser hangs "in 1644" on the verb; said right after "the death of the emperor" it is the death's date
    evs = events("The dynasty declined after the death of the emperor in 1644.")
    assert one(evs, "death")["time"]["value"] == "1644"
    evs = events("The Senate met again after his assassination on 15 March 44 BC.")
    assert one(evs, "assassination")["time"]["value"] == "-0044-03-15"
