"""The relations component holds no state of a document (issue 13, item 1): the pipeline is cached and
shared, so one instance serves every thread.  Eight threads run it at once on different invented texts
and must find exactly what a sequential run finds."""

from __future__ import annotations

import threading

from annals.pipeline import load_pipeline
from annals.relations.candidates import describe_candidates

TEXTS = [
    "In 49 BC Julius Caesar crossed the Rubicon and marched against Pompey, who fled to Greece. "
    "The Senate, led by Cato, opposed Caesar. Caesar defeated Pompey at Pharsalus in Thessaly.",
    "Gustavus Adolphus, king of Sweden, allied with France in 1631. His army besieged Magdeburg, "
    "which Tilly stormed in May. The Elector of Saxony joined the Swedes after the sack.",
    "The Yongle Emperor sent Zheng He to Malacca. Zheng He, the admiral of the Ming fleet, negotiated "
    "with the sultan of Malacca and arrested a pirate chief at Palembang in Sumatra.",
    "Napoleon invaded Russia in 1812. Kutuzov, commander of the Russian army, retreated to Moscow. "
    "Prussia and Austria supported France, but Britain opposed Napoleon throughout the war.",
    "Ulysses S. Grant, commander of the Union Army, besieged Vicksburg in Mississippi. John C. Pemberton "
    "surrendered to Grant on 4 July 1863. Abraham Lincoln then appointed Grant general-in-chief.",
    "Kwame Nkrumah founded the Convention People's Party in 1949. The party opposed British rule in "
    "the Gold Coast, and Nkrumah was arrested by the colonial government in 1950.",
    "Hannibal, the Carthaginian general, crossed the Alps and defeated Rome at Cannae in Apulia. "
    "Philip V of Macedon allied with Carthage, while Syracuse submitted to Rome.",
    "Patrice Lumumba, leader of the Congolese National Movement, became prime minister of the Congo. "
    "Moise Tshombe, supported by Belgium, declared Katanga independent and refused Lumumba's authority.",
]


def _found(finder, doc) -> list[str]:
    return describe_candidates(finder(doc)._.relation_candidates, doc.text)


def test_relations_component_gives_the_same_candidates_from_eight_threads():
    nlp = load_pipeline()
    finder = nlp.get_pipe("annals_relations")
    docs = [nlp(t) for t in TEXTS]  # every component, the relations one included
    expected = [_found(finder, d) for d in docs]
    assert all(expected), expected  # each text gives relations: the comparison is not of empty lists
    got: list[list[list[str]]] = [[] for _ in docs]
    errors: list[BaseException] = []
    start = threading.Barrier(len(docs))

    def work(k: int) -> None:
        try:
            start.wait()
            for _ in range(15):
                got[k].append(_found(finder, docs[k]))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(docs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for k, runs in enumerate(got):
        assert len(runs) == 15
        for run in runs:
            assert run == expected[k]


def test_relations_component_keeps_nothing_of_a_document_on_itself():
    nlp = load_pipeline()
    finder = nlp.get_pipe("annals_relations")
    before = set(vars(finder))
    finder(nlp(TEXTS[0]))
    assert set(vars(finder)) == before == {"w", "titles"}
