"""Events of a document, in two stages.

* :mod:`.component`: the ``annals_events`` spaCy component, which finds the triggers of one paragraph
  with their arguments, negation and modality, and the date expressions of their clauses;
* :mod:`.document`: the document-level step, which resolves the arguments to entities and settles
  each event's time with its basis (:func:`annals.events.document.link_events`).
"""
