"""English third-person pronouns, one home for the sets the stages share (issue 18).

By gender and number (``MASCULINE`` "he, him, his, himself" ...), the reflexive and possessive ones,
and the entity types each may stand for (``TYPES``: "he" a person; "they" a group, organisation or
country; "it" an organisation, country, event or work).  The relation component, the
document-level relation step and :mod:`annals.names.link` read them; other modules keep sets that differ
from these on purpose (see issue 18's report).
"""

from __future__ import annotations

MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER = frozenset({"it", "its", "itself"})
THIRD_PERSON = MASCULINE | FEMININE | PLURAL | NEUTER
REFLEXIVE = frozenset({"himself", "herself", "themselves", "itself"})
POSSESSIVE = frozenset({"his", "her", "its", "their"})

_PERSON = frozenset({"PERSON"})
_COLLECTIVE = frozenset({"GROUP", "ORG", "GPE"})
_THING = frozenset({"ORG", "GPE", "EVENT", "WORK"})
# the entity types a pronoun may stand for
TYPES: dict[str, frozenset[str]] = {
    **{w: _PERSON for w in sorted(MASCULINE | FEMININE)},
    **{w: _COLLECTIVE for w in sorted(PLURAL)},
    **{w: _THING for w in sorted(NEUTER)},
}
