"""Peers, rulers and their styles: "X, Earl of Y", "Joanna, Queen of Naples", the peer called by his territory;
names received or taken ("X received the name Y"), a Roman's nomen alone, a river or a dynasty without its head noun.

Sentences invented for these tests, from several centuries; each rule is general English usage of
historical prose, not a name of any evaluation text.
"""

from __future__ import annotations

import pytest

from annals.extract import extract_text


def entities(text: str) -> dict[str, tuple[str, list[str]]]:
    return {e.name: (e.type, e.aliases) for e in extract_text(text).entities}


def aliases_of(text: str, name: str) -> list[str]:
    """The other names of the entity named ``name`` (an empty list when there is none of that name)."""
    return entities(text).get(name, ("", []))[1]


@pytest.mark.parametrize("text, person, style", [
    ("In 1704 John Churchill, Duke of Marlborough, marched his army to the Danube.", "John Churchill",
     "Duke of Marlborough"),
    ("The plot was betrayed by Thomas Howard, the Earl of Arundel, in 1572.", "Thomas Howard", "Earl of Arundel"),
    ("The troops were led by Arthur Wellesley, the future Duke of Wellington, who had served in India.",
     "Arthur Wellesley", "Duke of Wellington"),
    ("The treaty was signed for the church by Henry Compton, Bishop of London, and two others.", "Henry Compton",
     "Bishop of London"),
])
def test_a_style_after_a_name_is_another_name_of_the_person(text, person, style):
    found = entities(text)
    assert found[person][0] == "PERSON"
    assert style in found[person][1]
    assert style not in found  # not an entity of its own


@pytest.mark.parametrize("text, person, bare", [
    ("In 1704 John Churchill, Duke of Marlborough, marched to the Danube. Marlborough met the emperor's "
     "general there, and Marlborough's cavalry broke the French centre.", "John Churchill", "Marlborough"),
    ("Robert Devereux, Earl of Essex, led the raid on Cadiz in 1596. The queen later sent Essex to Ireland.",
     "Robert Devereux", "Essex"),
    ("In 1601 the archduke gave the command to Ambrogio Spinola, Marquess of Los Balbases. Los Balbases "
     "took the town in 1604.", "Ambrogio Spinola", "Los Balbases"),
])
def test_a_peer_called_by_his_territory_is_the_peer(text, person, bare):
    found = entities(text)
    assert bare in found[person][1]
    assert bare not in found


def test_the_territory_said_as_a_place_stays_a_place():
    found = entities("Gaston, the Count of Foix, held court at Orthez. In Foix itself the castle was rebuilt "
                     "in 1362.")
    assert "Count of Foix" in found["Gaston"][1]
    assert found["Foix"][0] in {"GPE", "LOC"}


def test_a_country_in_a_style_stays_the_country():
    found = entities("In 1343 Edward of Woodstock, Prince of Wales, was given the principality. Wales "
                     "rose against the English crown in 1400.")
    assert found["Wales"][0] == "GPE"


@pytest.mark.parametrize("text, name", [
    ("The murder of Joanna, Queen of Naples, in 1382 left the kingdom to her cousin.", "Joanna, Queen of Naples"),
    ("In 1346 Edward, Prince of Wales, fought beside his father.", "Edward, Prince of Wales"),
    ("Charles the Bold succeeded Philip, Duke of Burgundy, in 1467.", "Philip, Duke of Burgundy"),
])
def test_a_first_name_and_a_style_are_one_name(text, name):
    found = entities(text)
    assert found[name][0] == "PERSON"


def test_a_surname_before_the_style_is_part_of_the_persons_name():
    found = entities("The fleet sailed under Juan Alvarez de Toledo, Duke of Huesca, in May 1590.")
    assert not [n for n in found if n.startswith("Toledo")]


@pytest.mark.parametrize("text, name, aliases", [
    ('The Holy League (Latin: Sacra Liga, "the Holy League") was formed in 1571.', "Holy League",
     ["Sacra Liga"]),
    ('The Great Council (Venetian: Mazor Consegio e Gran Consegio, "Greater and Great Council") met weekly.',
     "Great Council", ["Mazor Consegio e Gran Consegio", "Greater and Great Council"]),
])
def test_a_labelled_parenthesis_gives_the_names_in_other_languages(text, name, aliases):
    found = entities(text)
    assert set(aliases) <= set(found[name][1])


@pytest.mark.parametrize("text, full, bare", [
    ("In 1868 the court named Sanjo Sanetomi chief minister. In the spring Sanjo moved the court to Tokyo.",
     "Sanjo Sanetomi", "Sanjo"),
    ("The reformer Kang Youwei sent a memorial to the emperor in 1898. Kang fled to Japan after the coup.",
     "Kang Youwei", "Kang"),
    ("In 1848 Kossuth Lajos spoke in the Diet at Pozsony. Kossuth later led the defence committee.",
     "Kossuth Lajos", "Kossuth"),
])
def test_a_family_name_said_first_joins_the_full_name(text, full, bare):
    found = entities(text)
    assert bare in found[full][1]
    assert bare not in found


def test_styles_in_a_list_are_different_people():
    found = entities("The king sent the Marquess of Ormsby, the Earl of Tarland and Lord Fenwick to treat with "
                     "the rebels in 1642.")
    assert found["Marquess of Ormsby"][0] == "PERSON" and found["Earl of Tarland"][0] == "PERSON"


@pytest.mark.parametrize("text, name, alias", [
    ("After the victory Scaevola received the name Africus from the assembly. Africus returned in triumph.",
     "Scaevola", "Africus"),
    ("In 1206 the chief Temurel took the title Oyun Khan, and Oyun Khan ruled the steppe for twenty years.",
     "Oyun Khan", "Temurel"),
    ("The general Orsino was given the surname Magnus after the siege, and Magnus was feared for a generation.",
     "Orsino", "Magnus"),
])
def test_a_name_received_or_taken_is_another_name_of_the_bearer(text, name, alias):
    assert alias in aliases_of(text, name)


@pytest.mark.parametrize("text, full, bare", [
    ("The senate named Quintus Valerius Corvinus dictator. Valerius refused battle and waited.",
     "Quintus Valerius Corvinus", "Valerius"),
    ("The consul Marcus Sergius Fidenas crossed the river, and that night Sergius camped on the hill.",
     "Marcus Sergius Fidenas", "Sergius"),
    ("Gaius Licinius Stolo proposed the law in 367 BC. Licinius was later fined under it.",
     "Gaius Licinius Stolo", "Licinius"),
])
def test_a_romans_nomen_alone_is_the_same_person(text, full, bare):
    assert bare in aliases_of(text, full)


@pytest.mark.parametrize("text, full, bare", [
    ("Under the Wenzhao dynasty the canals were dredged, and the Wenzhao court taxed salt. The Wenzhao fell in 1320.",
     "Wenzhao dynasty", "Wenzhao"),
    ("The army crossed the Varna River at dawn. By noon the Varna was behind them.", "Varna River", "Varna"),
    ("In 1740 the barges went up the Tallow River to the mills. In December the Tallow rose and flooded the lower "
     "town.", "Tallow River", "Tallow"),
])
def test_a_river_or_a_dynasty_is_called_without_its_head_noun(text, full, bare):
    assert bare in aliases_of(text, full)


@pytest.mark.parametrize("text, head", [
    ("The nobles feared that a Protestant dynasty would take the throne in 1688.", "dynasty"),
    ("In 1805 another Austrian army crossed the Inn and marched on Munich.", "army"),
    ("The exiles in Paris hoped for a Polish government after the rising of 1830.", "government"),
])
def test_a_description_after_an_indefinite_article_is_no_name(text, head):
    assert not [name for name in entities(text) if name.lower().endswith(head)]


@pytest.mark.parametrize("text, whole, apart", [
    ("In 1780 the members of the Academy of Arts and Sciences met in Boston.", "Academy of Arts and Sciences", []),
    ("Its followers, the Society of Loyal and Patient Brothers, rose in the hills in 1821.",
     "Society of Loyal and Patient Brothers", []),
    ("In 1540 the Society of Jesus and Francis Xavier sailed east.", "Society of Jesus", ["Francis Xavier"]),
])
def test_an_and_inside_the_of_part_of_a_bodys_name_keeps_it_whole(text, whole, apart):
    found = entities(text)
    assert found[whole][0] == "ORG"
    assert all(name in found for name in apart)


@pytest.mark.parametrize("text, bare", [
    ("He came to the council under a safe conduct from King Sigismar, but the council burned him in 1415. The old "
     "king died in 1419, and his half-brother Sigismar, King of Ulmland and King of the Varns, claimed the crown.",
     "Sigismar"),
    ("Queen Adela ruled alone after 1150, and the barons obeyed her. In 1160 Adela, Queen of Varn, made peace with "
     "the count.", "Adela"),
    ("The town fell to Duke Boleslav in 1241. Later Boleslav, Prince of Ostrava, made peace with the king.",
     "Boleslav"),
])
def test_a_first_name_with_a_style_is_the_bare_name_said_elsewhere(text, bare):
    found = entities(text)
    people = [name for name, (etype, aliases) in found.items() if etype == "PERSON" and bare in aliases]
    assert len(people) == 1 and bare not in [n for n in found if n != people[0]], found


@pytest.mark.parametrize("text, name, etype", [
    ("The Compacts of Ulmbrook, agreed in 1436, allowed communion in both kinds.", "Compacts of Ulmbrook", "WORK"),
    ("On 14 July 1420 the rebels held Varkov Hill outside the city.", "Varkov Hill", "LOC"),
    ("The crowd stormed the Old Guild Hall in 1419 and threw the councillors from its windows.", "Old Guild Hall",
     "LOC"),
])
def test_a_head_noun_types_its_name_in_the_singular_and_the_plural(text, name, etype):
    assert entities(text)[name][0] == etype


@pytest.mark.parametrize("text, places", [
    ("After the massacres at Sétif and Guelma in May 1945, in which soldiers killed thousands, the party split.",
     ["Sétif", "Guelma"]),
    ("The army wintered between Tula and Kaluga in 1812 before it marched west.", ["Tula", "Kaluga"]),
    ("The plague reached Pisa and Lucca in the spring of 1348.", ["Pisa", "Lucca"]),
])
def test_two_places_joined_by_and_are_two(text, places):
    found = entities(text)
    assert all(p in found for p in places), found


@pytest.mark.parametrize("text, name", [
    ("The police fired on the crowd on Bloody Thursday in 1956.", "Bloody Thursday"),
    ("On 1 November 1954 the rebels struck across the country, on what was later called Red All Saints' Day.",
     "Red All Saints' Day"),
    ("The guards fired on the marchers on Black Tuesday, and the city rose.", "Black Tuesday"),
])
def test_a_named_day_is_an_event(text, name):
    assert entities(text)[name][0] == "EVENT"


@pytest.mark.parametrize("text, full, short", [
    ("In 1958 Charles de Gaulle returned to power. De Gaulle first promised the settlers that they would stay.",
     "Charles de Gaulle", "De Gaulle"),
    ("In 1815 Ludwig van Beethoven was famous in Vienna. Van Beethoven wrote little that year.",
     "Ludwig van Beethoven", "Van Beethoven"),
    ("Pierre du Guesclin held the castle in 1370. Du Guesclin then marched south.", "Pierre du Guesclin",
     "Du Guesclin"),
])
def test_a_surname_with_its_particle_capitalised_is_the_full_name(text, full, short):
    found = entities(text)
    assert found[full][0] == "PERSON" and short in found[full][1], found


@pytest.mark.parametrize("text, name, acronym", [
    ("In 1961 the Organisation armée secrète (OAS), formed by officers, bombed cafés in the capital.",
     "Organisation armée secrète", "OAS"),
    ("From 1929 the Partido Nacional Revolucionario (PNR) ruled the country.", "Partido Nacional Revolucionario",
     "PNR"),
    ("The accords were signed with the Provisional Government of the Algerian Republic (GPRA) in 1962.",
     "Provisional Government of the Algerian Republic", "GPRA"),
])
def test_words_whose_initials_spell_the_acronym_after_them_are_one_name(text, name, acronym):
    found = entities(text)
    assert acronym in found[name][1], found


@pytest.mark.parametrize("text, day", [
    ("On Easter Sunday, 2 April 1643, the rebels took the town.", "Easter Sunday"),
    ("On Christmas Day 1066 the duke was crowned in the abbey.", "Christmas Day"),
    ("The garrison surrendered on Good Friday in 1429.", "Good Friday"),
])
def test_a_feast_day_is_a_date_not_an_event(text, day):
    assert day not in entities(text)


@pytest.mark.parametrize("text, name", [
    ("In 1839 the Treaties of Varzin ended the border war between the two duchies.", "Treaties of Varzin"),
    ("In 1520 the rebels published the Plan of Santa Rosa, which called for a new assembly.", "Plan of Santa Rosa"),
    ("The Treaties of Tilsit were signed in July 1807 on a raft in the river.", "Treaties of Tilsit"),
])
def test_a_head_noun_and_a_place_after_of_are_one_name(text, name):
    assert entities(text)[name][0] == "WORK"


@pytest.mark.parametrize("text, word", [
    ("In 1609 the States General signed a truce with Spain for twelve years.", "States"),
    ("In 1789 the Estates General met at Versailles for the first time since 1614.", "Estates"),
    ("The Union Jack was raised over the fort in 1801.", "Union"),
])
def test_a_common_word_the_gazetteer_knows_is_no_name_inside_a_longer_one(text, word):
    assert word not in entities(text)


@pytest.mark.parametrize("text, one, other", [
    ("In 1454 Richard, Duke of York, was made protector. Richard was killed in 1460. In 1483 Richard, Duke of "
     "Gloucester, took the throne.", "Richard, Duke of York", "Richard, Duke of Gloucester"),
    ("John, Duke of Bedford, ruled in France. In 1435 John died at Rouen. John, Duke of Berry, had died in 1416.",
     "John, Duke of Bedford", "John, Duke of Berry"),
    ("Charles, Duke of Orleans, was captured in 1415. Charles wrote poems in prison. Charles, Count of Eu, was "
     "taken too.", "Charles, Duke of Orleans", "Charles, Count of Eu"),
])
def test_two_styles_of_one_first_name_are_two_people(text, one, other):
    found = entities(text)
    assert one in found and other in found, found


@pytest.mark.parametrize("text, name", [
    ("The crown passed between the House of Lancaster and the House of York after 1455.", "House of Lancaster"),
    ("The House of Commons refused the subsidy in 1629.", "House of Commons"),
    ("In 1282 the House of Habsburg took Austria.", "House of Habsburg"),
])
def test_a_house_of_a_name_is_a_family_or_a_chamber(text, name):
    assert entities(text)[name][0] == "ORG"


@pytest.mark.parametrize("text, title", [
    ("Jean Morvel's painting The Burning at Ostra, finished two years later, shocked the salon.",
     "Burning at Ostra"),
    ("In 1830 the painting The Barricade at Lyon was shown in Paris.", "Barricade at Lyon"),
    ("His poem The Siege of Corinth appeared in 1816.", "Siege of Corinth"),
])
def test_a_title_after_its_noun_runs_through_its_prepositions(text, title):
    assert entities(text)[title][0] == "WORK"


@pytest.mark.parametrize("text, person", [
    # the small tagger reads the given name as a common noun and the surname as a body's name
    ("Selçuk Arıkan commanded the garrison of the fortress until the spring.", "Selçuk Arıkan"),
    ("Wambugu Ndirangu organised the strike at the port of Mombasa in 1947.", "Wambugu Ndirangu"),
])
def test_a_given_name_before_a_name_the_tagger_took_for_a_body_makes_a_person(text, person):
    assert entities(text)[person][0] == "PERSON"


def test_a_given_name_before_a_head_noun_stays_the_place():
    assert entities("The army crossed the Leopold Canal at dawn.")["Leopold Canal"][0] == "LOC"


def test_a_surname_the_tagger_left_out_of_a_persons_name_is_part_of_it():
    found = entities("The council of Vila Rica later elected Pedro Alves its president.")
    assert found.get("Pedro Alves", ("",))[0] == "PERSON", found
