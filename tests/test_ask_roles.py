"""``annals ask`` on texts written for these tests (other periods than the development texts): the answer
is the argument, in the asked role, of the clause that says what the question asks; a name the text
describes by the asked noun; question words that are no names; and abstaining where the text is silent."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from annals.ask import ask

TEXT = """\
The border crisis of 1861 divided the slave states that had not left the Union.
The governors
Beriah Magoffin, the governor of Kentucky, refused the call for troops. In April 1861 Thomas Hicks, the \
governor of Maryland, sent Zouave companies to guard the capital. After 1861 Maryland was governed under Augustus \
Bradford, a lawyer of the Union party.
The river war
At Arcole the attack stalled on the dykes until Colonel Jean Lannes led the grenadiers onto the bridge. \
Maximilian Welser, then chancellor of Bavaria, refused the offer of the League in 1609. Three boats capsized \
off Ras Kamboni in the storm; the only survivor, the sergeant Omar Haji Farah, told of his rescue in a diary.
Later accounts
In 1883 J. R. Seeley's The Expansion of England presented the empire as a national achievement.
Envoys and prisoners
In May 1527 a papal embassy reached the imperial camp at Bologna to treat for the release of the pope. During the \
talks Georg von Frundsberg, the captain of the landsknechts, rode in and seized them. The wounded prisoners were \
kept in a barn called the Red Granary. On 3 March 1863, as a cavalry patrol drew near, they were released. In 1652 \
a Dutch squadron anchored in Table Bay to take on water. The next morning Jan van Riebeeck, the commander of the \
fort, welcomed them ashore.
Historians and marshals
Among the historians of Rome, above all Edward Gibbon, whose Decline and Fall of the Roman Empire began to \
appear in 1776, shaped the view of the late empire. Marshal Davout's Third Corps reached the field at Auerstedt \
in October 1806. Sima Qian's Records of the Grand Historian were completed around 94 BC.
Offices and assemblies
Kwame Nkrumah led the strikes of 1950, and in March 1957 he became the first prime minister of Ghana. Zhu \
Yuanzhang drove out the Mongols, and in 1368 he became the first emperor of the Ming. In 1521 Luther refused to \
recant, and the following year he became the leader of the reformers in Saxony. On 4 August 1789 a long session of \
the National Assembly at Versailles abolished the feudal dues. In June 1215 a conference of the barons at \
Runnymede forced the king to seal the charter. On 26 April 1607 a council of the settlers met aboard the \
flagship at Cape Henry. In 1839 a merchant fleet lay off Canton. The Boston meeting in the Old South Church \
was followed by a tea party later that night.
Alliances
In 1624 the envoys of France and Savoy concluded a secret treaty at Susa, negotiated by Father Joseph, a \
Capuchin friar from Paris.
Deaths and defeats
In October 1424 Jan Zizka died in a camp near Pribyslav. Hannibal died in exile at Libyssa. The New Model Army \
routed a royal army at the Battle of Naseby in June 1645. At the assembly the young Robespierre demanded the \
withdrawal of Prussian troops.
Help
The rising began in Naples with the encouragement of Cardinal Ruffo. The treaty was signed in 1713 with the \
approval of Queen Anne. The escape across the Minch succeeded with the assistance of Flora MacDonald.
Prisons and commands
The captured envoys were kept in a tower called the Torre Nuova. The rebel chiefs were confined in a fortress \
known as Castel Rosso. The royal treasure was hidden in a cave named Kerak. A Swedish army under the nominal \
command of Prince Karl Gustav crossed the Elbe. From 1862 the garrison guarded the river forts under the overall \
command of the Union general Benjamin Butler. In 1644 the Ming loyalists, under the command of Shi Kefa, held \
Yangzhou. At Pavia on 23 February 1525 the landsknechts of Frundsberg broke the French left. The next morning \
their comrades and two Spanish companies stormed the park.
Oaths and orders
In 1848 the Frankfurt Parliament proclaimed its authority with the Imperial Constitution. The rebels sealed their \
pact with the Oath of Plessis. The emperor rewarded the general with the Order of the Golden Kite.
Acts
In 1215 the barons forced a charter on King John. This charter, drafted by Stephen Langton, limited the power of \
the crown. In 1833 Parliament passed an act abolishing slavery in the colonies. This act, introduced by Edward \
Stanley, freed some 800,000 people. The Sultan's fleet was destroyed at Navarino in 1827. This victory, won by \
Admiral Edward Codrington, ended the war at sea.
Foundations
In 1701 Frederick founded the Order of the Black Eagle in Konigsberg. In 1097 the crusaders besieged the fortress \
of Nicaea in Anatolia. In 1520 Luther burned the papal bull in Wittenberg.
Decrees and petitions
Tomas Ortiz, the alcalde of Cuenca, defied the viceroy Luis Vargas, and in May 1811 he issued a decree which named \
him protector of the valley.
Counts
At the election of 1906 the Liberals won 397 of the 670 seats in the Commons. Three of the king's five \
brothers died at Towton.
"""

ANSWERS = {
    # "X, the ruler of Y" / "Colonel X" / "one of the survivors, the sergeant X": the name the noun describes
    "Which governor of Maryland sent Zouave companies to guard the capital?": "Thomas Hicks",
    "Which colonel led the grenadiers onto the bridge?": "Jean Lannes",
    "Which chancellor of Bavaria refused the offer of the League?": "Maximilian Welser",
    "Which survivor told of his rescue in a diary?": "Omar Haji Farah",
    # a capitalised function word opening the question is no name ("Under", "During", "Against")
    "Under whose leadership was Maryland governed from 1861?": "Augustus Bradford",
    # initials are no words of a name: "J. R. Seeley" is Seeley
    "Which book by J. R. Seeley presented the empire as a national achievement?": "Expansion of England",
    # "Y seized them": the pronoun stands for what the sentence before says
    "Who seized the papal embassy at Bologna?": "Georg von Frundsberg",
    "When were the wounded prisoners kept in the Red Granary released?": "3 March 1863",
    "Who welcomed the Dutch squadron in Table Bay?": "Jan van Riebeeck",
    # "X's book", "X, whose book": the author; "X's corps": the corps X commanded
    "Who wrote the Decline and Fall of the Roman Empire?": "Edward Gibbon",
    "Which corps did Marshal Davout command?": "Third Corps",
    "Who wrote the Records of the Grand Historian?": "Sima Qian",
    # "Who became the X of Y?" asks for the holder of the office, as "Who was ..." does
    "Who became the first prime minister of Ghana?": "Kwame Nkrumah",
    "Who became the first emperor of the Ming?": "Zhu Yuanzhang",
    "Who became the leader of the reformers in Saxony?": "Luther",
    # "When was the X held / did the X take place?": the time of the clause the event noun is in
    "When was the session of the National Assembly at Versailles held?": "4 August 1789",
    "When did the conference of the barons at Runnymede take place?": "June 1215",
    "When was the council of the settlers held?": "26 April 1607",
    # the question's own verb is said: a verb of its class there ("concluded") tells another event
    "Who negotiated the secret treaty at Susa?": "Joseph",
    # "died in a camp near X": the place named inside the place
    "Where did Jan Zizka die?": "Pribyslav",
    "Where did Hannibal die?": "Libyssa",
    # "with the encouragement of X": X encouraged it
    "Who encouraged the rising in Naples?": "Ruffo",
    "Who approved the treaty signed in 1713?": "Anne",
    "Who assisted the escape across the Minch?": "Flora MacDonald",
    # "In which N were X held?" read as "X were held in N"; "a tower called X": X
    "In which tower were the captured envoys kept?": "Torre Nuova",
    "In which fortress were the rebel chiefs confined?": "Castel Rosso",
    "In which cave was the royal treasure hidden?": "Kerak",
    # "Who held command of X?" asks who commanded X: "under the command of Y"
    "Who held nominal command of the Swedish army that crossed the Elbe?": "Karl Gustav",
    "Which Union general held overall command of the garrison guarding the river forts?": "Benjamin Butler",
    "Who held command of the Ming loyalists?": "Shi Kefa",
    # "With which X did Y ...": the phrase of that preposition, on the verb or on its object
    "With which document did the Frankfurt Parliament proclaim its authority?": "Imperial Constitution",
    "With which oath did the rebels seal their pact?": "Oath of Plessis",
    "With which order did the emperor reward the general?": "Order of the Golden Kite",
    # "This charter, drafted by X": which charter, the sentence before says
    "Who drafted the charter the barons forced on King John?": "Stephen Langton",
    "Who introduced the act abolishing slavery in the colonies?": "Edward Stanley",
    "Who won the victory at Navarino?": "Codrington",
    # "In which city was X founded?" read as "X was founded in ...": X is what was founded
    "In which city was the Order of the Black Eagle founded?": "Konigsberg",
    "In which region was the fortress of Nicaea besieged?": "Anatolia",
    "In which town was the papal bull burned?": "Wittenberg",
    # "he issued a decree which named him ...": an object pronoun stands for the subject of the clause above
    "Who was named protector of the valley?": "Tomas Ortiz",
    # "N of the M nouns": how many were so is the part, not the whole
    "How many seats did the Liberals win in 1906?": "397",
    "How many brothers of the king died at Towton?": "Three",
}

# "their comrades rose": whose comrades, the sentence before says; the date is reckoned from it
RELATIVE = "On what date did the landsknechts' comrades and two Spanish companies storm the park?"

UNANSWERABLE = [
    "Which governor of Delaware sent Zouave companies to guard the capital?",  # Delaware: not in the text
    "Which general led the Fenian companies?",  # Fenian: not in the text
    "Which colonel went over to the enemy at Arcola?",
    "Who seized the Venetian embassy at Padua?",
    "When were the wounded prisoners kept in the Red Granary shot?",
    "Who destroyed the Records of the Grand Historian?",  # a possessor is no destroyer
    "Which army did Marshal Davout defeat at Auerstedt?",
    "Who became the first emperor of the Qing?",
    "When did the Boston meeting take place?",  # the date said there is that of the tea party
    "Who commanded the royal army defeated at the Battle of Naseby?",  # who routed it is no commander
    "Who commanded the Prussian troops?",  # "demanded" is no verb of leading
]


def annals(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annals", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("roles")
    (folder / "borders.txt").write_text(TEXT, encoding="utf-8")
    r = annals("ingest", str(folder / "borders.txt"), "--db", str(folder / "r.db"), "--quiet")
    assert r.returncode == 0, r.stderr
    return {a["q"]: a for a in ask(folder / "r.db", [*ANSWERS, *UNANSWERABLE, RELATIVE])}


@pytest.mark.parametrize("question", list(ANSWERS))
def test_the_answer_is_the_argument_in_the_asked_role(answers, question):
    got = answers[question]
    assert ANSWERS[question] in got["answer"], got
    assert got["sources"] and ANSWERS[question] in got["sources"][0]["sentence"]


def test_a_possessive_pronoun_stands_for_what_the_sentence_before_names(answers):
    got = answers[RELATIVE]
    assert got["answer"] == "24 February 1525", got
    assert "stormed the park" in got["sources"][0]["sentence"]
    assert any("23 February 1525" in s["sentence"] for s in got["sources"][1:])


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_what_the_text_does_not_say_gets_no_answer(answers, question):
    got = answers[question]
    assert got["answer"] == "" and got["sources"] == [], got


def test_function_words_opening_a_question_are_no_names():
    from annals.ask.analyse import _name_spans

    assert _name_spans("Under whose command did the legions cross the Rubicon?") == ["Rubicon"]
    assert _name_spans("During which siege did Tilly die?") == ["Tilly"]
    assert _name_spans("Against whom did the Ming fleet sail?") == ["Ming"]


def test_the_name_a_noun_describes_by_title_or_apposition():
    from annals.ask.clauses import Found
    from annals.ask.from_clauses import _described_by

    def fact(text: str, *names: str) -> dict[str, Any]:
        mentions = [{"start": text.index(n), "end": text.index(n) + len(n), "name": n, "entity": i,
                     "type": "PERSON"} for i, n in enumerate(names)]
        return {"text": text, "start": 0, "mentions": mentions}

    nobody = Found("", 0, 0, None, 1.0, set())
    f = fact("Pompey fled, and Caesar, the consul of that year, crossed the river.", "Pompey", "Caesar")
    assert _described_by(f, "consul", nobody, set())["name"] == "Caesar"
    f = fact("The eunuchs held the gate, and Admiral Zheng He sailed west.", "Zheng He")
    assert _described_by(f, "admiral", nobody, set())["name"] == "Zheng He"
    f = fact("One of the survivors, the drummer Jean Roch, wrote a memoir.", "Jean Roch")
    assert _described_by(f, "survivor", nobody, set())["name"] == "Jean Roch"
    # two names described alike: no telling which
    f = fact("Marshal Ney and Marshal Murat rode ahead.", "Ney", "Murat")
    assert _described_by(f, "marshal", nobody, set()) is None


def test_question_parse_of_copulas_and_event_nouns():
    from annals.ask.parse import parse_question

    for q, office in [("Who became the first emperor of the Ming?", "emperor"),
                      ("Who became Ghana's first prime minister?", "minister"),
                      ("Who remained governor of Breisach?", "governor")]:
        p = parse_question(q)
        assert (p.predicate, p.role, p.office) == (office, "holder", True), p
    for q, noun in [("When was the council of the settlers held?", "council"),
                    ("When did the conference of the barons take place?", "conference"),
                    ("When did the mutiny at Spithead happen?", "mutiny")]:
        p = parse_question(q)
        assert (p.role, p.event_noun) == ("time", noun), p
    assert parse_question("When did the barons meet?").event_noun is None  # a verb of its own: its clause


def test_a_verb_of_a_relation_asks_by_that_relation_only():
    from annals.ask.verbs import same_predicate

    assert same_predicate("command", "lead") > 0
    assert same_predicate("command", "demand") == 0  # "commanded the troops" is not "demanded"
    assert same_predicate("arrest", "detain") > 0
    assert same_predicate("broker", "mediate") > 0  # a verb of no relation asks by its event type


def test_the_noun_of_a_verb_is_said_with_a_suffix():
    from annals.ask.verbs import nominal_of

    assert nominal_of("encouragement", "encourage") and nominal_of("negotiation", "negotiate")
    assert nominal_of("approval", "approve") and nominal_of("assistance", "assist")
    assert nominal_of("leadership", "lead")
    assert not nominal_of("station", "state") and not nominal_of("government", "go")


def test_command_of_a_unit_names_what_is_commanded_not_who_commands():
    from annals.ask.clauses import clause_answers
    from annals.ask.parse import parse_question

    for text, unit in [("In 1812 Marshal Soult received command of the newly raised Fourth Corps.", "Corps"),
                       ("In 1640 the duke lost command of the Army of Flanders.", "Flanders"),
                       ("The consul was granted command of the Macedonian legions.", "legions")]:
        fact = {"text": text, "start": 0, "mentions": [], "timexes": []}
        found = clause_answers(parse_question("Who commanded the army?"), fact)
        assert not any(unit in f.text for f in found), found


def test_a_document_that_never_names_what_the_question_names_is_weak_support(tmp_path):
    (tmp_path / "harvest.txt").write_text("Operation Harvest began in June 1943 with an assault on the island of "
                                          "Lampedusa.\n", encoding="utf-8")
    (tmp_path / "greenwich.txt").write_text("Meanwhile the queen went to the camp at Greenwich, where Essex commanded "
                                            "the troops assembled to defend the city.\n", encoding="utf-8")
    (tmp_path / "tarawa.txt").write_text("In the Gilberts the marines under Julian Smith commanded the lagoon "
                                         "after three days.\n", encoding="utf-8")
    r = annals("ingest", str(tmp_path / "harvest.txt"), str(tmp_path / "greenwich.txt"), str(tmp_path / "tarawa.txt"),
               "--db", str(tmp_path / "h.db"), "--quiet")
    assert r.returncode == 0, r.stderr
    got = ask(tmp_path / "h.db", ["Who commanded the Italian troops in Operation Harvest?",
                                  "Who commanded the troops on Lampedusa?",
                                  "Who commanded the lagoon of Lampedusa?"])
    assert all(a["answer"] == "" for a in got), got


def test_a_name_the_text_never_calls_by_an_unknown_kind_noun_is_a_weak_guess(tmp_path):
    """"Which demand ...?": "demand" names no kind of entity; a town in the sentence that says "demands" is not
    called a demand, so the guess stays far below the threshold (it had 0.22 against 0.25 before)."""
    from annals.ask import MIN_CONFIDENCE

    (tmp_path / "petition.txt").write_text("Weavers' Petition\n\nOn 3 June 1819 weavers at the Anchor Mill of "
                                           "Paisley drew up a petition of nine demands.\n", encoding="utf-8")
    r = annals("ingest", str(tmp_path / "petition.txt"), "--db", str(tmp_path / "p.db"), "--quiet")
    assert r.returncode == 0, r.stderr
    [got] = ask(tmp_path / "p.db", ["Which demand stood first in the weavers' petition of nine?"], min_confidence=0.0)
    assert got["confidence"] < MIN_CONFIDENCE / 2, got


def test_a_pronoun_may_stand_for_the_person_asked_about(tmp_path):
    """Of two sentences that name nobody the question names, the one with "him" may be about the person asked
    about and ranks above the one without."""
    from annals.ask import analyse
    from annals.ask.retrieve import _ranked
    from annals.store import Store

    (tmp_path / "regent.txt").write_text(
        "The Regent\n\nDom Miguel Ortiz ruled the province as regent from 1820.\n"
        "Smugglers hid him at Porto Seguro for a month.\nSmugglers hid the cargo at Porto Seguro for a month.\n",
        encoding="utf-8")
    r = annals("ingest", str(tmp_path / "regent.txt"), "--db", str(tmp_path / "g.db"), "--quiet")
    assert r.returncode == 0, r.stderr
    store = Store(tmp_path / "g.db")
    a = analyse("Where did the smugglers hide Ortiz?", store)
    facts, _, scored, _, _ = _ranked(a, store)
    score = {facts[key]["text"].split()[2]: s for s, key, _ in scored if facts[key]["text"].startswith("Smugglers")}
    assert score["him"] > score["the"], score


def _bare(text: str, mentions: list[dict[str, Any]] | None = None,
          timexes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"text": text, "start": 0, "mentions": mentions or [], "timexes": timexes or []}


@pytest.mark.parametrize(("question", "text", "place"), [
    ("Where did Wallenstein repulse the Swedes?",
     "In 1632 Wallenstein repulsed the Swedes on the Alte Veste hill outside Nuremberg.", "Alte Veste hill"),
    ("Where did Blucher rout the French?",
     "In 1813 Blucher routed the French on the Katzbach River outside Liegnitz.", "Katzbach River"),
    ("Where did Jackson beat the Union army?",
     "In 1862 Jackson beat the Union army on Sitlington Hill outside McDowell.", "Sitlington Hill"),
])
def test_the_place_of_a_clause_is_the_one_named_not_the_one_it_lies_outside(question, text, place):
    """"defeated the X on Y Hill outside Z": the place is Y Hill (the parser may hang it on the object);
    Z only says where Y Hill lies."""
    from annals.ask.clauses import clause_answers
    from annals.ask.parse import parse_question

    found = [f.text for f in clause_answers(parse_question(question), _bare(text))]
    assert found == [place], found


def test_a_place_said_only_by_near_is_still_the_place():
    from annals.ask.clauses import clause_answers
    from annals.ask.parse import parse_question

    found = clause_answers(parse_question("Where did Hannibal die?"), _bare("Hannibal died in exile near Libyssa."))
    assert [f.text for f in found] == ["Libyssa"], found


@pytest.mark.parametrize(("question", "text", "number"), [
    ("How many soldiers surrendered to Grant?",
     "The garrison of the fort, 12,000 of whom surrendered to Grant, had no water.", "12,000"),
    ("How many prisoners were sold into slavery?",
     "The Roman prisoners, 4,000 of whom were sold into slavery, were taken to Carthage.", "4,000"),
    ("How many rebels fled to the hills?",
     "The rebels of Nanjing, 300 of whom fled to the hills, were pardoned by the court.", "300"),
    ("How many galleys were sunk?", "The galleys, 40 of which were sunk, had sailed from Cadiz.", "40"),
])
def test_a_number_of_whom_counts_the_people_the_clause_tells_of(question, text, number):
    """"the garrison, 300 of whom surrendered": 300 surrendered; "of which" counts the noun it hangs on."""
    from annals.ask.clauses import clause_answers
    from annals.ask.parse import parse_question

    found = [f.text for f in clause_answers(parse_question(question), _bare(text))]
    assert found == [number], found


def test_a_number_of_which_counts_only_the_noun_it_hangs_on():
    from annals.ask.clauses import clause_answers
    from annals.ask.parse import parse_question

    text = "The fleet, 40 of which were sunk, returned to Cadiz."
    assert clause_answers(parse_question("How many soldiers were sunk?"), _bare(text)) == []


def _mention_of(text: str, name: str, entity: int, etype: str) -> dict[str, Any]:
    s = text.index(name)
    return {"entity": entity, "name": name, "type": etype, "start": s, "end": s + len(name)}


def _timex_of(text: str, said: str, value: str) -> dict[str, Any]:
    s = text.index(said)
    return {"text": said, "value": value, "start": s, "end": s + len(said)}


@pytest.mark.parametrize(("text", "battle", "date", "value"), [
    ("Napoleon defeated the Russians and the Austrians at the Battle of Austerlitz on 2 December 1805.",
     "Battle of Austerlitz", "2 December 1805", "1805-12-02"),
    ("Cromwell routed the Scots at the Battle of Dunbar on 3 September 1650.",
     "Battle of Dunbar", "3 September 1650", "1650-09-03"),
    ("Grant beat the Confederates at the Battle of Shiloh in April 1862.", "Battle of Shiloh", "April 1862",
     "1862-04"),
])
def test_the_date_of_the_clause_that_names_a_battle_is_its_date(text, battle, date, value):
    """"When was the Battle of X fought?" with "Y defeated Z at the Battle of X on D": the text does not say
    "fought"; the clause that names the battle gives its date."""
    from annals.ask.clauses import event_times

    fact = _bare(text, [_mention_of(text, battle, 7, "EVENT")], [_timex_of(text, date, value)])
    found = event_times(fact, {7})
    assert [text[f.start:f.end] for f in found] == [date], found


def test_a_noun_tagged_as_an_adjective_in_a_nouns_place_stands_for_its_apposed_name():
    """The tagger may take "general" of "his general X attacked" for an adjective: in the subject's place it
    is a noun, and the name apposed to it is who attacked (a parse built by hand, as the tagger gives it)."""
    from spacy.tokens import Doc

    from annals.ask.clauses import _filler
    from annals.ask.words import doc_of

    words = ["In", "1582", "his", "general", "Li", "Rusong", "attacked", "the", "city", "."]
    doc = Doc(doc_of("x").vocab, words=words, spaces=[True] * 8 + [False, False],
              pos=["ADP", "NUM", "PRON", "ADJ", "PROPN", "PROPN", "VERB", "DET", "NOUN", "PUNCT"],
              deps=["prep", "pobj", "poss", "nsubj", "compound", "appos", "ROOT", "det", "dobj", "punct"],
              heads=[6, 0, 3, 6, 5, 3, 6, 8, 6, 6])
    got = _filler(_bare(doc.text), doc[3])
    assert got is not None and got[0] == "Li Rusong", got


RIVALS = """\
Rivals and Courts

When Crassus plotted against him, Pompey left Rome in 55 BC. In 48 BC his officer Achillas attacked Pompey at the \
harbour of Pelusium.

When Pope Clement opposed him, Charles V sent an army to Rome in 1527. In 1541 the corsair Hayreddin attacked \
Charles V at Algiers.

When the radicals in Congress plotted against him, Lincoln kept his cabinet together. In April 1865 the actor John \
Wilkes Booth attacked Lincoln at Ford's Theatre.

In 1521 the pope excommunicated Luther at Rome. In 1644 the emperor summoned Wu Sangui to Beijing. In 1862 the \
president appointed McClellan general-in-chief. In 1799 the first consul, Napoleon Bonaparte, reformed the courts \
of France.
"""


@pytest.fixture(scope="module")
def rivals_db(tmp_path_factory) -> Any:
    folder = tmp_path_factory.mktemp("rivals")
    (folder / "rivals.txt").write_text(RIVALS, encoding="utf-8")
    r = annals("ingest", str(folder / "rivals.txt"), "--db", str(folder / "r.db"), "--quiet")
    assert r.returncode == 0, r.stderr
    return folder / "r.db"


@pytest.mark.parametrize(("question", "answer"), [
    ("Who attacked Pompey at Pelusium?", "Achillas"),
    ("Who attacked Charles V at Algiers?", "Hayreddin"),
    ("Who attacked Lincoln at Ford's Theatre?", "John Wilkes Booth"),
])
def test_a_stored_relation_told_without_the_place_asked_does_not_answer_for_it(rivals_db, question, answer):
    """"When X plotted against him, Y ..." gives a relation of opposing Y; "Who attacked Y at Z?" asks for what
    the sentence that names Z says, not for every opponent of Y."""
    [got] = ask(rivals_db, [question])
    assert got["answer"] == answer, got


@pytest.mark.parametrize("question", ["Who was the pope in 1521?", "Who was the emperor in 1644?",
                                      "Who was the president in 1862?"])
def test_an_office_the_text_leaves_unnamed_has_no_holder(rivals_db, question):
    """"In 1644 the emperor summoned X": the text does not say who the emperor was; X is not he."""
    [got] = ask(rivals_db, [question])
    assert got["answer"] == "", got


def test_an_office_the_text_names_has_its_holder(rivals_db):
    [got] = ask(rivals_db, ["Who was the first consul in 1799?"])
    assert got["answer"] == "Napoleon Bonaparte", got


@pytest.mark.parametrize(("question", "text", "date", "value"), [
    ("When did Elizabeth die?", "Elizabeth never married, and the crown went to James after her death in 1603.",
     "1603", "1603"),
    ("When did the Hongwu Emperor die?",
     "The Hongwu Emperor purged his generals, and civil war broke out after his death in 1398.", "1398", "1398"),
    ("When was Napoleon crowned?", "Napoleon's coronation on 2 December 1804 was held in Notre-Dame.",
     "2 December 1804", "1804-12-02"),
    ("When was Lincoln assassinated?", "After Lincoln's assassination in April 1865 Johnson became president.",
     "April 1865", "1865-04"),
])
def test_the_date_of_the_noun_of_the_act_asked_is_when_it_happened(question, text, date, value):
    """"When did X die?" with "... after his death in 1598": the noun of the act and its date (the parser may
    hang "in 1598" on the verb of the clause; next to the noun it is the noun's)."""
    from annals.ask.clauses import clause_answers
    from annals.ask.parse import parse_question

    found = clause_answers(parse_question(question), _bare(text, timexes=[_timex_of(text, date, value)]))
    assert [text[f.start:f.end] for f in found if f.text == "\0timex"] == [date], found


def test_the_date_of_another_act_noun_is_not_when_it_happened():
    from annals.ask.clauses import clause_answers
    from annals.ask.parse import parse_question

    text = "After his coronation in 1804 the emperor crossed the Rhine."
    found = clause_answers(parse_question("When did the emperor die?"),
                           _bare(text, timexes=[_timex_of(text, "1804", "1804")]))
    assert found == [], found


BUILDERS = """\
Builders

In 82 BC Sulla defeated Marius the Younger at the Colline Gate. He built a new senate house in the Forum.

In 1402 Zhu Di defeated the Jianwen Emperor at Nanjing. He built the Forbidden City in Beijing.

In 1809 Wellington defeated Soult at Oporto. He built the Lines of Torres Vedras outside Lisbon.
"""


@pytest.mark.parametrize(("question", "wrong", "right"), [
    ("Who built the senate house in the Forum?", "Marius the Younger", "Sulla"),
    ("Who built the Forbidden City?", "Jianwen Emperor", "Zhu Di"),
    ("Who built the Lines of Torres Vedras?", "Soult", "Wellington"),
])
def test_a_pronoun_opening_a_sentence_goes_on_with_the_subject_before(tmp_path, question, wrong, right):
    """"X defeated Y. He built Z.": a model answer that took "he" for Y (the last name said) is checked against
    the subject of the sentence before, X, which answers instead, citing both sentences."""
    from annals.ask.model import _pronoun_checked
    from annals.ask.parse import parse_question
    from annals.store import Store

    (tmp_path / "b.txt").write_text(BUILDERS, encoding="utf-8")
    r = annals("ingest", str(tmp_path / "b.txt"), "--db", str(tmp_path / "b.db"), "--quiet")
    assert r.returncode == 0, r.stderr
    store = Store(tmp_path / "b.db", create=False, readonly=True)
    noun = question.split("built the ")[-1].rstrip("?").split()[0]
    facts = store.sentence_facts([(d["id"], i) for d in store.documents() for i in range(12)])
    key, fact = next((k, f) for k, f in facts.items() if f["text"].startswith("He built") and noun in f["text"])
    result = {"answer": wrong, "sources": [{"document": key[0], "sentence_index": key[1]}], "confidence": 0.85}
    got = _pronoun_checked(parse_question(question), result, fact, key, store)
    assert got is not None and right in got["answer"], got
    assert len(got["sources"]) == 2, got
    same = _pronoun_checked(parse_question(question), result | {"answer": right}, fact, key, store)
    assert same["answer"] == right, same

