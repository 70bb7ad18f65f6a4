"""Relations said by event nouns ("the siege of X by Y", "an alliance between X and Y") and by
"anti-" words."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from annals.relations.candidates import Arg
from annals.relations.lexicon import (
    CLAUSE_DEPS,
    VERBISH,
    lemma,
)
from annals.relations.registry import CLASS_RELATION
from annals.relations.syntax import (
    _children,
    _governing_verb,
    _is_passive,
    _negated,
    _preps,
)


class Nouns:
    """The nouns patterns of the relation pass (:class:`annals.relations.component._DocPass`, which mixes
    them in): its methods use the pass's ``doc``, ``sent``, ``name_at``, lexicon ``w`` and ``add``."""

    # -- event nouns ----------------------------------------------------------------------------
    def clause_agents(self, noun: Token) -> tuple[list[Arg], Token | None, str]:
        """Who acts in the clause a noun is an argument of ("X waged war on Y" -> X), the verb, and how the
        noun hangs on it."""
        verb, how = _governing_verb(noun)
        if verb is None:
            return [], None, how
        if how == "subj" or _is_passive(verb) and how == "pobj:by":
            return [], verb, how
        if _is_passive(verb) and how == "dobj":  # "Y was given command of X"
            return [a for s in self.subject_tokens(verb) for a in self.args(s)], verb, how
        return self.logical_subjects(verb), verb, how

    def preps_in(self, noun: Token, preps: Iterable[str], verb: Token | None) -> list[Token]:
        """Objects of ``preps`` on the noun, inside its phrase (not crossing clauses), or on its verb."""
        preps = tuple(preps)
        out: list[Token] = []
        stack = [noun]
        while stack:
            t = stack.pop()
            out += _preps(t, *preps)
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS and not (c.dep_ == "acl" and c.tag_ == "VBN") or \
                        c.dep_ == "conj" and c.pos_ in VERBISH:
                    continue  # not across clauses, but along a participle: "an agreement reached at X with Y"
                if c.dep_ in {"prep", "pobj", "compound", "amod", "acl"} and c.i > noun.i and c.lower_ not in preps:
                    stack.append(c)
        if not out and verb is not None:
            out = _preps(verb, *preps)
        seen: list[Token] = []
        for t in out:
            if t not in seen and t.i != noun.i:
                seen.append(t)
        return seen

    def event_noun(self, trigger: Token, cls: str) -> None:
        """"the siege of X by Y", "Y's invasion of X", "a rising against X", "talks with X", "allegiance
        to X", "the support of X", "under the command of Y"."""
        noun = trigger
        if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":  # "arrest campaign"
            noun = noun.head
        relation = CLASS_RELATION[cls]
        spec = self.w["event_nouns"][cls]
        of_theme = "*" in spec["of_is_theme"] or lemma(trigger) in spec["of_is_theme"] or \
            trigger.lower_ in spec["of_is_theme"]
        poss = [c for c in noun.children if c.dep_ == "poss"]
        of = [x for x in _preps(noun, "of")]
        by = [a for x in _preps(noun, "by", "from") for a in self.args(x)]
        mods = [self.word_arg(c) for c in noun.children if c.dep_ in {"amod", "compound"} and c.i < noun.i
                and c.text[:1].isupper() and c.i != trigger.i]
        agents_cl, verb, how = self.clause_agents(noun)
        negated = verb is not None and _negated(verb)
        themes = [a for x in self.preps_in(noun, [p for p in spec["theme_preps"] if p != "of"], verb)
                  for a in self.args(x)]
        pattern = f"{lemma(trigger)}:{cls}"
        under = noun.dep_ == "pobj" and noun.head.lower_ in self.w["with_preps"]
        if cls in {"lead", "support"} and under and (of or poss):
            # "under the command of Y", "with the support of X", "under her protection": the holder of the
            # noun leads / supports the one acting (or the one acted on)
            host = noun.head.head
            holders = [a for x in of for a in self.args(x)] + [a for c in poss for a in self.args(c)]
            if host.pos_ in VERBISH or host.tag_.startswith("VB"):  # "Sailing under the command of Y, it ..."
                objs = _children(host, "dobj") if not _is_passive(host) and host.lower_ != "be" else []
                targets = [a for o in objs for a in self.args(o)] if cls == "support" and objs else \
                    (self.passive_patients(host) if _is_passive(host) else
                     [a for s in self.subject_tokens(host) for a in self.args(s)])
            else:
                targets = self.args(host)
            self.add(relation, holders, targets, f"under {lemma(trigger)} of", trigger, negated)
            return
        if cls == "lead":
            # "Y took / was given command of X"
            if verb is None or lemma(verb) not in self.w["taking_verbs"] or how != "dobj":
                return
            led = [a for x in (of or _preps(verb, "of")) for a in self.args(x)]
            holders = [a for d in _children(verb, "dative") for a in self.args(d)] if not _is_passive(verb) else []
            holders = holders or agents_cl
            self.add(relation, holders, led, pattern, trigger, negated)
            return
        if cls == "support":
            if verb is not None and how == "dobj" and lemma(verb) not in self.w["receiving_verbs"]:
                # "promised him support", "gave the rebels help", "offered Y aid": the indirect object gets it
                given = [a for d in _children(verb, "dative") if d.pos_ != "ADP" for a in self.args(d)]
                if not given and not poss and not of:  # "offered Serbia protection", read as one noun phrase
                    before = self.premodifier_arg(noun)
                    given = [before] if before is not None and before.kind == "np" and any(
                        c.dep_ == "compound" and c.i in self.name_at for c in noun.children) else []
                themes = themes + given
            if noun.dep_ == "pobj" and noun.head.lower_ == "in" and lemma(noun) in self.w["in_support_nouns"]:
                # "X rose in support of Y", "in Y's name"
                if verb is not None:
                    backed = [a for x in of for a in self.args(x)] + [a for c in poss for a in self.args(c)]
                    self.add(relation, self.logical_subjects(verb), backed, pattern, trigger, negated)
                return
            givers = [a for x in of for a in self.args(x)] + [a for c in poss for a in self.args(c)] + by
            if verb is not None and lemma(verb) in self.w["receiving_verbs"] and how in {"dobj", "deep:of"}:
                # "Y won the friendship of X", "Y received the blessing of X"
                givers += [a for x in _preps(verb, "from") for a in self.args(x)]
                # "the blessing of X as well as (of) Z"
                givers += [a for c in noun.children if c.dep_ == "conj" and c.i in self.name_at for a in self.args(c)]
                if not themes:
                    self.add(relation, givers, agents_cl, pattern, trigger, negated)
                    return
            if lemma(noun) in {"alliance", "partnership", "cooperation", "collaboration"}:
                self.nominal_mutual(noun, relation, pattern, trigger, negated, agents_cl, themes, poss, how, verb)
                return
            if themes:
                self.add(relation, givers or (agents_cl if how in {"dobj", "attr"} else []), themes, pattern, trigger,
                         negated)
            return
        if cls == "oppose":
            between = [t for x in _preps(noun, "between") for t in self.expand(x)]
            if len(between) > 1:  # "the war between X and Y"
                self.mutual(relation, between, f"{pattern}:between", trigger, negated)
                return
        if cls == "negotiate":
            self.nominal_mutual(noun, relation, pattern, trigger, negated, agents_cl, themes, poss, how, verb)
            return
        if cls == "submit":  # "entered X's service", "swore allegiance to X", "the service of X"
            themes = themes + [a for x in of for a in self.args(x)] + [a for c in poss for a in self.args(c)]
            if themes and agents_cl and not self.counters(verb):
                self.add(relation, agents_cl, themes, pattern, trigger, negated)
            return
        if of_theme:
            themes = themes + [a for x in of for a in self.args(x)]
            agents = by + [a for c in poss for a in self.args(c)] + mods if of else by
            if not of and poss and cls in {"arrest", "found"}:  # "his arrest by Y": he was arrested
                themes = [a for c in poss for a in self.args(c)]
        else:
            agents = by + [a for c in poss for a in self.args(c)] + [a for x in of for a in self.args(x)] + mods
        if not agents and verb is not None and how in {"dobj", "attr", "oprd", "pobj:in"} and \
                not self.counters(verb):
            agents = agents_cl  # "X waged war on Y", "X was a rising against Y", "X took part in the revolt"
        elif agents and verb is not None and how == "attr" and lemma(verb) == "be" and cls == "oppose":
            # "the X Rebellion was a rising of the peasants against Y": the rising (the subject) and its people
            agents = agents + [a for a in agents_cl if a not in agents]
        if agents and themes:
            self.add(relation, agents, themes, pattern, trigger, negated)

    def counters(self, verb: Token) -> bool:
        """"X condemned the war against Y", "X refused the treaty with Y": the verb turns the noun against its
        subject, who is no party to it."""
        return any(spec.cls in {"oppose", "refuse"} for spec in self.w["verb_table"].get(lemma(verb), [])) or \
            _negated(verb) or self.refusing(verb)

    def nominal_mutual(self, noun: Token, relation: str, pattern: str, trigger: Token, negated: bool,
                       agents_cl: list[Arg], themes: list[Arg], poss: list[Token], how: str,
                       verb: Token | None) -> None:
        """"negotiations between X and Y", "X and Y signed a treaty", "X's treaty with Y", "X concluded
        an alliance with Y", "an agreement with Y permitted X to ...": a relation both ways."""
        between = [t for x in _preps(noun, "between") for t in self.expand(x)]
        if len(between) > 1:
            self.mutual(relation, between, f"{pattern}:between", trigger, negated)
            return
        if not themes:
            if verb is not None and how in {"dobj", "pobj:in", "pobj:into", "pobj:to"}:  # "came to terms"
                parties = [t for s in self.subject_tokens(verb) for t in self.expand(s)]
                if len(parties) > 1:
                    self.mutual(relation, parties, f"{pattern}:mutual", trigger, negated)
            return
        parties = [a for c in poss for a in self.args(c)]
        if not parties and how == "subj" and verb is not None:
            parties = self.direct_objects(verb)  # "an agreement with X permitted Y to ..."
        if not parties and how in {"dobj", "attr", "oprd"} or not parties and how.startswith("pobj"):
            parties = agents_cl
        self.add(relation, parties, themes, pattern, trigger, negated)


    def anti(self, tok: Token) -> None:
        """"an anti-Roman league": what the noun names is opposed to the Romans."""
        doc = self.doc
        low = tok.lower_
        if low.startswith("anti-") and len(tok.text) > 5:
            target = Arg(tok.idx + 5, tok.idx + len(tok.text), tok.idx + 5, tok.idx + len(tok.text), tok.text[5:],
                         "word")
            noun = tok.head
        elif low == "anti":
            k = tok.i + 1
            if k < len(doc) and doc[k].text in {"-", "–"}:
                k += 1
            if k >= len(doc) or not doc[k].text[:1].isupper():
                return
            w = doc[k]
            target = Arg(w.idx, w.idx + len(w.text), w.idx, w.idx + len(w.text), w.text, "word")
            noun = w.head if w.head.i != tok.i else tok.head
        else:
            return
        while noun.dep_ in {"amod", "compound"} and noun.head.i != noun.i:
            noun = noun.head
        if noun.pos_ not in {"NOUN", "PROPN"}:
            return
        self.add("OPPOSED", self.args(noun), [target], "anti", tok)

