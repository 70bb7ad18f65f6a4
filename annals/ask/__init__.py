"""Questions answered from the store, each answer with the sentence that says so.

:func:`ask` is what the CLI, the Python API and the HTTP API call (:func:`answer` for one question and
an open store).  It works in these steps:

1. **Analysis** (:func:`analyse`): the wh-word and what it asks for (a person, an organisation, a
   place, a work, an event, a date at a precision: "in what year" wants a year, "on what date" a
   day), the question's names resolved through the store's names and aliases, its content words.
   A capitalised name that the store does not know makes the question unanswerable: annals never
   guesses about things its texts do not mention.
   A name that the store gives to several people (two men called Gracchus) is asked of each of them:
   the best supported answers; where none is better, the answer lists them, each cited, with
   ``"ambiguous": true``.
2. **Model first**: for "who led / founded / arrested ... X" the stored relations of X answer
   directly, citing the relation's sentence; for "when did X die" the time of X's stored event; the
   model's answer stands where the clauses of its sentence that have the question's verb agree.
3. **Clauses**: candidate sentences come from FTS5 and from the sentences that mention the question's
   entities, ranked by the question's words they share (rarer words weigh more) and its entities; the
   best are parsed, and the answer is the argument in the asked role of a clause whose predicate
   matches the question's and whose own subject and object agree with it.  Sources that give
   different values are all listed (``"answers"``).
4. **Shared words**, last: the entity or date of the expected type nearest to what matched in the
   best sentence, a weak answer (confidence at most 0.5, halved where the text has the question's
   predicate without the asked argument).  Below :data:`MIN_CONFIDENCE` (``--min-confidence``),
   calibrated by ``bench/ask_calibration.py``, no answer is given.

**Support**: an answer is given only where its sentences hold more than half of what the question
says (its content words, less the noun of "which city" and words like "take place", and its names).
A sentence's neighbour counts for what a pronoun stands for ("Its capital was ..."), and a second
sentence about the answer's entity for what describes it ("Marcus Varro, legate of the Ninth Legion").
This is what keeps "Which town did the Swedish army besiege in 1632?" from being answered with a
town some other army besieged in another year.

The answer is a short phrase; where nothing supports one, ``answer`` is ``""`` and ``sources`` is
empty.  ``confidence`` and ``support`` are in [0, 1].

The modules, in reading order:

* :mod:`~annals.ask.words`: words compared by their lemmas, and the parses of texts kept for reuse;
* :mod:`~annals.ask.verbs`: which verbs say the same act (the event and relation classes);
* :mod:`~annals.ask.parse`: a question parsed: its predicate, the role it asks for, what it gives;
* :mod:`~annals.ask.analyse`: what a question asks for, its names resolved in the store (step 1);
* :mod:`~annals.ask.retrieve`: candidate sentences, ranked;
* :mod:`~annals.ask.support`: how much of the question a sentence holds;
* :mod:`~annals.ask.results`: the parts of an answer (citations, dates as written, the empty answer);
* :mod:`~annals.ask.roles`: the tokens of a sentence's clause in each role;
* :mod:`~annals.ask.clauses`: the argument of a clause that answers a parsed question;
* :mod:`~annals.ask.model`: answers from stored relations and events (step 2);
* :mod:`~annals.ask.from_clauses`: answers from the clauses of the best ranked sentences (step 3);
* :mod:`~annals.ask.answer`: :func:`ask` and :func:`answer`, the steps put together (and step 4).

Here ``annals.ask.answer`` is the function; its module is reached with ``from annals.ask.answer import ...``.
"""

from annals.ask.analyse import Question, analyse
from annals.ask.answer import MIN_CONFIDENCE, answer, ask

__all__ = ["MIN_CONFIDENCE", "Question", "analyse", "answer", "ask"]
