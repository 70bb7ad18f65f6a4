"""The dates of the events component: each date expression given to the trigger whose clause it
belongs to, and the "when/after/before" clauses that anchor one trigger on another."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from annals.events.candidates import EventCandidate
from annals.events.lexicon import (
    CAUSATIVES,
    TEMPORAL_MARKERS,
    TEMPORAL_PREPS,
    past_tense,
)
from annals.events.syntax import _token_np, timexes_precision


class Times:
    """The time methods of :class:`annals.events.component.EventFinder`, which mixes them in."""

    def attach_times(self, doc: Doc, cands: list[EventCandidate], by_token: dict[int, int],
                     timex_tokens: list[list[Token]]) -> None:
        """Give each date to the trigger whose clause it belongs to (see the module docstring)."""
        pending: list[tuple[int, Token]] = []
        fronted: list[int] = []
        names = getattr(doc._, "names", None) or []
        named_event_tokens = {t.i for n in names if n.type == "EVENT"
                              for t in (doc.char_span(n.start, n.end, alignment_mode="expand") or [])}
        for ti, toks in enumerate(timex_tokens):
            if not toks:
                continue
            paren = self._open_paren(doc, toks)
            # the date's head: its first token that hangs outside it ("June" of "30 June [O.S.] 1688", whose
            # bracketed mark the parser may hang elsewhere)
            inside = {t.i for t in toks}
            root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i),
                        min(toks, key=lambda t: len(list(t.ancestors))))
            glued = self._glued_clause(root, toks, by_token)
            if glued is not None and paren is None:
                c = cands[by_token[glued.i]]
                c.timexes.append(ti)
                c.own_timexes.append(ti)
                subject = self._trimmed(doc, *_token_np(glued.head), "agent")
                if subject is not None and subject not in c.arguments:
                    c.arguments.insert(0, subject)  # the name is the verb's subject, not a noun it qualifies
                c.passive, c.verb_text = False, past_tense(glued)
                continue
            node, verb, target = root.head, None, None
            named: Token | None = None  # the named event the date hangs on ("the Battle of X in 1827")
            temporal = False  # ... seen through "after", "before", "since" ...
            while True:
                if node.i in by_token and node not in toks:
                    target = by_token[node.i]
                    break
                if node.dep_ == "conj" and node.pos_ in {"VERB", "AUX"} and any(
                        c.dep_ in {"nsubj", "nsubjpass"} for c in node.children):
                    verb = verb or node  # "..., and his mummy was found in 1881": that clause's date only
                    break
                if node.i in named_event_tokens and node.pos_ != "VERB" and named is None:
                    named = node
                if named is not None and node.dep_ == "prep" and node.lower_ in TEMPORAL_PREPS:
                    temporal = True
                if node.pos_ in {"VERB", "AUX"} and verb is None:
                    verb = node
                if node.head.i == node.i:
                    break
                node = node.head
            if paren is not None:
                # a date in parentheses is an aside (life dates, a later name) except for what is said
                # inside the same parentheses ("Philip (who died in 1598)")
                if target is not None and self._in_parens(doc, paren, cands[target].trigger_start):
                    cands[target].timexes.append(ti)
                    cands[target].own_timexes.append(ti)
                continue
            if named is not None:
                if temporal:
                    continue  # "after the February Revolution of 1917": the date is the named event's
                if target is None or verb is not None and verb.i not in by_token \
                        and verb.idx < cands[target].trigger_start:
                    # no happening governs the named event: it is itself the dated happening
                    head = named
                    while head.head.i in named_event_tokens and head.head.i != head.i:
                        head = head.head
                    if head.i not in by_token:
                        etype = self.lex["nouns"].get(head.lemma_.lower()) or "OCCURRENCE"
                        c = self.candidate(head, head.sent, etype)
                        c.timexes.append(ti)
                        c.own_timexes.append(ti)
                        by_token[head.i] = len(cands)
                        cands.append(c)
                    continue
                cands[target].timexes.append(ti)
                continue
            if target is not None and (verb is None or verb.i in by_token or verb.idx >= cands[target].trigger_start):
                cands[target].timexes.append(ti)
                if verb is None or verb.i == node.i:
                    cands[target].own_timexes.append(ti)
            elif verb is not None:
                pending.append((ti, verb))
            elif target is not None:
                cands[target].timexes.append(ti)
            elif toks[0].i - toks[0].sent.start <= 1:
                fronted.append(ti)
        # the date's verb is no trigger: the triggers under that verb without a date of their own take it
        for ti, verb in pending:
            hit = [by_token[t.i] for t in verb.subtree if t.i in by_token and t.i != verb.i
                   and not self._own_clause(t, verb) and not cands[by_token[t.i]].timexes]
            if hit:
                for k in hit:
                    cands[k].timexes.append(ti)
                    if self._clause_verb(doc.char_span(cands[k].trigger_start, cands[k].trigger_end,
                                                       alignment_mode="expand")) == verb:
                        cands[k].own_timexes.append(ti)
            elif verb.i in by_token:  # "held the city from 18 March to 28 May": one happening, two dates
                cands[by_token[verb.i]].timexes.append(ti)
                cands[by_token[verb.i]].own_timexes.append(ti)
            elif verb.pos_ == "VERB" and not verb.is_stop and timexes_precision(doc, ti) == "day":
                # a dated clause is a happening even when its verb is not in the taxonomy
                c = self.candidate(verb, verb.sent, "OCCURRENCE")
                c.timexes.append(ti)
                by_token[verb.i] = len(cands)
                cands.append(c)
        # a date that opens a sentence the parser could not hang on a verb ("In April 1827 the
        # assembly at X elected ..." read as a fragment): it dates the first happening after it
        for ti in fronted:
            toks = timex_tokens[ti]
            sent = toks[0].sent
            for t in doc[toks[-1].i + 1 : sent.end]:
                k = by_token.get(t.i)
                if k is not None and t.pos_ == "VERB" and not cands[k].timexes:
                    cands[k].timexes.append(ti)
                    cands[k].own_timexes.append(ti)
                    break
        # "in 403 BC, when the exiles seized the Piraeus": a when-clause on a date happens then
        for ti, toks in enumerate(timex_tokens):
            for tok in toks:
                for cl in tok.children:
                    if cl.dep_ not in {"relcl", "acl", "advcl"} or not any(
                            g.dep_ == "advmod" and g.lower_ == "when" for g in cl.children):
                        continue
                    for t in cl.subtree:
                        k = by_token.get(t.i)
                        if k is not None and not cands[k].timexes and not self._own_clause(t, cl):
                            cands[k].timexes.append(ti)
                            cands[k].own_timexes.append(ti)
        # "withdrew after his death in 1598": the parser hangs the date on the verb; said right after the
        # happening a temporal preposition names, it is that happening's date too
        for ti, toks in enumerate(timex_tokens):
            prep = toks[0].doc[toks[0].i - 1] if toks and toks[0].i > 0 else None
            if prep is None or prep.lower_ not in {"in", "on"} or prep.i == 0 or toks[0].head.i != prep.i:
                continue
            noun = prep.doc[prep.i - 1]
            while noun.dep_ != "pobj" and noun.head.i != noun.i and noun.head.i < prep.i and noun.i > noun.head.i:
                noun = noun.head  # "after the death of the emperor in 1644": death
            k = by_token.get(noun.i)
            if k is None or noun.pos_ != "NOUN" or cands[k].timexes or noun.dep_ != "pobj" or \
                    noun.head.lower_ not in TEMPORAL_PREPS or prep.head.i == noun.i or noun.right_edge.i != prep.i - 1:
                continue
            cands[k].timexes.append(ti)
            cands[k].own_timexes.append(ti)
        # coordinated verbs share their head's date
        for c in cands:
            if c.timexes:
                continue
            tok = doc.char_span(c.trigger_start, c.trigger_end, alignment_mode="expand")
            if tok is None:
                continue
            t = tok[0]
            while t.dep_ == "conj" and t.head.i != t.i:
                t = t.head
                if t.i in by_token and cands[by_token[t.i]].timexes:
                    c.timexes = list(cands[by_token[t.i]].timexes)
                    break

    @staticmethod
    def _glued_clause(root: Token, toks: list[Token], by_token: dict[int, int]) -> Token | None:
        """"In 218 BC Saguntum appealed to ...": the parser may glue a fronted date to the name after it
        and hang the verb on that name as a participle; the date is then the time of that verb."""
        noun = root.head
        if root.dep_ not in {"nummod", "compound", "npadvmod", "nmod"} or noun in toks \
                or noun.pos_ not in {"PROPN", "NOUN"} or noun.i < root.i:
            return None
        for child in noun.rights:
            if child.dep_ in {"acl", "relcl"} and child.pos_ == "VERB" and child.i in by_token \
                    and not any(g.dep_ in {"agent", "auxpass", "mark"} or g.lower_ in {"who", "which", "that"}
                                for g in child.children):
                return child
        return None

    @staticmethod
    def _clause_verb(span: Span | None) -> Token | None:
        """The verb whose clause a trigger is said in (itself for a verb)."""
        if span is None:
            return None
        t = span[0]
        while t.pos_ not in {"VERB", "AUX"} and t.head.i != t.i:
            t = t.head
        return t

    @staticmethod
    def _open_paren(doc: Doc, toks: list[Token]) -> int | None:
        """The index of the parenthesis a date stands inside (in its sentence), or None."""
        opened: list[int] = []
        quote: int | None = None
        for t in doc[toks[0].sent.start : toks[0].i]:
            for ch in t.text:
                if ch == "(":
                    opened.append(t.i)
                elif ch == ")" and opened:
                    opened.pop()
                elif ch in "\"\u201c\u201d":  # a quoted phrase ("the men of 1821") is an aside too
                    quote = t.i if quote is None and ch != "\u201d" else None
        if opened:
            return opened[-1]
        return quote

    @staticmethod
    def _in_parens(doc: Doc, paren: int, offset: int) -> bool:
        """Whether the text at ``offset`` stands inside the parentheses opened at token ``paren``."""
        start = doc[paren].idx
        if offset <= start:
            return False
        return not any(ch in doc.text[start + 1 : offset] for ch in ")\"\u201d")

    @staticmethod
    def _own_clause(tok: Token, verb: Token) -> bool:
        """True when ``tok`` sits in a subordinate clause of its own below ``verb``.  A relative clause
        of place or time ("at X, where Lysander caught the fleet") and the complement of a causative
        ("had his rival arrested") happen in the time of the clause above them."""
        t = tok
        while t.i != verb.i and t.head.i != t.i:
            if t.dep_ == "conj" and t.pos_ in {"VERB", "AUX"} and t.i != tok.i \
                    and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children):
                # "..., and they disliked the new tax": what a coordinated clause with its own subject
                # says inside it is its own ("..., and twenty ships were wrecked": the verb itself shares)
                return True
            if t.dep_ in {"advcl", "relcl", "ccomp", "acl"}:
                if t.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ in {"where", "when"}
                                             for c in t.children):
                    pass
                elif t.dep_ == "ccomp" and t.head.lemma_.lower() in CAUSATIVES or t.dep_ == "acl" \
                        and t.head.dep_ == "dobj" and t.head.head.lemma_.lower() in CAUSATIVES:
                    pass  # "had his rival arrested"
                else:
                    return True
            t = t.head
        return False

    def attach_governors(self, cands: list[EventCandidate], by_token: dict[int, int], doc: Doc) -> None:
        """A trigger in a "when/after/before" clause anchors the trigger of the clause it modifies."""
        for i, c in enumerate(cands):
            span = doc.char_span(c.trigger_start, c.trigger_end, alignment_mode="expand")
            if span is None:
                continue
            tok = span[0]
            if tok.dep_ != "advcl":
                continue
            marks = [m.lower_ for m in tok.children if m.dep_ in {"mark", "advmod"} and m.lower_ in TEMPORAL_MARKERS]
            if not marks:
                continue
            head = tok.head
            while head.i not in by_token and head.head.i != head.i:
                head = head.head
            if head.i in by_token:
                j = by_token[head.i]
                cands[j].governor = i
                cands[j].marker = marks[0]

