"""Typed relations between the entities of a document, in two stages.

* :mod:`.registry`: each relation type declared once (argument types, wording, question verbs, the
  trigger classes of ``data/relation_lexicon.json`` that produce it);
* :mod:`.component`: the ``annals_relations`` spaCy component, which finds relations between phrases
  of one paragraph;
* :mod:`.document`: the document-level step, which resolves those phrases to the document's entities
  (:func:`annals.relations.document.link_relations`).
"""
