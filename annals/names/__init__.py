"""Names of people, organisations, places, groups, events and works, in two stages.

* :mod:`.component`: the ``annals_names`` spaCy component, which finds the names of one paragraph and
  what their sentences say of their type (:mod:`.type_evidence`);
* :mod:`.merge`: the document-level step, which merges the names of a document into entities and votes
  each entity's type (:func:`annals.names.merge.merge_aliases`);
* :mod:`.link`: the entity of the document a stretch of text names (a mention, an alias or a definite
  description), which the events and relations steps ask.
"""
