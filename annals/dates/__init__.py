"""Date expressions in English: grammar (:mod:`.grammar`), calendar values (:mod:`.values`), the
narrative clock (:mod:`.narrative`) and the calendar words (:mod:`.lexicon`).  Use :mod:`annals.timex`."""
