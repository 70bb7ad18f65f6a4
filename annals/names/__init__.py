"""Names of people, organisations, places, groups, events and works, in two stages.

The ``annals_names`` spaCy component finds the names of one paragraph; the document-level step merges
them into the document's entities.  Modules in reading order:

* :mod:`.component`: the component (:class:`~annals.names.component.NameFinder`, factory
  ``annals_names``): the pass over a Doc, overlaps resolved, aliases the text states, types settled;
* :mod:`.spans`: the records, :class:`~annals.names.spans.NameSpan` (a name in a Doc) and
  :class:`~annals.names.spans.DocName` (one placed in its document);
* :mod:`.lexicon`: the word lists and patterns several of the modules below read;
* :mod:`.reading`: a name's type by its own words, a title at a token, the capitalised run after one;
* the rules, each kind a mixin of the component: :mod:`.people` (titled names, given names, epithets),
  :mod:`.bodies` (names made by a head noun, collectives, works), :mod:`.context` (names the tagger
  missed, found by what governs them), :mod:`.cutting` (the tagger's names mended and split),
  :mod:`.aliases` (acronyms, parentheses), :mod:`.edges` (a candidate's edges mended, non-names dropped);
* :mod:`.type_evidence`: what a sentence says of a name's type ("landed at X", "X, who");
* :mod:`.merge`: the document-level step, names merged into entities
  (:func:`~annals.names.merge.merge_aliases`);
* :mod:`.voting`: each entity's type voted over its mentions, the entity record made of them;
* :mod:`.link`: the entity of the document a stretch of text names (a mention, an alias or a definite
  description), which the events and relations steps ask.
"""
