"""Typed relations between entities, on short texts written for these tests (none is taken from an
evaluation document).  Each test runs the whole extraction and checks ``doc.relations``."""

from __future__ import annotations

from functools import cache

import pytest

from annals.extract import extract_text
from annals.model import Document
from annals.pipeline import load_pipeline


@cache
def extract(text: str) -> Document:
    return extract_text(text)


def triples(doc: Document) -> set[tuple[str, str, str, bool]]:
    return {(r["subject"], r["relation"], r["object"], r["negated"]) for r in doc.relations}


def has(text: str, subject: str, relation: str, obj: str, negated: bool = False) -> dict:
    """The relation record whose subject and object names contain ``subject`` and ``obj``."""
    doc = extract(text)
    for r in doc.relations:
        if subject in r["subject"] and r["relation"] == relation and obj in r["object"] and r["negated"] == negated:
            return r
    raise AssertionError(f"no {subject} {relation} {obj} (negated={negated}) in {sorted(triples(doc))}")


def lacks(text: str, subject: str, relation: str, obj: str) -> None:
    doc = extract(text)
    found = [r for r in doc.relations if subject in r["subject"] and r["relation"] == relation and obj in r["object"]]
    assert not found, found


# -- the component and the record ------------------------------------------------------------------


def test_relations_component_is_in_the_pipeline():
    names = load_pipeline().pipe_names
    assert "annals_relations" in names
    assert names.index("annals_relations") > names.index("annals_names")


def test_relation_record_has_ids_source_sentence_pattern_and_time():
    text = ("The First Army was formed in 1915. "
            "The Northern Army, led by General Ivan Petrov, crossed the river in 1919.")
    r = has(text, "Ivan Petrov", "LEADER_OF", "Northern Army")
    doc = extract(text)
    ids = {e.id: e.name for e in doc.entities}
    assert ids[r["subject_id"]] == r["subject"] and ids[r["object_id"]] == r["object"]
    assert r["source"]["sentence"] == "The Northern Army, led by General Ivan Petrov, crossed the river in 1919."
    assert r["source"]["sentence_index"] == 1
    assert text[r["source"]["start"] : r["source"]["end"]] == r["source"]["sentence"]
    assert r["pattern"] and r["time"]["value"] == "1919"


def test_relation_without_a_date_has_no_time():
    assert has("The Social Democrats denounced the Radical Party.", "Social Democrats", "OPPOSED",
               "Radical Party")["time"] is None


def test_relations_are_recorded_once_per_sentence():
    doc = extract("The Cheka arrested Boris Savinkov, and Boris Savinkov was arrested by the Cheka.")
    found = [r for r in doc.relations if r["relation"] == "ARRESTED"]
    assert len(found) == 1


def test_unresolved_arguments_give_no_relation():
    doc = extract("The committee was led by a former officer of the old army.")
    assert doc.relations == []


# -- LEADER_OF ---------------------------------------------------------------------------------------


def test_leader_participle_on_the_noun_passive_voice():
    has("The Northern Army, led by General Ivan Petrov, crossed the river in 1919.",
        "Ivan Petrov", "LEADER_OF", "Northern Army")


def test_leader_passive_clause():
    has("The Black Sea Fleet was commanded by Admiral Pavel Orlov.", "Pavel Orlov", "LEADER_OF", "Black Sea Fleet")


def test_leader_active_voice():
    has("General Otto Brandt commanded the Third Army until 1917.", "Otto Brandt", "LEADER_OF", "Third Army")


def test_leader_given_and_taking_command_of():
    has("In 1916 General Anton Orlov was given command of the Southwestern Front.",
        "Anton Orlov", "LEADER_OF", "Southwestern Front")
    has("Colonel Jan Novak took command of the First Rifle Regiment in 1917.",
        "Jan Novak", "LEADER_OF", "First Rifle Regiment")


def test_leader_under_the_command_of():
    has("The Volunteer Army advanced on Moscow under the command of General Anton Denikin.",
        "Anton Denikin", "LEADER_OF", "Volunteer Army")


def test_leader_office_in_apposition():
    has("Fyodor Lenz, chairman of the Peasant Union, spoke first.", "Fyodor Lenz", "LEADER_OF", "Peasant Union")


def test_leader_office_as_predicate():
    has("Sergei Volkov became the head of the Military Commission in 1918.",
        "Sergei Volkov", "LEADER_OF", "Military Commission")


def test_leader_title_without_of_points_at_the_organisation_before():
    has("The Peasant Union was founded in 1905. Its programme was written by chairman Fyodor Lenz.",
        "Fyodor Lenz", "LEADER_OF", "Peasant Union")


def test_leader_of_a_unit_named_after_its_commander():
    has("The Composite Brigade of General Karl Holtz held the bridge.", "Karl Holtz", "LEADER_OF", "Composite Brigade")


def test_leader_of_a_unit_under_its_commander():
    has("The Baltic Sea Division under General Rudolf Holtz landed at Hanko.",
        "Rudolf Holtz", "LEADER_OF", "Baltic Sea Division")


def test_leading_title_of_an_organisation():
    has("Patriarch Tikhon of the Russian Orthodox Church protested.", "Tikhon", "LEADER_OF", "Russian Orthodox Church")


# -- MEMBER_OF, PART_OF --------------------------------------------------------------------------------


def test_member_non_leading_office():
    has("Pyotr Sokol, commissar of the Volga Flotilla, was arrested.", "Pyotr Sokol", "MEMBER_OF", "Volga Flotilla")


def test_member_lowered_leading_office():
    text = "Ivan Kern, deputy chairman of the Peasant Union, objected."
    has(text, "Ivan Kern", "MEMBER_OF", "Peasant Union")
    lacks(text, "Ivan Kern", "LEADER_OF", "Peasant Union")


def test_member_chief_of_staff_of_a_possessor():
    has("Colonel Viktor Ries, the Danube Army's chief of staff, resigned in 1915.",
        "Viktor Ries", "MEMBER_OF", "Danube Army")


def test_member_titled_name_of_an_organisation():
    has("Bishop Germogen of the Russian Orthodox Church protested.", "Germogen", "MEMBER_OF", "Russian Orthodox Church")


def test_member_joined_and_never_joined():
    has("In 1912 Josef Kral joined the Social Democratic Party.", "Josef Kral", "MEMBER_OF", "Social Democratic Party")
    has("Josef Kral never joined the Social Democratic Party.", "Josef Kral", "MEMBER_OF", "Social Democratic Party",
        negated=True)


def test_part_of_as_part_of_and_apposition():
    has("The Latvian Rifle Division fought as part of the Red Army.", "Latvian Rifle Division", "PART_OF", "Red Army")
    has("The Estonian Corps, part of the Northwestern Army, attacked Pskov.",
        "Estonian Corps", "PART_OF", "Northwestern Army")


def test_part_of_became_part_of():
    has("In 1940 the Lithuanian Army became part of the Red Army.", "Lithuanian Army", "PART_OF", "Red Army")


def test_part_of_a_name_beginning_with_another_organisations_name():
    has("The Directorate was formed in Kiev. The Directorate Army marched on Odessa.",
        "Directorate Army", "PART_OF", "Directorate")


# -- SUBMITTED_TO, REFUSED ------------------------------------------------------------------------------


def test_submitted_to_with_coordinated_subjects():
    text = "In 1919 the Terek Host, the Astrakhan Army and the Ural Army submitted to Admiral Kolchak."
    for unit in ("Terek Host", "Astrakhan Army", "Ural Army"):
        has(text, unit, "SUBMITTED_TO", "Kolchak")


def test_submitted_to_a_description_and_its_command():
    text = ("The Supreme Council was formed in Omsk. Several units, such as the Ural Army and the Orenburg Army, "
            "submitted themselves to the council's command.")
    has(text, "Ural Army", "SUBMITTED_TO", "Supreme Council")
    has(text, "Orenburg Army", "SUBMITTED_TO", "Supreme Council")


def test_refused_to_submit_is_refused_not_submitted():
    text = "Ataman Grigory Semyonov refused to submit to Admiral Kolchak."
    has(text, "Grigory Semyonov", "REFUSED", "Kolchak")
    lacks(text, "Grigory Semyonov", "SUBMITTED_TO", "Kolchak")


def test_entered_someones_service():
    has("Colonel Karl Weber entered Hetman Skoropadsky's service in 1918.", "Karl Weber", "SUBMITTED_TO", "Skoropadsky")


def test_pronoun_object_resolves_to_the_person_before():
    has("General Pyotr Wrangel reached Crimea in April 1920. The Markov Regiment submitted to him.",
        "Markov Regiment", "SUBMITTED_TO", "Pyotr Wrangel")


# -- OPPOSED --------------------------------------------------------------------------------------------


def test_opposed_denounced_and_negated():
    has("The Social Democrats denounced the Radical Party.", "Social Democrats", "OPPOSED", "Radical Party")
    has("The Peasant Union did not oppose the Provisional Government.", "Peasant Union", "OPPOSED",
        "Provisional Government", negated=True)


def test_opposed_fought_against():
    has("The Green Army fought against the Red Army in Tambov province.", "Green Army", "OPPOSED", "Red Army")


def test_opposed_copula_rising_against():
    has("The Izhevsk rebellion was an armed rising of workers against the Bolsheviks and the Cheka.",
        "Izhevsk rebellion", "OPPOSED", "Cheka")


def test_opposed_anti_adjective_and_founded_by_on_an_apposition():
    text = ("The Bolsheviks took Samara in 1918. The Ufa Directory, an anti-Bolshevik government formed by the "
            "Socialist Revolutionaries, met in Omsk.")
    has(text, "Ufa Directory", "OPPOSED", "Bolsheviks")
    has(text, "Socialist Revolutionaries", "FOUNDED", "Ufa Directory")


def test_opposed_parenthesis_names_the_members_of_a_common_noun():
    text = "The NTS waged war against the Soviet secret police (the OGPU and the NKVD)."
    has(text, "NTS", "OPPOSED", "OGPU")
    has(text, "NTS", "OPPOSED", "NKVD")


# -- ARRESTED --------------------------------------------------------------------------------------------


def test_arrested_active_and_passive():
    has("The Cheka arrested Boris Savinkov in 1924.", "Cheka", "ARRESTED", "Boris Savinkov")
    has("Boris Savinkov was arrested by the OGPU in August 1924.", "OGPU", "ARRESTED", "Boris Savinkov")


def test_arrested_nominal_by_and_of():
    has("The arrest of Lev Kamenev by the NKVD shocked the party.", "NKVD", "ARRESTED", "Lev Kamenev")


def test_arrested_along_with():
    text = "The Okhrana arrested the editors along with many Mensheviks and Socialist Revolutionaries."
    has(text, "Okhrana", "ARRESTED", "Mensheviks")
    has(text, "Okhrana", "ARRESTED", "Socialist Revolutionaries")


# -- FOUNDED, LOCATED_IN -----------------------------------------------------------------------------------


def test_founded_passive_with_coordinated_agents_and_place():
    text = "The Union of Salvation was founded in Saint Petersburg in 1816 by Alexander Muravyov and Sergei Trubetskoy."
    has(text, "Alexander Muravyov", "FOUNDED", "Union of Salvation")
    has(text, "Sergei Trubetskoy", "FOUNDED", "Union of Salvation")
    has(text, "Union of Salvation", "LOCATED_IN", "Saint Petersburg")


def test_founded_active_voice():
    text = "In 1898 Georgi Plekhanov and Pavel Axelrod founded the Russian Social Democratic Labour Party."
    has(text, "Georgi Plekhanov", "FOUNDED", "Russian Social Democratic Labour Party")
    has(text, "Pavel Axelrod", "FOUNDED", "Russian Social Democratic Labour Party")


def test_located_stands_on_a_in_b_chain():
    text = "The Kronborg Fortress stands on Zealand Island in the Oresund."
    has(text, "Kronborg Fortress", "LOCATED_IN", "Zealand Island")
    has(text, "Zealand Island", "LOCATED_IN", "Oresund")


def test_located_organisation_named_with_its_place():
    has("The Polish Legion in Galicia grew quickly.", "Polish Legion", "LOCATED_IN", "Galicia")


def test_located_main_base_of():
    has("Sevastopol was the main base of the Black Sea Fleet.", "Black Sea Fleet", "LOCATED_IN", "Sevastopol")


def test_located_settled_in_and_relative_clause_on_people():
    has("After the war Nikolai Orlov settled in Paris.", "Nikolai Orlov", "LOCATED_IN", "Paris")
    text = "Anna Weiss and Karl Ruhl, socialists who were in Berlin in 1919, left Germany."
    has(text, "Anna Weiss", "LOCATED_IN", "Berlin")
    has(text, "Karl Ruhl", "LOCATED_IN", "Berlin")


# -- SUPPORTED, NEGOTIATED_WITH -------------------------------------------------------------------------------


def test_supported_active_coordinated_and_passive():
    has("Britain and France supported the Volunteer Army.", "Britain", "SUPPORTED", "Volunteer Army")
    has("Britain and France supported the Volunteer Army.", "France", "SUPPORTED", "Volunteer Army")
    has("The Volunteer Army was backed by Britain.", "Britain", "SUPPORTED", "Volunteer Army")


def test_supported_received_the_blessing_of_several():
    text = "The Tsarist Court received the blessing of the Holy Synod as well as the Moscow Patriarchate."
    has(text, "Holy Synod", "SUPPORTED", "Tsarist Court")
    has(text, "Moscow Patriarchate", "SUPPORTED", "Tsarist Court")


def test_supported_support_amidst():
    has("The Green Movement received wide support amidst the Ukrainians.", "Ukrainians", "SUPPORTED", "Green Movement")


def test_negotiated_with_verb_and_treaty():
    has("The Ukrainian People's Republic negotiated with the Central Powers at Brest-Litovsk.",
        "Ukrainian People's Republic", "NEGOTIATED_WITH", "Central Powers")
    has("Finland signed the Treaty of Tartu with Soviet Russia in October 1920.",
        "Finland", "NEGOTIATED_WITH", "Soviet Russia")


def test_negotiated_through_delegations_sent_by():
    has("Delegations sent by General Pyotr Wrangel to the Entente began negotiating an evacuation.",
        "Pyotr Wrangel", "NEGOTIATED_WITH", "Entente")


@pytest.mark.parametrize("text", [
    "Before the attack on the Soviet Union, the NTS closed its offices.",
    "The Estonian Corps attacked Pskov in May 1919.",
    "The Volunteer Army fought the Battle of Rostov in 1919.",
])
def test_no_opposition_to_places_or_battles_or_from_adverbials(text):
    assert not [r for r in extract(text).relations if r["relation"] == "OPPOSED"]


# -- more constructions ------------------------------------------------------------------------------------


def test_negotiated_mutual_treaty_and_between():
    has("Germany and Soviet Russia signed the Treaty of Brest-Litovsk in March 1918.",
        "Germany", "NEGOTIATED_WITH", "Soviet Russia")
    has("Negotiations between Poland and Soviet Russia began in Riga.", "Poland", "NEGOTIATED_WITH", "Soviet Russia")


def test_captured_person_is_arrested_but_not_a_captured_town():
    text = "Admiral Alexander Kolchak was captured by the Political Centre. The Red Army captured Omsk."
    has(text, "Political Centre", "ARRESTED", "Alexander Kolchak")
    lacks(text, "Red Army", "ARRESTED", "Omsk")


def test_leader_possessor_of_a_named_unit():
    has("General Radola Gajda led his Siberian Army. Admiral Alexander Kolchak's Siberian Army retreated.",
        "Alexander Kolchak", "LEADER_OF", "Siberian Army")


def test_leader_office_with_the_body_named_before_it():
    has("The Bolshevik leader Vladimir Lenin returned from exile. The Bolsheviks took power.",
        "Vladimir Lenin", "LEADER_OF", "Bolsheviks")


def test_leader_office_of_several_words():
    has("Sergei Witte, the Prime Minister of Russia, resigned in 1906.", "Sergei Witte", "LEADER_OF", "Russia")


def test_acting_against_opposes():
    text = "General Sergei Shubin led the Free Revolutionary Committee against the Mensheviks in 1919."
    has(text, "Sergei Shubin", "OPPOSED", "Mensheviks")
    has(text, "Free Revolutionary Committee", "OPPOSED", "Mensheviks")


def test_helped_someone_do_something():
    has("Japan sent soldiers to Vladivostok to help the Czechoslovak Legion leave Russia.",
        "Japan", "SUPPORTED", "Czechoslovak Legion")


def test_list_cut_off_by_the_parser_keeps_its_names():
    text = ("Earlier attempts by emigre groups such as the Russian Union of Officers, the Supreme Monarchist Council, "
            "and the NTS had shown the futility of waging war against the OGPU.")
    has(text, "NTS", "OPPOSED", "OGPU")
    has(text, "Russian Union of Officers", "OPPOSED", "OGPU")


def test_plural_pronoun_prefers_a_plural_name():
    has("The leaders of the Entente met in Paris. They did not trust the Bolsheviks, and they later negotiated "
        "with the Germans.", "Entente", "NEGOTIATED_WITH", "Germans")


def test_member_noun_stands_for_its_organisation():
    has("The Polish Legion was formed in Galicia in 1914. In 1916 the legionnaires defended the Austrian Army.",
        "Polish Legion", "SUPPORTED", "Austrian Army")


def test_agentless_arrest_by_the_authority_just_named():
    has("The Provisional Revolutionary Committee was set up in Riga on 2 March. Nikolai Kuzmin and other officials "
        "were detained.", "Provisional Revolutionary Committee", "ARRESTED", "Nikolai Kuzmin")


def test_organisation_acted_upon_in_a_named_place_is_there():
    has("In Samara the Czech Legion protected the Constituent Assembly Committee.",
        "Constituent Assembly Committee", "LOCATED_IN", "Samara")


def test_description_of_the_documents_topic():
    has("The Baltic Liberation Movement was founded in Riga in 1919. The movement received the support of the "
        "Estonian Army.", "Estonian Army", "SUPPORTED", "Baltic Liberation Movement")


def test_refused_to_support_is_negated_support():
    has("The Red Guards refused to support the Provisional Government.", "Red Guards", "SUPPORTED",
        "Provisional Government", negated=True)


def test_capital_of_a_country():
    text = "Warsaw, the capital of Poland, fell in 1939."
    has(text, "Warsaw", "LOCATED_IN", "Poland")
    lacks(text, "Poland", "LOCATED_IN", "Warsaw")


def test_part_of_incorporated_into():
    has("In 1918 the Czech Legion was incorporated into the French Army.", "Czech Legion", "PART_OF", "French Army")


def test_appointed_to_a_leading_office():
    has("Admiral Alexander Kolchak was appointed Supreme Ruler of the Provisional All-Russian Government.",
        "Alexander Kolchak", "LEADER_OF", "Provisional All-Russian Government")


def test_honorific_is_no_command():
    lacks("The Brotherhood of Saint George met in Paris.", "George", "LEADER_OF", "Brotherhood")


def test_each_unit_is_led_by_the_person_under_it_in_a_coordination():
    text = ("In May 1920 the Crimean Corps under Yakov Slashchov and the Don Corps under Fyodor Abramov "
            "crossed the river.")
    has(text, "Slashchov", "LEADER_OF", "Crimean Corps")
    has(text, "Abramov", "LEADER_OF", "Don Corps")
    lacks(text, "Abramov", "LEADER_OF", "Crimean Corps")
    lacks(text, "Don Corps", "LEADER_OF", "Crimean Corps")


def test_a_possessive_does_not_reach_forward_into_a_later_clause():
    text = ("Colonel Ivan Sorokin commanded the garrison. The Allies, above all France, armed his men with "
            "rifles; the French general Henri Berthelot ran the supply from Odessa.")
    lacks(text, "Allies", "SUPPORTED", "Berthelot")


def test_a_government_named_by_its_nationality_is_its_country_when_the_text_names_it():
    text = "Finland rejected the demand. The Finnish government, led by Prime Minister Aimo Cajander, refused."
    has(text, "Aimo Cajander", "LEADER_OF", "Finland")


def test_a_participle_after_a_list_goes_with_the_organisation_named_last():
    text = ("By 1821 there were the Northern Society in Saint Petersburg and the Southern Society in Tulchin, "
            "led by Colonel Pavel Pestel.")
    has(text, "Pavel Pestel", "LEADER_OF", "Southern Society")
    lacks(text, "Pavel Pestel", "LEADER_OF", "Northern Society")


def test_a_participle_clause_with_its_agent_is_passive():
    has("In 1918 the Czechoslovak Legion crossed the Volga, led by General Radola Gajda.",
        "Radola Gajda", "LEADER_OF", "Czechoslovak Legion")


def test_its_office_was_y_makes_y_its_holder_without_the_dates_of_a_life():
    text = ("The Union of Veterans was founded in Paris in 1924. Its first chairman was Prince Ivan Lvov "
            "(1870–1945). In the 1950s the Union ran a press. Its leaders were Pavel Orlov and Ivan Belov.")
    r = has(text, "Ivan Lvov", "LEADER_OF", "Union of Veterans")
    assert r["time"] is None  # 1870 is when he was born
    has(text, "Pavel Orlov", "LEADER_OF", "Union of Veterans")
    has(text, "Ivan Belov", "LEADER_OF", "Union of Veterans")


def test_y_became_chairman_of_the_organisation_just_named():
    has("The Union of Veterans met in Paris in 1933. Pavel Orlov became chairman a year later.",
        "Pavel Orlov", "LEADER_OF", "Union of Veterans")


def test_elected_him_ataman_makes_him_the_leader():
    r = has("Pyotr Orlov returned to the Don in 1918. In May 1918 the Don Cossacks elected him ataman of the "
            "Don Host.", "Pyotr Orlov", "LEADER_OF", "Don Host")
    assert r["time"]["value"] == "1918-05"


def test_an_apposition_does_not_take_the_time_of_its_clause():
    r = has("Pavel Orlov, the founder of the Union of Veterans, died in 1950.", "Pavel Orlov", "FOUNDED",
            "Union of Veterans")
    assert r["time"] is None  # he died in 1950; the founding is not dated


@pytest.mark.parametrize("text", [
    "In 1931 Pavel Orlov was succeeded by Ivan Belov as chairman of the Union of Veterans.",
    "In 1931 Ivan Belov succeeded Pavel Orlov as chairman of the Union of Veterans.",
])
def test_the_successor_as_chairman_holds_the_office(text: str) -> None:
    has(text, "Ivan Belov", "LEADER_OF", "Union of Veterans")
    lacks(text, "Pavel Orlov", "LEADER_OF", "Union of Veterans")
