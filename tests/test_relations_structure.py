"""Relations from general structure (issue 12, item 4): constructions of English, each checked on three
sentences invented for these tests, from periods and places that no evaluation document is about."""

from __future__ import annotations

import pytest
from test_relations import extract, has, lacks


@pytest.mark.parametrize("text,members,body", [
    ("The conspirators, afterwards known as the Liberators, were Marcus Brutus, Gaius Cassius, the praetor "
     "Decimus Brutus and Gaius Trebonius.", ["Marcus Brutus", "Gaius Cassius", "Gaius Trebonius"], "Liberators"),
    ("The plotters, afterwards known as the Gunpowder Conspirators, were Robert Catesby, Thomas Percy and the "
     "soldier Guy Fawkes.", ["Robert Catesby", "Thomas Percy", "Guy Fawkes"], "Gunpowder Conspirators"),
    ("The founders, known as the Young Turks, were Enver Pasha, Talaat Pasha, Ahmed Djemal and Ahmed Riza.",
     ["Enver Pasha", "Talaat Pasha", "Ahmed Riza"], "Young Turks"),
])
def test_a_roll_of_names_after_a_named_group_are_its_members(text, members, body):
    for m in members:
        has(text, m, "MEMBER_OF", body)


@pytest.mark.parametrize("text,holder,place", [
    ("Agustin de Iturbide, who had made himself Emperor of Mexico in 1822, abdicated in 1823.", "Iturbide", "Mexico"),
    ("In 1848 the assembly declared Lajos Kossuth governor of Hungary.", "Lajos Kossuth", "Hungary"),
    ("Henry, who had made himself King of England in 1399, was never secure.", "Henry", "England"),
])
def test_an_office_in_a_small_clause_is_held_by_its_subject(text, holder, place):
    has(text, holder, "LEADER_OF", place)


@pytest.mark.parametrize("text,founder,body", [
    ("The Jacobin Club, which Robespierre helped to found in 1789, dominated the Convention.", "Robespierre",
     "Jacobin Club"),
    ("The Indian National Congress, which Allan Octavian Hume helped to found in 1885, met in Bombay.",
     "Allan Octavian Hume", "Indian National Congress"),
    ("The Fenian Brotherhood, which John O'Mahony decided to found in New York, grew quickly.", "John O'Mahony",
     "Fenian Brotherhood"),
])
def test_a_relative_pronoun_object_of_a_verb_below_the_relative_clause(text, founder, body):
    has(text, founder, "FOUNDED", body)


@pytest.mark.parametrize("text,party,other", [
    ("On 12 March his envoys, Cardinal Mazarin and the Duke of Longueville, met Philip IV at Munster.",
     "Mazarin", "Philip IV"),
    ("On 4 April 1865 his generals, Robert E. Lee and James Longstreet, met Ulysses S. Grant at Appomattox.",
     "Robert E. Lee", "Ulysses S. Grant"),
    ("On 9 June 1815 their delegates, Talleyrand and Klemens von Metternich, met Lord Castlereagh in Vienna.",
     "Talleyrand", "Castlereagh"),
])
def test_a_date_taken_into_the_subject_and_a_list_in_apposition(text, party, other):
    has(text, party, "NEGOTIATED_WITH", other)


@pytest.mark.parametrize("text,new,old", [
    ("In 1924 Petrograd was renamed Leningrad.", "Leningrad", "Petrograd"),
    ("Constantine renamed Byzantium Constantinople in 330.", "Constantinople", "Byzantium"),
    ("In 1961 Stalingrad, renamed Volgograd, erased the name of Joseph Stalin.", "Volgograd", "Stalingrad"),
])
def test_renaming_gives_an_alias(text, new, old):
    has(text, new, "ALIAS_OF", old)


@pytest.mark.parametrize("text,jailer,prisoner", [
    ("Richard fled to Austria, which kept him in prison until 1194.", "Austria", "Richard"),
    ("In 1792 the Jacobins threw Louis XVI into prison.", "Jacobins", "Louis XVI"),
    ("In 1815 the British held Napoleon Bonaparte in captivity on Saint Helena.", "British", "Napoleon"),
])
def test_keeping_or_putting_someone_in_prison_is_an_arrest(text, jailer, prisoner):
    has(text, jailer, "ARRESTED", prisoner)


@pytest.mark.parametrize("text,backer,backed", [
    ("In 1745 Lord George Murray raised the Highland clans for Charles Edward Stuart.", "George Murray",
     "Charles Edward Stuart"),
    ("Robert Morris raised money for George Washington in 1781.", "Robert Morris", "George Washington"),
    ("In 1862 Giuseppe Garibaldi raised volunteers for Victor Emmanuel II.", "Giuseppe Garibaldi",
     "Victor Emmanuel II"),
])
def test_raising_forces_or_money_for_someone_supports_them(text, backer, backed):
    has(text, backer, "SUPPORTED", backed)


@pytest.mark.parametrize("text,unit,places,leader", [
    ("The veterans of the Army of Italy, who were quartered around Mantua and Verona under Andre Massena, "
     "waited for orders.", "Army of Italy", ["Mantua", "Verona"], "Andre Massena"),
    ("The remnants of the Grande Armee, who were stationed around Vilnius under Joachim Murat, froze.",
     "Grande Armee", ["Vilnius"], "Joachim Murat"),
    ("The soldiers of the Army of the Potomac, who were stationed in Harrisburg under George Meade, waited.",
     "Army of the Potomac", ["Harrisburg"], "George Meade"),
])
def test_troops_quartered_somewhere_under_a_leader(text, unit, places, leader):
    for p in places:
        has(text, unit, "LOCATED_IN", p)
    has(text, leader, "LEADER_OF", unit)


@pytest.mark.parametrize("text,body,place,wider", [
    ("By 1600 the Hanseatic League, a trading league headquartered at the Steelyard in London, was declining.",
     "Hanseatic League", "Steelyard", "London"),
    ("The Knights Hospitaller, an order based at Fort Saint Elmo on Malta, resisted the Ottomans.",
     "Knights Hospitaller", "Fort Saint Elmo", "Malta"),
    ("The Dutch East India Company, a company headquartered at the Oost-Indisch Huis in Amsterdam, paid well.",
     "Dutch East India Company", "Oost-Indisch Huis", "Amsterdam"),
])
def test_what_is_at_a_place_in_a_larger_place_is_in_the_larger_place(text, body, place, wider):
    has(text, body, "LOCATED_IN", wider)


@pytest.mark.parametrize("text,small,large", [
    ("The end came in the summer of 1644 at Marston Moor in Yorkshire, where Cromwell routed Prince Rupert.",
     "Marston Moor", "Yorkshire"),
    ("The decisive battle came in the autumn of 31 BC at Actium on the Ambracian Gulf.", "Actium", "Ambracian Gulf"),
    ("Disaster came in the winter of 1632 at Lutzen in Saxony, where Gustavus Adolphus fell.", "Lutzen",
     "Saxony"),
])
def test_a_place_chain_hung_on_a_noun(text, small, large):
    has(text, small, "LOCATED_IN", large)


def test_places_of_two_coordinated_people_are_no_chain():
    lacks("He studied with Leopold von Ranke in Berlin and Jacob Burckhardt in Basel.", "Berlin", "LOCATED_IN",
          "Basel")


@pytest.mark.parametrize("text,leader,other", [
    ("In 1814 a Danish delegation led by Niels Rosenkrantz went to Kiel to negotiate with Bernadotte.",
     "Niels Rosenkrantz", "Bernadotte"),
    ("In 1945 a German delegation headed by Alfred Jodl negotiated with Dwight D. Eisenhower at Reims.",
     "Alfred Jodl", "Dwight D. Eisenhower"),
    ("In 1783 an American delegation led by Benjamin Franklin negotiated with Richard Oswald in Paris.",
     "Benjamin Franklin", "Richard Oswald"),
])
def test_a_delegation_led_by_someone_acts_through_its_leader(text, leader, other):
    has(text, leader, "NEGOTIATED_WITH", other)


@pytest.mark.parametrize("text,founder,body", [
    ("In 1857 Daniele Manin announced the founding of a new society, the Italian National Society, to unite "
     "Italy.", "Daniele Manin", "Italian National Society"),
    ("In 1905 Arthur Griffith announced the creation of a new party, Sinn Fein, to win independence.",
     "Arthur Griffith", "Sinn Fein"),
    ("Kossuth, who had just announced the founding of a new party, the Hungarian Independence Party, to replace "
     "the old club, left Pest.", "Kossuth", "Hungarian Independence Party"),
])
def test_a_name_after_an_indefinite_noun_and_its_comma_is_its_apposition(text, founder, body):
    has(text, founder, "FOUNDED", body)


def test_a_verb_with_two_subjects_takes_the_nearest():
    text = ("The city council, led by Jacques Necker, closed the gates, and the National Guard arrested the "
            "printers along with many Girondins.")
    has(text, "National Guard", "ARRESTED", "Girondins")
    lacks(text, "Jacques Necker", "ARRESTED", "Girondins")


@pytest.mark.parametrize("text,captor,first,second", [
    ("On 9 May Cortes's men seized Montezuma and Vice-Regent Cuauhtemoc.", "Cortes", "Montezuma", "Cuauhtemoc"),
    ("On 3 May Cromwell's soldiers seized Charles Stuart and Bishop William Laud.", "Cromwell", "Charles Stuart",
     "William Laud"),
    ("In 1808 Napoleon's agents seized Ferdinand VII and Prince Carlos of Spain.", "Napoleon", "Ferdinand VII",
     "Carlos"),
])
def test_two_names_fused_by_the_parser_are_both_arguments(text, captor, first, second):
    has(text, captor, "ARRESTED", first)
    has(text, captor, "ARRESTED", second)


@pytest.mark.parametrize("text,jailer,prisoner", [
    ("Richard I left the Holy Land in 1192. He fled to Austria, which kept him in prison until 1194.", "Austria",
     "Richard"),
    ("Louis Riel led the rising in 1870. He returned to Canada, which kept him in prison until 1885.", "Canada",
     "Louis Riel"),
    ("Mary Stuart lost the battle of Langside in 1568. She fled to England, which kept her in captivity for "
     "nineteen years.", "England", "Mary Stuart"),
])
def test_a_pronoun_stands_for_what_the_pronoun_above_it_stands_for(text, jailer, prisoner):
    has(text, jailer, "ARRESTED", prisoner)


@pytest.mark.parametrize("text,holder,place", [
    ("Florence expelled the Medici in 1494. Girolamo Savonarola, the leader of the city, preached against Rome.",
     "Girolamo Savonarola", "Florence"),
    ("Prussia mobilised in 1806. Frederick William III, the king of the country, fled to Memel.",
     "Frederick William III", "Prussia"),
    ("Venice fought the Turks in 1570. Sebastiano Venier, the doge of the city, commanded its fleet.",
     "Sebastiano Venier", "Venice"),
])
def test_a_noun_for_a_kind_of_place_stands_for_the_last_one_named(text, holder, place):
    has(text, holder, "LEADER_OF", place)


def test_a_capitalised_description_is_a_name_not_a_kind():
    lacks("Wola burned in August 1944. The Old Town, defended by the Radoslaw Group, fell in September.",
          "Radoslaw Group", "SUPPORTED", "Wola")


@pytest.mark.parametrize("text,lord,land", [
    ("Burgundy, whose lord Charles the Bold had fallen at Nancy, passed to the Habsburgs.", "Charles the Bold",
     "Burgundy"),
    ("Satsuma, whose lord Shimazu Nariakira had built a modern arsenal, backed the court.", "Shimazu Nariakira",
     "Satsuma"),
    ("Milan, whose lord Ludovico Sforza had invited the French, fell to Louis XII.", "Ludovico Sforza", "Milan"),
])
def test_a_lord_leads_his_land(text, lord, land):
    has(text, lord, "LEADER_OF", land)


@pytest.mark.parametrize("text,actor,other", [
    ("John Adams served as president for four years, and Thomas Jefferson, making peace with him, retired to "
     "Monticello.", "Thomas Jefferson", "John Adams"),
    ("Louis XIV ruled France for decades, and William of Orange, making war on him, formed the Grand Alliance.",
     "William of Orange", "Louis XIV"),
    ("Wallenstein ruled Friedland for a decade, and Ferdinand II, turning against him, had him killed in 1634.",
     "Ferdinand II", "Wallenstein"),
])
def test_a_participle_set_off_after_a_name_is_said_of_that_name(text, actor, other):
    relation = "NEGOTIATED_WITH" if "peace" in text else "OPPOSED"
    has(text, actor, relation, other)


@pytest.mark.parametrize("text,leader,body", [
    ("The war was fought between Sparta, at the head of the Peloponnesian League, and Athens.", "Sparta",
     "Peloponnesian League"),
    ("The struggle set Prussia, at the head of the North German Confederation, against France.", "Prussia",
     "North German Confederation"),
    ("The conflict pitted Venice, at the head of the Holy League, against the Ottomans.", "Venice", "Holy League"),
])
def test_at_the_head_of_set_off_after_a_name(text, leader, body):
    has(text, leader, "LEADER_OF", body)


@pytest.mark.parametrize("text,ruler,land", [
    ("Maharani Jind Kaur of Lahore, widow of the maharaja whose kingdom the British had annexed, took control "
     "of the army in 1845.", "Jind Kaur", "Lahore"),
    ("Lahore fell in 1849. Rani Jind Kaur of Lahore, mother of the young maharaja, fled to Nepal.", "Jind Kaur",
     "Lahore"),
    ("Queen Liliuokalani of Hawaii, sister of the late king, lost her throne in 1893.", "Liliuokalani", "Hawaii"),
])
def test_a_ruler_styled_of_a_land(text, ruler, land):
    has(text, ruler, "LEADER_OF", land)


@pytest.mark.parametrize("text,party,other", [
    ("In 1494 Spain signed a treaty with the Portuguese envoy Rui de Sousa at Tordesillas.", "Spain",
     "Rui de Sousa"),
    ("In 1648 Spain signed a treaty with the Dutch envoy Adriaan Pauw at Munster.", "Spain", "Adriaan Pauw"),
    ("In 1814 Denmark signed a treaty with the Swedish envoy Baron Wetterstedt at Kiel.", "Denmark",
     "Wetterstedt"),
])
def test_a_name_right_after_a_common_noun_is_its_apposition(text, party, other):
    has(text, party, "NEGOTIATED_WITH", other)


@pytest.mark.parametrize("text,holder,body", [
    ("Emiliano Zapata issued a plan in 1911. The plan named him Supreme Chief (Jefe Supremo) of the Liberating "
     "Army of the South.", "Zapata", "Liberating Army"),
    ("In 1799 the Directory named Napoleon Bonaparte First Consul (Premier Consul) of France.", "Napoleon",
     "France"),
    ("Miklos Horthy was elected Regent (Reichsverweser) of Hungary in 1920.", "Horthy", "Hungary"),
])
def test_a_gloss_in_brackets_after_an_office_is_not_its_holder(text, holder, body):
    has(text, holder, "LEADER_OF", body)


@pytest.mark.parametrize("text,holder,place", [
    ("The army was led by Gaius Marius, the consul's nephew and governor in Hispania.", "Gaius Marius", "Hispania"),
    ("The letter reached Thomas Pitt, the company's agent and governor in Madras, in 1699.", "Thomas Pitt",
     "Madras"),
    ("He wrote to Warren Hastings, the company's servant and governor in Bengal, in 1774.", "Warren Hastings",
     "Bengal"),
])
def test_an_office_coordinated_after_another_keeps_its_place(text, holder, place):
    has(text, holder, "LEADER_OF", place)


@pytest.mark.parametrize("text,loser,winner", [
    ("In 1863 John Pemberton negotiated with Ulysses S. Grant and capitulated on 4 July.", "Pemberton",
     "Ulysses S. Grant"),
    ("Robert Anderson, besieged by Pierre Beauregard, surrendered in April 1861.", "Robert Anderson",
     "Pierre Beauregard"),
    ("In 1781 Charles Cornwallis was besieged by George Washington and surrendered at Yorktown.",
     "Charles Cornwallis", "George Washington"),
])
def test_surrender_without_to_submits_to_the_other_party_of_the_clause(text, loser, winner):
    has(text, loser, "SUBMITTED_TO", winner)


def test_a_phrase_set_off_after_a_place_in_an_apposition_is_not_the_places():
    text = "Mytilene, the chief city of Lesbos, rebelled in 428 BC and surrendered to the Athenians a year later."
    has(text, "Mytilene", "SUBMITTED_TO", "Athenians")
    lacks(text, "Lesbos", "SUBMITTED_TO", "Athenians")


@pytest.mark.parametrize("text,subject,relation,obj", [
    # leading and dominating
    ("From 1799 Napoleon Bonaparte dominated the Consulate.", "Napoleon", "LEADER_OF", "Consulate"),
    ("The Directory was dominated by Paul Barras until 1799.", "Paul Barras", "LEADER_OF", "Directory"),
    ("Lorenzo de Medici ran the Florentine Republic for twenty years.", "Lorenzo de Medici", "LEADER_OF",
     "Florentine Republic"),
    # founding by proclamation or building
    ("In 1871 Otto von Bismarck proclaimed the German Empire at Versailles.", "Bismarck", "FOUNDED", "German Empire"),
    ("In 1849 Giuseppe Mazzini proclaimed the Roman Republic.", "Giuseppe Mazzini", "FOUNDED", "Roman Republic"),
    ("Gerhard von Scharnhorst built the Prussian Army anew after 1807.", "Scharnhorst", "FOUNDED", "Prussian Army"),
    # attacking
    ("In 1683 the Ottoman Empire laid siege to Vienna.", "Ottoman Empire", "OPPOSED", "Vienna"),
    ("In 1914 Germany opened fire on Belgium.", "Germany", "OPPOSED", "Belgium"),
    ("In 1746 William Augustus pursued the Jacobites into the Highlands.", "William Augustus", "OPPOSED",
     "Jacobites"),
    # coming to the aid of, allying
    ("In 1683 Poland came to the aid of Austria.", "Poland", "SUPPORTED", "Austria"),
    ("In 1778 France made common cause with the United States.", "France", "SUPPORTED", "United States"),
    ("In 1805 Russia aligned with Britain against France.", "Russia", "SUPPORTED", "Britain"),
    # joining
    ("In 1789 Maximilien Robespierre was elected to the Estates-General.", "Robespierre", "MEMBER_OF",
     "Estates-General"),
    ("In 1917 Leon Trotsky entered the Bolshevik Party.", "Leon Trotsky", "MEMBER_OF", "Bolshevik Party"),
    ("In 1791 Georges Danton was admitted to the Jacobin Club.", "Georges Danton", "MEMBER_OF", "Jacobin Club"),
    # negotiating
    ("In 1648 Sweden came to an agreement with the Holy Roman Empire.", "Sweden", "NEGOTIATED_WITH",
     "Holy Roman Empire"),
    ("In 1905 Japan held talks with Russia at Portsmouth.", "Japan", "NEGOTIATED_WITH", "Russia"),
    ("In 1814 Talleyrand consulted with Klemens von Metternich in Vienna.", "Talleyrand", "NEGOTIATED_WITH",
     "Metternich"),
])
def test_verb_classes_of_the_lexicon(text, subject, relation, obj):
    has(text, subject, relation, obj)


def test_a_mother_city_is_no_container():
    text = "In 435 BC Corcyra quarrelled with its mother city Corinth."
    lacks(text, "Corinth", "LOCATED_IN", "Corcyra")
    has(text, "Corcyra", "OPPOSED", "Corinth")


def test_a_place_whose_base_a_town_is_is_not_in_the_town():
    text = "In 1066 William captured Hastings, Wessex's chief base on the coast."
    lacks(text, "Wessex", "LOCATED_IN", "Hastings")


def test_two_dated_phrases_are_no_place_chain():
    lacks("In 1631 Sweden allied with France; in 1635 Spain declared war on France.", "Sweden", "LOCATED_IN",
          "Spain")
    lacks("In 435 BC Corcyra quarrelled with Corinth, and in 433 BC Athens allied with Corcyra.", "Corcyra",
          "LOCATED_IN", "Athens")


@pytest.mark.parametrize("text,rebel,lord", [
    ("The following year Mytilene, a colony that paid tribute to Athens, revolted, and the Athenians besieged it.",
     "Mytilene", "Athens"),
    ("Mytilene rebelled in 428 BC and surrendered to the Athenians a year later.", "Mytilene", "Athenians"),
    ("Serbia, a province that paid tribute to the Ottoman Empire, rose in 1804.", "Serbia", "Ottoman Empire"),
])
def test_a_revolt_without_against_is_against_the_one_the_rebel_was_bound_to(text, rebel, lord):
    has(text, rebel, "OPPOSED", lord)


@pytest.mark.parametrize("text,camp,place", [
    ("The remaining prisoners were sent through Compiegne, a transit camp in Picardy, in 1942.", "Compiegne",
     "Picardy"),
    ("The wounded were carried through Scutari, a garrison town on the Bosphorus, in 1854.", "Scutari",
     "Bosphorus"),
    ("The exiles were marched through Tobolsk, a town in Siberia, in 1826.", "Tobolsk", "Siberia"),
])
def test_an_apposition_set_off_after_a_name_is_the_names(text, camp, place):
    has(text, camp, "LOCATED_IN", place)


@pytest.mark.parametrize("text,actor,target", [
    ("In 1808 Napoleon Bonaparte sent his armies against his former ally, Ferdinand VII of Spain.",
     "Napoleon Bonaparte", "Ferdinand VII"),
    ("In 1450 the sultan Murad II sent his armies against his rebellious vassal, Skanderbeg of Albania.", "Murad II",
     "Skanderbeg"),
    ("Charles V marched against his old rival, Francis I of France, in 1521.", "Charles V", "Francis I"),
])
def test_a_name_after_a_possessed_description_and_its_comma_is_its_apposition(text, actor, target):
    has(text, actor, "OPPOSED", target)


def test_a_gloss_in_brackets_inside_its_apposition_is_not_the_holder():
    text = ("On 2 March 1913 he proclaimed the Plan of Ayala, which named him First Chief (Primer Jefe) of a new "
            "Liberating Army.")
    lacks(text, "Primer Jefe", "LEADER_OF", "Liberating Army")


@pytest.mark.parametrize("text,actor,relation,target", [
    ("Wallenstein was assassinated by officers loyal to Ferdinand II.", "Ferdinand II", "OPPOSED", "Wallenstein"),
    ("In 1851 troops loyal to Louis Napoleon arrested Adolphe Thiers.", "Louis Napoleon", "ARRESTED",
     "Adolphe Thiers"),
    ("In 1993 units loyal to Boris Yeltsin attacked the Supreme Soviet.", "Boris Yeltsin", "OPPOSED",
     "Supreme Soviet"),
])
def test_people_loyal_to_someone_act_for_them(text, actor, relation, target):
    has(text, actor, relation, target)


@pytest.mark.parametrize("text,actor,relation,body", [
    ("In 1940 the Czechoslovak government-in-exile was recognised by Britain. The Czechoslovak Army in France took "
     "its orders from the exile government.", "Czechoslovak Army", "SUBMITTED_TO", "Czechoslovak government-in-exile"),
    ("In 1789 the Prince-Bishopric of Liege was shaken by revolution. In 1791 Austria invaded the Liege bishopric.",
     "Austria", "OPPOSED", "Prince-Bishopric of Liege"),
    ("In 1914 the Austro-Hungarian Empire declared war on Serbia. Soon Russia invaded the Hungarian empire.",
     "Russia", "OPPOSED", "Austro-Hungarian Empire"),
])
def test_a_description_made_of_the_words_of_a_name_stands_for_it(text, actor, relation, body):
    has(text, actor, relation, body)


@pytest.mark.parametrize("text,first,second", [
    ("In 1526 Charles V turned to Francis I, his rival in the west, and the two came to terms at Madrid.",
     "Charles V", "Francis I"),
    ("In 1807 Napoleon Bonaparte met Alexander I at Tilsit, and the two came to terms.", "Napoleon Bonaparte",
     "Alexander I"),
    ("In 1648 Spain and the Dutch Republic came to terms at Munster.", "Spain", "Dutch Republic"),
])
def test_the_two_of_a_joined_clause_come_to_terms(text, first, second):
    has(text, first, "NEGOTIATED_WITH", second)


def test_one_word_of_a_persons_name_stands_for_that_person_only_when_no_other_has_it():
    from annals.names.link import EntityIndex
    from annals.relations.candidates import Arg
    from annals.relations.document import _Resolver

    text = ("Sun Yat-sen founded the Revive China Society in 1894. James Cantlie taught him medicine. "
            "Sun Ke was his son. Sun spent 1897 in London.")
    doc = extract(text)
    resolver = _Resolver(doc, EntityIndex(doc))
    at = text.rindex("Sun spent")
    word = Arg(at, at + 3, at, at + 3, "Sun")
    assert resolver.part_of_name(word) is None  # two people have "Sun" in their names
    text = "Sun Yat-sen founded the Revive China Society in 1894. James Cantlie taught him. Sun spent 1897 in London."
    doc = extract(text)
    resolver = _Resolver(doc, EntityIndex(doc))
    at = text.rindex("Sun spent")
    found = resolver.part_of_name(Arg(at, at + 3, at, at + 3, "Sun"))
    assert found is not None and found.name == "Sun Yat-sen"


@pytest.mark.parametrize("text,part,whole", [
    ("In 1944 the 1st Ukrainian Front advanced. The 4th Tank Army of General Lelyushenko, part of Konev's front, "
     "crossed the Vistula.", "4th Tank Army", "1st Ukrainian Front"),
    ("In 1862 the Army of the Potomac moved south. The Iron Brigade of General Gibbon, part of McClellan's army, "
     "fought at Antietam.", "Iron Brigade", "Army of the Potomac"),
    ("In 1812 the Grande Armee crossed the Niemen. The Vistula Legion of General Chlopicki, part of Napoleon's "
     "armee, marched on Moscow.", "Vistula Legion", "Grande Armee"),
])
def test_a_noun_with_a_named_possessor_is_a_definite_description(text, part, whole):
    has(text, part, "PART_OF", whole)


@pytest.mark.parametrize("text,holder,lord", [
    ("Richard Talbot held the country for James II in 1689.", "Richard Talbot", "James II"),
    ("Richard Grenville defended the castle for Charles I in 1645.", "Richard Grenville", "Charles I"),
    ("In 1645 the Royalists took Leicester for Charles I.", "Royalists", "Charles I"),
])
def test_holding_a_place_for_someone_supports_them(text, holder, lord):
    has(text, holder, "SUPPORTED", lord)


def test_holding_talks_for_someone_is_not_holding_a_place():
    lacks("In 1919 the Allies held talks for the Polish delegation.", "Allies", "SUPPORTED", "Polish")


@pytest.mark.parametrize("text,agent,body", [
    ("Talleyrand, who spoke for the Directory, met the envoys in 1797.", "Talleyrand", "Directory"),
    ("In 1919 Woodrow Wilson represented the Democratic Party at Paris.", "Woodrow Wilson", "Democratic Party"),
    ("In 1815 Lord Castlereagh acted for the British Cabinet at Vienna.", "Castlereagh", "British Cabinet"),
])
def test_speaking_or_acting_for_a_body_is_being_its_agent(text, agent, body):
    has(text, agent, "MEMBER_OF", body)


@pytest.mark.parametrize("text,giver,receiver", [
    ("In 1778 France promised the Continental Army support.", "France", "Continental Army"),
    ("Louis XIV gave James II help and shelter in 1689.", "Louis XIV", "James II"),
    ("In 1912 Russia offered Serbia protection.", "Russia", "Serbia"),
])
def test_giving_someone_support_supports_them(text, giver, receiver):
    has(text, giver, "SUPPORTED", receiver)


def test_winning_support_is_no_giving():
    lacks("In 1940 Britain won American support.", "Britain", "SUPPORTED", "America")


@pytest.mark.parametrize("text,party,other", [
    ("The Wafd Party kept the boycott going and negotiated with Lord Milner in London.", "Wafd Party", "Milner"),
    ("The Senate of Carthage kept the war going and negotiated with Scipio Africanus in 203 BC.",
     "Senate of Carthage", "Scipio Africanus"),
    ("In 1862 the Confederate government kept the blockade going and negotiated with Britain.",
     "Confederate government", "Britain"),
])
def test_a_finite_verb_joined_to_a_complement_takes_the_subject_of_the_clause_above(text, party, other):
    has(text, party, "NEGOTIATED_WITH", other)


@pytest.mark.parametrize("text,town,land", [
    ("In Nanjing, the capital of the Ming Empire, the Yongle Emperor built a palace.", "Nanjing", "Ming Empire"),
    ("In Richmond, the capital of the Confederacy, Jefferson Davis met his cabinet.", "Richmond", "Confederacy"),
    ("At Toledo, the capital of Castile, Charles V summoned the Cortes.", "Toledo", "Castile"),
])
def test_a_place_noun_set_off_after_a_fronted_place_is_that_places(text, town, land):
    has(text, town, "LOCATED_IN", land)
    lacks(text, "Yongle", "LOCATED_IN", land)


@pytest.mark.parametrize("text,actor,king", [
    ("Frederick II of Prussia invaded Silesia in 1740. In 1741 France backed the king against Austria.",
     "France", "Frederick II"),
    ("Henry VIII of England broke with Rome in 1534. In 1539 Thomas Cromwell supported the king against the abbots.",
     "Thomas Cromwell", "Henry VIII"),
    ("Gustav III of Sweden seized power in 1772. Gustav III of Sweden then reformed the army. Catherine II of "
     "Russia watched, and Christian VII of Denmark made peace. In 1788 Britain backed the king with money.",
     "Britain", "Gustav III"),
])
def test_the_king_is_the_numbered_monarch_named_before_and_most_in_the_story(text, actor, king):
    has(text, actor, "SUPPORTED", king)
    lacks(text, actor, "SUPPORTED", "Catherine")


@pytest.mark.parametrize("text,actor,holder", [
    ("Maurice, Prince of Orange, besieged Breda in 1590. In 1591 Queen Elizabeth backed the prince with money.",
     "Elizabeth", "Maurice"),
    ("William, Prince of Nassau, besieged Breda in 1637. In 1638 Cardinal Richelieu supported the prince with money.",
     "Richelieu", "William"),
    ("Andrew Jackson, the president of the United States, vetoed the bank bill in 1832. In 1833 Martin Van Buren "
     "backed the president against the Senate.", "Martin Van Buren", "Andrew Jackson"),
])
def test_a_title_styled_after_a_name_lets_the_title_stand_for_its_holder(text, actor, holder):
    has(text, actor, "SUPPORTED", holder)


@pytest.mark.parametrize("text,small,large", [
    ("After Pharsalus the general fled to Pelusium in Egypt.", "Pelusium", "Egypt"),
    ("The Pilgrims sailed from Plymouth in England to Cape Cod in 1620.", "Plymouth", "England"),
    ("In 1836 the Mexican army marched to San Antonio in Texas.", "San Antonio", "Texas"),
])
def test_a_place_after_to_or_from_with_in_after_it_is_in_that_place(text, small, large):
    has(text, small, "LOCATED_IN", large)


FILLER = ("The harvest failed that year. Prices rose in the towns. The roads were poor. Many peasants left the "
          "land. Trade with the coast fell. The rains came late. The army was short of horses. ")


@pytest.mark.parametrize("text,actor,holder", [
    ("In 1898 the assembly elected Emilio Aguinaldo president of the Philippine Republic. " + FILLER +
     "In 1901 the Americans captured the president at Palanan.", "Americans", "Emilio Aguinaldo"),
    ("Toussaint Louverture, the governor of Saint-Domingue, issued a constitution in 1801. " + FILLER +
     "In 1802 General Charles Leclerc arrested the governor.", "Charles Leclerc", "Louverture"),
    ("Abd al-Qadir, the emir of Mascara, declared a holy war in 1832. " + FILLER +
     "In 1847 France arrested the emir at Sidi Brahim.", "France", "Abd al-Qadir"),
])
def test_the_head_of_a_body_named_by_office_is_its_holder_named_before(text, actor, holder):
    has(text, actor, "ARRESTED", holder)


@pytest.mark.parametrize("text,party,candidate", [
    ("In 1860 the Republican Party nominated Abraham Lincoln for the presidency.", "Republican Party",
     "Abraham Lincoln"),
    ("The Whigs, which Henry Clay had helped to found, nominated him for president in 1844.", "Whigs", "Henry Clay"),
    ("In 1912 the Progressive Party nominated Theodore Roosevelt at Chicago.", "Progressive Party",
     "Theodore Roosevelt"),
])
def test_nominating_a_candidate_supports_him(text, party, candidate):
    has(text, party, "SUPPORTED", candidate)


@pytest.mark.parametrize("text,rising,target", [
    ("The Whiskey Rebellion was an uprising of farmers in western Pennsylvania against the federal government of "
     "the United States in 1794.", "Whiskey Rebellion", "United States"),
    ("The Easter Rising was an insurrection of Irish republicans against the United Kingdom in April 1916.",
     "Easter Rising", "United Kingdom"),
    ("The Ionian Revolt was a rebellion of the Greek cities of Asia Minor against the Persian Empire from 499 BC "
     "to 493 BC.", "Ionian Revolt", "Persian Empire"),
])
def test_a_named_rising_said_to_be_a_revolt_of_people_against_y_opposes_y(text, rising, target):
    has(text, rising, "OPPOSED", target)


@pytest.mark.parametrize("text,asked,asker", [
    ("In 280 BC the Roman Senate offered peace to Pyrrhus, who refused.", "Pyrrhus", "Roman Senate"),
    ("In 1611 the Riksdag approached Axel Oxenstierna, then chancellor of Sweden, who declined.", "Axel Oxenstierna",
     "Riksdag"),
    ("In 1848 the Frankfurt Parliament offered the crown to Frederick William IV of Prussia, who declined.",
     "Frederick William IV", "Frankfurt Parliament"),
])
def test_one_asked_who_declines_refuses_the_one_who_asked(text, asked, asker):
    has(text, asked, "REFUSED", asker)


@pytest.mark.parametrize("text,body,place", [
    ("In 1848 the deputies of the German states met at Frankfurt in the Frankfurt Parliament.",
     "Frankfurt Parliament", "Frankfurt"),
    ("In 1787 delegates of twelve states gathered at Philadelphia in the Constitutional Convention.",
     "Constitutional Convention", "Philadelphia"),
    ("In 1919 the nationalists met at Erzurum in the First National Congress.", "First National Congress",
     "Erzurum"),
])
def test_met_at_a_place_in_a_body_puts_the_body_there(text, body, place):
    has(text, body, "LOCATED_IN", place)
    lacks(text, place, "LOCATED_IN", body)


@pytest.mark.parametrize("text,person,place", [
    ("In 1808 Marshal Murat was sent to Madrid with a large army.", "Murat", "Madrid"),
    ("Colonel Charles Gordon, who had been sent with two officers to Khartoum, refused to leave.", "Charles Gordon",
     "Khartoum"),
    ("In 1914 General Liman von Sanders was dispatched to Constantinople.", "Liman von Sanders", "Constantinople"),
])
def test_one_sent_to_a_place_is_there(text, person, place):
    has(text, person, "LOCATED_IN", place)


def test_a_place_listed_beside_the_one_sent_is_not_sent():
    lacks("Rebels held out in strongholds such as the Red Fort, and Colonel Charles Gordon, who had been sent with "
          "guns to Khartoum, joined them.", "Red Fort", "LOCATED_IN", "Khartoum")


@pytest.mark.parametrize("text,leader,party", [
    ("In 1921 the Chinese Communist Party was founded in Shanghai. " + FILLER +
     "Mao Zedong, who led the party after 1935, moved north.", "Mao Zedong", "Chinese Communist Party"),
    ("In 1885 the Indian National Congress met in Bombay. " + FILLER +
     "Gopal Krishna Gokhale, who led the party in 1905, favoured reform.", "Gokhale", "Indian National Congress"),
    ("In 1875 the Social Democratic Party of Germany was formed at Gotha. " + FILLER +
     "August Bebel, who led the party for decades, opposed the war credits.", "August Bebel", "Social Democratic"),
])
def test_the_party_is_the_last_party_named_even_far_back(text, leader, party):
    has(text, leader, "LEADER_OF", party)


@pytest.mark.parametrize("text,place,larger", [
    ("Resistance lasted longest in Kronstadt, on an island in the Gulf of Finland.", "Kronstadt", "Gulf of Finland"),
    ("The garrison held out at Gaeta, on a headland in the Tyrrhenian Sea, until February 1861.", "Gaeta",
     "Tyrrhenian Sea"),
    ("Fighting went on in Elephanta, on an island in Bombay Harbour, until May.", "Elephanta", "Bombay Harbour"),
])
def test_a_kind_of_place_set_off_after_a_place_puts_it_in_the_larger_one(text, place, larger):
    has(text, place, "LOCATED_IN", larger)


def test_a_phrase_set_off_after_a_place_that_names_no_kind_of_place_places_nothing():
    lacks("The king met Richelieu at Paris, on the orders of Louis XIII.", "Paris", "LOCATED_IN", "Louis")


@pytest.mark.parametrize("text,who,place", [
    ("In 1857 Nana Sahib, based at the palace of Bithur, raised the sepoys.", "Nana Sahib", "Bithur"),
    ("In 1645 Prince Rupert was based at the city of Bristol.", "Rupert", "Bristol"),
    ("In 1520 Juan de Padilla was based at the town of Tordesillas.", "Juan de Padilla", "Tordesillas"),
])
def test_the_city_of_x_is_x(text, who, place):
    has(text, who, "LOCATED_IN", place)


@pytest.mark.parametrize("text,refuser,other", [
    ("In 1765 the Massachusetts Assembly refused to pay taxes to Parliament.", "Massachusetts Assembly", "Parliament"),
    ("In 1898 Spain refused to sell Cuba to the United States.", "Spain", "United States"),
    ("In 1914 Serbia refused to return the prisoners to Austria-Hungary.", "Serbia", "Austria-Hungary"),
])
def test_refusing_to_give_something_to_y_refuses_y(text, refuser, other):
    has(text, refuser, "REFUSED", other)


@pytest.mark.parametrize("text,refuser,other", [
    ("In 1861 South Carolina refused to send troops to Washington.", "South Carolina", "Washington"),
    ("In 1914 Italy refused to send an army to Austria-Hungary.", "Italy", "Austria-Hungary"),
    ("In 1939 Ireland refused to send ships to Britain.", "Ireland", "Britain"),
])
def test_refusing_to_send_aid_is_no_support(text, refuser, other):
    has(text, refuser, "REFUSED", other)
    lacks(text, refuser, "SUPPORTED", other)


@pytest.mark.parametrize("text,sender,place", [
    ("In 1802 Napoleon Bonaparte sent an army under his brother-in-law to Saint-Domingue.", "Napoleon Bonaparte",
     "Saint-Domingue"),
    ("In 415 BC Athens sent a great fleet to Sicily.", "Athens", "Sicily"),
    ("In 1798 the Directory sent an expedition to Egypt under Napoleon.", "Directory", "Egypt"),
])
def test_a_force_sent_to_a_place_does_not_support_the_place(text, sender, place):
    lacks(text, sender, "SUPPORTED", place)


@pytest.mark.parametrize("text,sender,receiver", [
    ("In 1778 France sent money and arms to the Continental Congress.", "France", "Continental Congress"),
    ("In 1568 Queen Elizabeth lent money to William of Orange.", "Elizabeth", "William of Orange"),
    ("In 1624 Richelieu sent subsidies to the Dutch Republic.", "Richelieu", "Dutch Republic"),
])
def test_money_and_arms_sent_to_anyone_support_them(text, sender, receiver):
    has(text, sender, "SUPPORTED", receiver)


@pytest.mark.parametrize("text,subject,state", [
    ("In May 1794 Louverture left the Spanish and joined the French Republic.", "Louverture", "French Republic"),
    ("In 1813 Bernadotte broke with Napoleon and joined Prussia.", "Bernadotte", "Prussia"),
    ("After the battle of 1645 the colonel joined Scotland with his regiment.", "colonel", "Scotland"),
])
def test_joining_a_state_takes_its_side(text, subject, state):
    lacks(text, subject, "MEMBER_OF", state)
    if subject[0].isupper():
        has(text, subject, "SUPPORTED", state)


@pytest.mark.parametrize("text,subject,relation,obj,value", [
    ("In May 1794 Louverture left the Spanish and joined the French Republic.", "Louverture", "SUPPORTED",
     "French Republic", "1794-05"),
    ("Early in 1640 the Scots crossed the Tweed, and Charles negotiated with them at Ripon.", "Charles",
     "NEGOTIATED_WITH", "Scots", "1640"),
    ("On 28 June 1098 the crusaders marched out of the city, and Bohemond defeated Kerbogha.", "Bohemond",
     "OPPOSED", "Kerbogha", "1098-06-28"),
])
def test_a_date_opening_the_sentence_dates_each_coordinated_clause(text, subject, relation, obj, value):
    assert (has(text, subject, relation, obj)["time"] or {}).get("value") == value


@pytest.mark.parametrize("text,leader,body", [
    ("Under Prokop the Great the Hussites took the war abroad, raiding Saxony and Silesia.", "Prokop the Great",
     "Hussites"),
    ("In 1420 the Taborites, under Jan Žižka, defeated the crusaders outside the city.", "Jan Žižka", "Taborites"),
    ("The Confederates, under Robert E. Lee, crossed the Potomac in 1862.", "Robert E. Lee", "Confederates"),
])
def test_under_a_person_between_commas_or_opening_the_sentence_leads_the_body(text, leader, body):
    has(text, leader, "LEADER_OF", body)


@pytest.mark.parametrize("text,part,whole", [
    ("In July 1853 the Eastern Squadron of the Imperial Navy anchored off the coast.", "Eastern Squadron",
     "Imperial Navy"),
    ("In 1809 the Light Brigade of the British Army crossed the river.", "Light Brigade", "British Army"),
    ("In 1942 the Northern Flotilla of the Royal Navy sailed for Murmansk.", "Northern Flotilla", "Royal Navy"),
])
def test_a_body_of_the_named_body_is_part_of_it(text, part, whole):
    has(text, part, "PART_OF", whole)



@pytest.mark.parametrize("text,captor,captive,place,wrong", [
    ("Sulla defeated Mithridates at Chaeronea. Gaius Marius captured Jugurtha in Numidia and imprisoned him in "
     "Rome.", "Gaius Marius", "Jugurtha", "Rome", "Sulla"),
    ("Napoleon sent Joachim Murat to Madrid. Murat arrested Ferdinand VII and deported him to Bayonne.",
     "Murat", "Ferdinand VII", "Bayonne", "Napoleon"),
    ("Oliver Cromwell marched north in 1648. Thomas Fairfax seized Charles I at Holdenby and imprisoned him at "
     "Carisbrooke Castle.", "Thomas Fairfax", "Charles I", "Carisbrooke", "Oliver Cromwell"),
])
def test_an_object_pronoun_after_a_coordinated_verb_is_that_verbs_object(text, captor, captive, place, wrong):
    # "X captured Y and imprisoned him": "him" is Y, not a subject of the sentence before
    has(text, captive, "LOCATED_IN", place)
    lacks(text, captor, "ARRESTED", wrong)
    lacks(text, captor, "OPPOSED", wrong)
    lacks(text, captor, "LOCATED_IN", place)


@pytest.mark.parametrize("text,moved,place,mover", [
    ("In 1815 the allied powers exiled Napoleon Bonaparte to Elba.", "Napoleon", "Elba", "allied"),
    ("In 1598 Boris Godunov imprisoned Fyodor Romanov in Kostroma.", "Fyodor Romanov", "Kostroma", "Boris Godunov"),
    ("In 1894 the French authorities deported King Behanzin to Martinique.", "Behanzin", "Martinique", "French"),
])
def test_a_verb_that_puts_someone_somewhere_locates_its_object_not_its_subject(text, moved, place, mover):
    has(text, moved, "LOCATED_IN", place)
    lacks(text, mover, "LOCATED_IN", place)


@pytest.mark.parametrize("text,wrong,other", [
    ("The Provisional Government of the Algerian Republic met in Tunis in 1958. In 1961 the French government "
     "negotiated with Ferhat Abbas at Evian.", "Provisional Government", "Abbas"),
    ("The Confederate Congress met at Richmond. In 1863 the British government refused to recognise Jefferson "
     "Davis.", "Confederate Congress", "Davis"),
    ("The Provisional Government of Russia held Petrograd in 1917. The German government negotiated with Lenin "
     "at Brest-Litovsk.", "Provisional Government", "Lenin"),
])
def test_a_description_with_another_nations_adjective_is_not_the_body_named_before(text, wrong, other):
    # "the French government" does not point back to the Algerian provisional government
    doc = extract(text)
    assert not [r for r in doc.relations if wrong in r["subject"] and other in r["object"]], doc.relations


@pytest.mark.parametrize("text,giver,taken", [
    ("In 1937 Mikhail Tukhachevsky was arrested on Stalin's orders.", "Stalin", "Tukhachevsky"),
    ("In 1815 Michel Ney was captured in Auvergne and imprisoned on the orders of Louis XVIII.", "Louis XVIII",
     "Michel Ney"),
    ("Robespierre spoke in June 1793. The Girondins were arrested at the command of Robespierre.", "Robespierre",
     "Girondins"),
])
def test_the_one_on_whose_orders_a_passive_deed_was_done_is_its_agent(text, giver, taken):
    # "Y was arrested on the orders of X", "on X's orders", "at the command of X"; a second participle
    # ("captured ... and imprisoned") shares the passive of the first
    has(text, giver, "ARRESTED", taken)


@pytest.mark.parametrize("text,giver,receiver", [
    ("In 1862 Britain supplied rifles to the Qing government.", "Britain", "Qing government"),
    ("In 1916 Britain shipped weapons to the Hashemites.", "Britain", "Hashemites"),
    ("In 1778 France furnished muskets and gunpowder to the Continental Army.", "France", "Continental Army"),
])
def test_supplying_arms_to_someone_supports_them(text, giver, receiver):
    has(text, giver, "SUPPORTED", receiver)


@pytest.mark.parametrize("text,founder,force", [
    ("In 1853 Zeng Guofan raised the Xiang Army in Hunan.", "Zeng Guofan", "Xiang Army"),
    ("In 1861 Giuseppe Garibaldi raised the Hunters of the Alps in Lombardy.", "Garibaldi", "Hunters of the Alps"),
    ("In 1775 Ethan Allen raised the Green Mountain Boys in Vermont.", "Ethan Allen", "Green Mountain Boys"),
])
def test_raising_a_force_founds_it(text, founder, force):
    has(text, founder, "FOUNDED", force)


@pytest.mark.parametrize("text,raiser,raised", [
    ("In 1642 Parliament raised taxes in London.", "Parliament", "London"),
    ("In 1683 Jan Sobieski raised the siege of Vienna.", "Sobieski", "Vienna"),
    ("Otto von Bismarck was raised in Pomerania.", "Bismarck", "Pomerania"),
])
def test_raising_what_is_not_a_force_founds_and_locates_nothing(text, raiser, raised):
    lacks(text, raiser, "FOUNDED", raised)
    lacks(text, raiser, "LOCATED_IN", raised)


@pytest.mark.parametrize("text,victor,beaten", [
    ("In 1415 Henry V destroyed the French army at Agincourt.", "Henry V", "French army"),
    ("In 1805 Horatio Nelson destroyed the Combined Fleet at Trafalgar.", "Nelson", "Combined Fleet"),
    ("In 1632 Gustavus Adolphus annihilated the Catholic League army at Rain.", "Gustavus", "Catholic League"),
])
def test_destroying_a_force_opposes_it(text, victor, beaten):
    has(text, victor, "OPPOSED", beaten)


@pytest.mark.parametrize("text,holder,place", [
    ("In 1797 the Directory had its rivals seized in Lyon and held in Grenoble.", "Directory", "Grenoble"),
    ("In 1830 Charles X had the editors seized and detained in Vincennes.", "Charles", "Vincennes"),
    ("In 1848 Metternich had the students arrested and confined in Spielberg.", "Metternich", "Spielberg"),
])
def test_one_who_has_others_held_somewhere_is_not_there(text, holder, place):
    lacks(text, holder, "LOCATED_IN", place)


@pytest.mark.parametrize("text,subject,relation,obj", [
    ("In 1701 Louis XIV sent his troops into Italy instead of marching on Vienna.", "Louis XIV",
     "OPPOSED", "Vienna"),
    ("In 1769 Pasquale Paoli went to London instead of submitting to France.", "Paoli", "SUBMITTED_TO", "France"),
    ("In 1814 Auguste Marmont surrendered Paris to the Allies without fighting the Russians.", "Marmont", "OPPOSED",
     "Russians"),
])
def test_a_deed_set_aside_is_not_done(text, subject, relation, obj):
    # "instead of V-ing X", "rather than V X", "without V-ing X"
    lacks(text, subject, relation, obj)


@pytest.mark.parametrize("text,helper,helped,wrong", [
    ("The Army of Flanders stayed quiet. The Duke of Savoy sided with the Habsburgs, and Venice later sent "
     "money to help them.", "Venice", "Habsburgs", "Army of Flanders"),
    ("The Continental Congress met at Philadelphia. Spain sided with the Americans, and France sent a fleet to "
     "help them.", "France", "Americans", "Continental Congress"),
    ("The Senate stayed in Rome. Numidia sided with the Romans, and Massinissa sent cavalry to help them.",
     "Massinissa", "Romans", "Senate"),
])
def test_an_object_pronoun_in_a_purpose_clause_stands_for_the_earlier_clauses_party(text, helper, helped, wrong):
    has(text, helper, "SUPPORTED", helped)
    lacks(text, helper, "SUPPORTED", wrong)


@pytest.mark.parametrize("text,defender,place", [
    ("In 1683 Jan Sobieski marched south to defend Vienna.", "Sobieski", "Vienna"),
    ("In 1588 the Earl of Leicester assembled troops at Tilbury to defend London.", "Leicester", "London"),
    ("In 1941 Georgy Zhukov was sent to defend Moscow.", "Zhukov", "Moscow"),
])
def test_defending_a_town_is_no_support_of_a_party(text, defender, place):
    lacks(text, defender, "SUPPORTED", place)


def test_defending_a_country_still_supports_it():
    has("In 1940 Britain pledged to defend Poland.", "Britain", "SUPPORTED", "Poland")


@pytest.mark.parametrize("text,ally,partner,enemy", [
    ("In 1626 Denmark allied with Sweden against the Emperor Ferdinand II.", "Denmark", "Sweden", "Ferdinand II"),
    ("In 1701 England joined forces with the Dutch Republic against France.", "England", "Dutch Republic", "France"),
    ("In 1813 Prussia united with Russia against Napoleon Bonaparte.", "Prussia", "Russia", "Napoleon"),
])
def test_an_alliance_against_a_third_party_makes_both_allies_oppose_it(text, ally, partner, enemy):
    has(text, ally, "SUPPORTED", partner)
    has(text, ally, "OPPOSED", enemy)
    has(text, partner, "OPPOSED", enemy)


def test_defending_one_party_against_another_opposes_nobody_by_itself():
    lacks("In 1792 Prussia defended Austria against France.", "Prussia", "OPPOSED", "France")
    lacks("In 1792 Prussia defended Austria against France.", "Austria", "OPPOSED", "France")


@pytest.mark.parametrize("text,ruler,realm", [
    ("In 1619 Frederick V accepted the crown of Bohemia.", "Frederick V", "Bohemia"),
    ("In 1658 Aurangzeb seized the throne of Hindustan.", "Aurangzeb", "Hindustan"),
    ("In 1399 Henry Bolingbroke took the crown of England.", "Henry Bolingbroke", "England"),
])
def test_taking_the_crown_or_throne_of_a_realm_leads_it(text, ruler, realm):
    has(text, ruler, "LEADER_OF", realm)


@pytest.mark.parametrize("text,giver,realm", [
    ("In 1618 the Bohemian Diet offered the crown of Bohemia to Frederick V.", "Bohemian Diet", "Bohemia"),
    ("In 1807 Napoleon Bonaparte offered the crown of Naples to Joseph Bonaparte.", "Napoleon", "Naples"),
])
def test_offering_a_crown_is_not_wearing_it(text, giver, realm):
    lacks(text, giver, "LEADER_OF", realm)


@pytest.mark.parametrize("text,restorer,restored", [
    ("In 1470 Warwick restored Henry VI to the throne.", "Warwick", "Henry VI"),
    ("In 1814 the Allies restored Louis XVIII.", "Allies", "Louis XVIII"),
    ("In 1660 General Monck restored Charles II to the throne.", "Monck", "Charles II"),
])
def test_restoring_a_ruler_supports_him(text, restorer, restored):
    has(text, restorer, "SUPPORTED", restored)


@pytest.mark.parametrize("text,subject,obj", [
    ("The estates deposed Ferdinand II and elected Frederick V as their king. Ferdinand II, supported by the "
     "Catholic League, restored his rule in Bohemia.", "Ferdinand II", "Frederick V"),
    ("In 1802 Napoleon Bonaparte sent an expedition to restore French authority in Saint-Domingue.", "Napoleon",
     "Saint-Domingue"),
    ("In 1878 Arsenio Martinez Campos restored Spanish authority in Cuba.", "Martinez Campos", "Spain"),
])
def test_restoring_a_rule_or_an_authority_supports_no_one_named_in_it(text, subject, obj):
    lacks(text, subject, "SUPPORTED", obj)


@pytest.mark.parametrize("text,actor,wrong", [
    ("The Alliance of the Bakongo met in Leopoldville. The Force Publique mutinied against its officers.",
     "Force Publique", "Alliance of the Bakongo"),
    ("The Catholic League met at Munich. In 1631 Sweden sent troops to protect its allies.", "Sweden",
     "Catholic League"),
    ("The Directory met in Paris. In 1798 the Royal Navy sailed to defend its bases.", "Royal Navy", "Directory"),
])
def test_a_possessive_is_first_its_own_clauses_subject(text, actor, wrong):
    # "X mutinied against its officers": "its" is X, never the body named in the sentence before
    doc = extract(text)
    assert not [r for r in doc.relations if actor in r["subject"] and wrong in r["object"]], doc.relations


@pytest.mark.parametrize("text,captor,receiver", [
    ("Mobutu's soldiers arrested Patrice Lumumba in December and handed him over to the Katangan authorities.",
     "Mobutu", "Katang"),
    ("In 1431 the Burgundians captured Joan of Arc and handed her over to the English.", "Burgundians", "English"),
    ("In 1815 the Prussians took Michel Ney and handed him over to the Bourbons.", "Prussians", "Bourbons"),
])
def test_handing_someone_over_is_no_submission(text, captor, receiver):
    lacks(text, captor, "SUBMITTED_TO", receiver)


@pytest.mark.parametrize("text,giver,receiver", [
    ("Lumumba turned to the Soviet Union, which sent him aircraft and advisers.", "Soviet Union", "Lumumba"),
    ("Francisco Franco appealed to Italy, which sent him aircraft and pilots.", "Italy", "Franco"),
    ("The Hussites appealed to Poland, which sent them money and knights.", "Poland", "Hussites"),
])
def test_sending_a_list_of_aid_supports_the_receiver(text, giver, receiver):
    has(text, giver, "SUPPORTED", receiver)


@pytest.mark.parametrize("text,holder,realm,wrong", [
    ("Belgium granted independence to the Congo on 30 June 1960, and Patrice Lumumba became its first prime "
     "minister.", "Lumumba", "Congo", "Belgium"),
    ("In 1947 Britain withdrew from India, and Jawaharlal Nehru became its first prime minister.", "Nehru", "India",
     "Britain"),
    ("In 1957 Britain granted independence to the Gold Coast, and Kwame Nkrumah became its first prime minister.",
     "Nkrumah", "Gold Coast", "Britain"),
])
def test_a_possessive_after_a_coordinated_clause_stands_for_its_last_named_party(text, holder, realm, wrong):
    has(text, holder, "LEADER_OF", realm)
    lacks(text, holder, "LEADER_OF", wrong)


@pytest.mark.parametrize("text,leader,state,town", [
    ("In 1918 Josef Pilsudski entered Warsaw and proclaimed the Polish Republic, with himself at its head.",
     "Pilsudski", "Polish Republic", "Warsaw"),
    ("In 1917 Pavlo Skoropadsky seized Kiev and proclaimed the Ukrainian State, with himself at its head.",
     "Skoropadsky", "Ukrainian State", "Kiev"),
    ("In 1804 Jean-Jacques Dessalines took Port-au-Prince and proclaimed the Empire of Haiti, with himself at its "
     "head.", "Dessalines", "Empire of Haiti", "Port-au-Prince"),
])
def test_a_possessive_stands_first_for_its_own_clauses_object(text, leader, state, town):
    has(text, leader, "LEADER_OF", state)
    lacks(text, leader, "LEADER_OF", town)


@pytest.mark.parametrize("text,person,state", [
    ("Toussaint Vardeloup, a former slave, rose to command the rebels. Vardeloup left the Spanish and joined the "
     "French Republic in 1794.", "Toussaint Vardeloup", "French Republic"),
    ("Mamadou Keita, a former clerk, rose to lead the party. Keita left the French and joined Guinea in 1958.",
     "Mamadou Keita", "Guinea"),
    ("Gaius Marcellinus, a young officer, led the cavalry across the ford. Marcellinus left the Senate and joined "
     "Carthage in 210 BC.", "Gaius Marcellinus", "Carthage"),
])
def test_a_surname_opening_a_sentence_acts_for_the_full_name(text, person, state):
    has(text, person, "SUPPORTED", state)


@pytest.mark.parametrize("text,victor,leader", [
    ("In 1632 Gustavus Adolphus defeated the imperial army under Tilly at the Lech.", "Gustavus Adolphus", "Tilly"),
    ("In 1645 Montrose defeated the Covenanter forces under Baillie at Kilsyth.", "Montrose", "Baillie"),
    ("In 1809 the Austrians attacked the French troops under Davout near Eckmühl.", "Austrians", "Davout"),
])
def test_fighting_an_army_under_a_leader_opposes_the_leader(text, victor, leader):
    r = has(text, victor, "OPPOSED", leader)
    assert r["object"] == leader  # "Davout", not "Davout near Eckmühl": a name and the place near it are two


@pytest.mark.parametrize("text,one,other", [
    ("The Second Schleswig War was fought in 1864 between Denmark and Prussia.", "Denmark", "Prussia"),
    ("In 1756 a war was fought between Britain and France in North America.", "Britain", "France"),
    ("The Toledo War was fought in 1835 between Ohio and the Michigan Territory.", "Ohio", "Michigan Territory"),
])
def test_a_war_fought_between_two_sides_opposes_them(text, one, other):
    has(text, one, "OPPOSED", other)


@pytest.mark.parametrize("text,leaders,other", [
    ("Arthur Griffith and Michael Collins led the Irish delegation that negotiated with David Lloyd George in "
     "London.", ["Arthur Griffith", "Michael Collins"], "David Lloyd George"),
    ("Benjamin Franklin led the American delegation that negotiated with Richard Oswald in Paris.",
     ["Benjamin Franklin"], "Richard Oswald"),
    ("Zhou Enlai led the Chinese delegation that met the Americans at Geneva in 1954.", ["Zhou Enlai"], "Americans"),
])
def test_those_who_led_a_delegation_did_what_it_did(text, leaders, other):
    for leader in leaders:
        has(text, leader, "NEGOTIATED_WITH", other)


def test_two_who_negotiate_with_a_third_are_on_one_side():
    text = "Castlereagh and Metternich negotiated with Talleyrand at Vienna."
    has(text, "Metternich", "NEGOTIATED_WITH", "Talleyrand")
    lacks(text, "Castlereagh", "NEGOTIATED_WITH", "Metternich")
