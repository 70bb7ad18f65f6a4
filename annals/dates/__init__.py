"""Date expressions in English, in two stages, with their parts.

* :mod:`.timex`: the public functions (recognise the dates of a text, resolve relative ones over a
  document, intervals and sort keys of TIMEX3 values); use it rather than the parts;
* :mod:`.component`: the ``annals_dates`` spaCy component, which runs :func:`.timex.recognise` on a
  paragraph;
* the parts: the grammar (:mod:`.grammar`), calendar values (:mod:`.values`), eras (:mod:`.era`), the
  narrative clock (:mod:`.narrative`) and the calendar words (:mod:`.lexicon`).
"""
