"""Relations said by verbs: a lexicon class with its subject and object in either voice, and the
constructions around verbs (yielding, revolting, renaming, refusing, "against", sending support)."""

from __future__ import annotations

from spacy.tokens import Token

from annals.relations.lexicon import (
    PLACE_TYPES,
    PRONOUNS,
    VERBISH,
    VerbSpec,
    lemma,
)
from annals.relations.registry import CLASS_RELATION
from annals.relations.syntax import (
    _children,
    _conjuncts,
    _is_passive,
    _named_only,
    _negated,
    _preps,
    _top_conjunct,
)


class Verbs:
    """The verbs patterns of the relation pass (:class:`annals.relations.component._DocPass`, which mixes
    them in): its methods use the pass's ``doc``, ``sent``, ``name_at``, lexicon ``w`` and ``add``."""

    # -- verbs --------------------------------------------------------------------------------
    def spec_matches(self, verb: Token, spec: VerbSpec) -> list[Token] | None:
        """The tokens that carry a spec's words ("war" in "declared war on"), the verb first; None when
        the clause lacks one of them."""
        anchors = [verb]
        for word in spec.middles:
            # a word of the entry hangs on the verb or on a word before it ("declared war on"), or is the object
            # of one of the verb's prepositions ("came to terms with")
            near = [c for a in anchors for c in a.children] + \
                [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
            hit = next((t for t in near if t.lower_ == word or lemma(t) == word), None)
            if hit is None:
                return None
            anchors.append(hit)
        return anchors

    def verb_relation(self, verb: Token) -> None:
        lem = lemma(verb)
        specs = self.w["verb_table"].get(lem)
        if not specs:
            return
        if lem == "be" and _children(verb, "attr", "acomp"):
            return  # "X was king of Y": the noun says it
        passive = _is_passive(verb)
        negated = _negated(verb)
        refused = self.refusing(verb)
        done: set[tuple[str, str | None]] = set()
        near = {w for c in verb.children for g in (c, *c.children) for t in (g, *(g.children if g is not c else ()))
                for w in (t.lower_, t.lemma_.lower())}  # three levels down, as deep as an entry's words go
        for spec in specs:
            if spec.middles and not all(w in near for w in spec.middles):
                continue  # a word of the entry is nowhere near the verb ("keep in prison" without "prison")
            anchors = self.spec_matches(verb, spec)
            if anchors is None or (spec.cls, spec.prep) in done:
                continue
            relation = CLASS_RELATION[spec.cls]
            if spec.prep is None:
                if passive:
                    themes = self.passive_patients(verb)
                else:  # "took the king prisoner": the object that is not one of the entry's words
                    themes = [a for o in _children(verb, "dobj") if o not in anchors for a in self.args(o)] \
                        if spec.middles else self.direct_objects(verb)
                    if spec.middles and not themes:  # "took the emperor prisoner" parsed as one noun phrase
                        themes = [a for o in _children(verb, "dobj") if o in anchors
                                  for a in [self.premodifier_arg(o)] if a is not None]
                    if spec.cls == "refuse":  # "refused the envoys permission": the ones refused
                        themes = [a for o in _children(verb, "dative") if o.pos_ != "ADP" for a in self.args(o)] \
                            or themes
                agents = self.logical_subjects(verb)
                causer = self.causer(verb)
                if causer is not None:  # "X had Y arrested": X did it
                    agents = [a for s in self.subject_tokens(causer) for a in self.args(s)]
                    themes = [a for s in _children(verb, "nsubj", "nsubjpass") for a in self.args(s)]
            else:
                themes = [a for t in anchors for x in _preps(t, spec.prep) for a in self.args(x)]
                if not themes:
                    continue
                agents = self.passive_patients(verb) if passive and not _preps(verb, "by") else \
                    self.logical_subjects(verb)
                if spec.cls == "locate" and not passive:
                    # "X imprisoned Y in Z", "X deported Y to Z", "X stationed troops at Z": the one put
                    # somewhere is the object, not the one who put it there
                    moved = [a for o in _children(verb, "dobj") if o not in anchors for a in self.args(o)]
                    if not moved and lem in self.w["placing_verbs"]:
                        continue  # "had Y arrested and held in Z": one who holds is not the one held
                    agents = moved or agents
            pattern = f"{lem}{' ' + ' '.join(spec.middles) if spec.middles else ''}" \
                      f"{' ' + spec.prep if spec.prep else ''}:{'passive' if passive else 'active'}"
            if spec.cls == "oppose" and spec.prep is None and (passive or not themes):
                # "the war was fought between X and Y": each side against the other
                sides = [t for x in _preps(verb, "between") for t in self.expand(x)]
                if len(sides) > 1:
                    done.add((spec.cls, spec.prep))
                    self.mutual(relation, sides, f"{lem}:between", verb, negated)
                    continue
            if not themes and spec.cls in {"negotiate", "support"} and not passive:
                parties = [t for s in self.subject_tokens(verb) for t in self.expand(s)]
                # "X and Y negotiated" with each other, but "X and Y negotiated with Z" on one side
                if len(parties) > 1 and (spec.cls == "negotiate" or lem in self.w["mutual_verbs"]) and \
                        not _preps(verb, "with"):
                    done.add((spec.cls, spec.prep))
                    self.mutual(relation, parties, f"{lem}:mutual", verb, negated)
                continue
            if themes and spec.cls in self.w["creation_place_classes"] and not refused:
                # "X was founded in Y" (with or without its founders): X is in Y
                places = [a for x in _preps(verb, "in", "at") for a in self.args(x)]
                self.add("LOCATED_IN", themes, places, f"{lem} in", verb, negated)
            if not agents or not themes:
                continue
            if spec.cls in {"include", "pass_to"}:
                # "the delegation included X and Y": they are its members; "the duchy passed to Y": Y rules it
                agents, themes = themes, agents
            done.add((spec.cls, spec.prep))
            if relation == "MEMBER_OF":  # "its members joined X": the members, not their body, joined
                agents = [_named_only(a, 1) for a in agents]
            elif relation in {"LEADER_OF", "FOUNDED"}:
                # "his officers led X" does not make him the leader; "led the Spanish squadron" is no rule of Spain
                agents = [_named_only(a, 3) for a in agents]
                themes = [_named_only(a, 2) for a in themes]
            if spec.cls == "submit" and spec.middles == ("over",) and _children(verb, "dobj"):
                continue  # "X handed Y over to Z": Y is transferred, X does not submit
            if lem in self.w["restoring_verbs"]:
                # "restored Henry VI", not "restored his rule" or "restored French authority": one named, not what
                # a phrase stands for
                themes = [_named_only(a, 0) for a in themes]
            if refused and relation != "LOCATED_IN":
                self.add("REFUSED", agents, themes, f"refuse:{pattern}", verb)
                continue
            self.add(relation, agents, themes, pattern, verb, negated)
            if spec.cls == "locate" and spec.prep is not None:
                # "headquartered at A in B", "stationed on A off B": what is at A is in B too
                wider = [a for t in anchors for x in _preps(t, spec.prep) for m in _conjuncts(x)
                         for y in _preps(m, "in", "on", "at", "near") if y.i in self.name_at for a in self.args(y)]
                self.add(relation, agents, wider, f"{pattern}:wider", verb, negated)

    def causer(self, verb: Token) -> Token | None:
        """"X had Y arrested", "X got Y released": the causative verb above a participle with its own subject."""
        if verb.tag_ == "VBN" and verb.dep_ in {"ccomp", "xcomp", "oprd", "dep"} and \
                lemma(verb.head) in self.w["causative_verbs"] and _children(verb, "nsubj", "nsubjpass") \
                and not _children(verb, "agent"):
            return verb.head
        return None

    def yielding(self, verb: Token) -> None:
        """"X negotiated with Y and capitulated", "X fought Y for a year and surrendered", "X, besieged by Y,
        surrendered", "X was besieged by Y and surrendered": a verb of surrender without its "to" submits to the
        other party of the clause it is joined to, or to whoever besieged or attacked its subject."""
        lem = lemma(verb)
        if not any(spec.cls == "submit" and spec.prep == "to" and not spec.middles
                   for spec in self.w["verb_table"].get(lem, [])):
            return
        if _preps(verb, "to") or _children(verb, "dobj") or _is_passive(verb):
            return
        other: list[Token] = []
        if verb.dep_ == "conj" and verb.head.pos_ in VERBISH:
            head = verb.head
            if _is_passive(head):
                other = _preps(head, "by")
            else:
                other = _children(head, "dobj") + _preps(head, "with", "against")
        if not other:
            for s in self.subject_tokens(verb):
                for c in s.children:
                    if c.dep_ == "acl" and c.tag_ == "VBN":
                        other += _preps(c, "by")
        themes = [a for o in other for t in self.expand(o) if t.i in self.name_at or t.lower_ in PRONOUNS
                  for a in [self.arg(t)]]
        self.add("SUBMITTED_TO", self.logical_subjects(verb), themes, f"{lem}:joined", verb, _negated(verb))

    def revolting(self, verb: Token) -> None:
        """"X, a town that owed tribute to Y, rose", "X rebelled and surrendered to Y", "X, subject to Y,
        rose": a verb of revolt without its "against" is against the one its subject was bound to."""
        lem = lemma(verb)
        if lem not in self.w["revolt_verbs"]:
            return
        if _preps(verb, "against", "from") or _children(verb, "dobj", "nsubjpass", "auxpass"):
            return  # (an intransitive verb on a noun, "X, a colony ..., revolted", is no passive)
        lords: list[Token] = []
        subjects = self.subject_tokens(verb)
        for s in subjects:  # what the subject's own phrase says it is bound to
            for t in s.subtree:
                if t.i >= verb.i:
                    break
                if t.dep_ not in {"prep", "dative"} or t.lower_ != "to":
                    continue
                # "tribute to Y", "paid tribute to Y", "subject to Y"
                nouns = [t.head] + [o for o in t.head.children if o.dep_ == "dobj"]
                if any(self.w["event_table"].get(n.lower_) == "submit" for n in nouns) or any(
                        c == "submit" for c, _ in self.w["adjective_table"].get(t.head.lower_, [])):
                    lords += [c for c in t.children if c.dep_ == "pobj"]
        for c in verb.children:  # "rebelled and surrendered to Y"
            if c.dep_ == "conj" and c.pos_ in VERBISH and any(
                    spec.cls == "submit" for spec in self.w["verb_table"].get(lemma(c), [])):
                lords += _preps(c, "to")
        targets = [self.arg(t) for x in lords for t in self.expand(x) if t.i in self.name_at or t.lower_ in PRONOUNS]
        self.add("OPPOSED", [a for s in subjects for a in self.args(s)], targets, f"{lem}:bound", verb,
                 _negated(verb))

    def renaming(self, verb: Token) -> None:
        """"X was renamed Y", "Z renamed X Y", "X, renamed Y, ...", "renamed X as / to Y": Y, the new name, is an
        alias of X."""
        if lemma(verb) not in self.w["renaming_verbs"]:
            return
        new = _children(verb, "oprd", "attr", "xcomp") + _preps(verb, "as", "to", "into")
        new += [c for c in verb.children if c.dep_ == "conj" and c.i in self.name_at]  # "... Y in 1925 and Z in 1961"
        if _is_passive(verb):
            old = _children(verb, "nsubjpass") if verb.dep_ not in {"acl", "amod"} else [verb.head]
            if not old and verb.dep_ == "conj":
                old = _children(verb.head, "nsubjpass", "nsubj")
        else:
            old = [o for o in _children(verb, "dobj") if o not in new]
            if old and not new:  # "renamed Byzantium Constantinople", read as one noun phrase
                first = old[0].left_edge
                name_new, name_old = self.name_at.get(old[0].i), self.name_at.get(first.i)
                if name_new is not None and name_old is not None and name_new is not name_old:
                    new, old = [old[0]], [first]
        olds = [self.arg(t) for o in old for t in self.expand(o) if t.i in self.name_at]
        news = [self.arg(t) for n in new for t in _conjuncts(n) if t.i in self.name_at]
        self.add("ALIAS_OF", news, olds, "rename", verb, _negated(verb))  # the new name is also the old one

    def adjective_relation(self, adj: Token) -> None:
        """"X was hostile to Y", "X remained loyal to Y", "X, subject to Y": the adjective's class."""
        entries = self.w["adjective_table"].get(adj.lower_)
        if not entries:
            return
        if adj.dep_ in {"acomp", "oprd", "attr"} and adj.head.pos_ in VERBISH:
            holders = [a for s in self.subject_tokens(adj.head) for a in self.args(s)]
            negated = _negated(adj.head)
        elif adj.dep_ in {"amod", "acl", "appos"} and adj.head.pos_ in {"NOUN", "PROPN"}:
            holders, negated = self.args(adj.head), False
        else:
            return
        for cls, prep in entries:
            themes = [a for x in _preps(adj, prep) for a in self.args(x)]
            if themes:
                self.add(CLASS_RELATION[cls], holders, themes, f"{adj.lower_} {prep}", adj, negated)

    def refused_recipient(self, verb: Token) -> None:
        """"X refused to pay tribute to Y", "X refused to hand the town over to Y": a verb of no relation class
        under "refused to", giving or dealing "to"/"with" someone, refuses that one."""
        if lemma(verb) in self.w["verb_table"] or not self.refusing(verb):
            return
        others = [a for x in _preps(verb, "to", "with") if x.i in self.name_at or x.lower_ in PRONOUNS
                  for a in self.args(x)]
        if others:
            self.add("REFUSED", self.logical_subjects(verb), others, f"refuse:{lemma(verb)} to", verb)

    def declining(self, verb: Token) -> None:
        """"X approached Y, who declined", "X offered peace to Y, who refused": a verb of refusing with no
        object, in a relative clause on the one asked, refuses the one who asked."""
        if lemma(verb) not in self.w["refusing_verbs"] or verb.dep_ != "relcl" or any(
                c.dep_ in {"dobj", "xcomp", "ccomp", "prep", "attr", "neg"} for c in verb.children) or not any(
                c.dep_ == "nsubj" and c.lower_ in {"who", "which", "that"} for c in verb.children):
            return
        asked = verb.head
        if asked.dep_ == "appos" and asked.i not in self.name_at:
            asked = asked.head  # "approached Y, then a minister of Z, who declined"
        elif asked.dep_ == "dobj" and asked.i not in self.name_at:  # the same, read as a second object
            named = [o for o in _children(asked.head, "dobj") if o.i < asked.i and o.i in self.name_at]
            asked = named[-1] if named else asked
        upper = asked.head
        if asked.dep_ == "pobj" and upper.lower_ in {"to", "with"}:
            upper = upper.head
        elif asked.dep_ != "dobj":
            return
        if upper.pos_ not in VERBISH or _is_passive(upper):
            return
        self.add("REFUSED", self.args(asked), self.logical_subjects(upper), "decline:asked", verb)

    def refusing(self, verb: Token) -> bool:
        """``verb`` is the complement of "refuse", "decline", "reject" ("refused to submit to Y")."""
        t = _top_conjunct(verb)
        if t.i != verb.i and verb.tag_ in {"VBD", "VBZ"} and t.tag_ == "VB":
            return False  # "refused to submit to Y and denounced him": a finite verb joins "refused", not "submit"
        return t.dep_ == "xcomp" and lemma(t.head) in self.w["refusing_verbs"]

    def against(self, verb: Token) -> None:
        """"X marched against Y", "X led the army against Y": whoever acts against Y opposes Y."""
        specs = self.w["verb_table"].get(lemma(verb), [])
        targets = [a for x in _preps(verb, "against") for a in self.args(x)]
        # "A allied with B against C", "A joined forces with B against C" (the parser may hang "against" on B):
        # both sides of an alliance oppose C
        alliance = any(s.cls == "support" and s.prep == "with" for s in specs)
        withs = [w for t in (verb, *_children(verb, "dobj")) for w in _preps(t, "with")] if alliance else []
        if alliance and not targets:
            targets = [a for w in withs for m in _conjuncts(w) for x in _preps(m, "against") for a in self.args(x)]
        partners = [a for w in withs for a in self.args(w)] if targets else []
        if not targets:
            return
        if any(s.prep == "against" for s in specs) or any(s.cls == "oppose" for s in specs) or \
                any(s.cls == "support" and s.prep is None for s in specs) and not partners:
            return  # the verb's own entry says it ("defended X against Y" is not X opposing Y)
        negated = _negated(verb)
        actors = self.passive_patients(verb) if _is_passive(verb) and not _preps(verb, "by") else \
            self.logical_subjects(verb)
        if self.refusing(verb):
            return
        self.add("OPPOSED", actors + partners, targets, "against", verb, negated)

    def holding_for(self, verb: Token) -> None:
        """"X held the country for Y", "X defended the castle for Y", "X kept Z for Y": holding a place on
        someone's behalf supports them."""
        if lemma(verb) not in self.w["holding_verbs"]:
            return
        held = [o for o in _children(verb, "dobj") if o.i in self.name_at and self.name_at[o.i].type in PLACE_TYPES
                or o.i not in self.name_at and o.pos_ == "PROPN"  # a place the parse does not name here
                or self.w["office_table"].get(o.lower_) == "locate_in" or o.lower_ in {"country", "state"}]
        backed = [a for x in _preps(verb, "for") for a in self.args(x)]
        if held and backed:
            self.add("SUPPORTED", self.logical_subjects(verb), backed, f"{lemma(verb)} for", verb, _negated(verb))

    def sending_support(self, verb: Token) -> None:
        """"X sent troops to Y", "X lent money to Y", "X offered help to Y": X supports Y."""
        if lemma(verb) not in self.w["sending_verbs"]:
            return
        if _is_passive(verb) and lemma(verb) in {"send", "dispatch"}:
            # "Y, dispatched with a squadron to Z", "Y was sent to Z": the one sent is at Z
            places = [a for x in _preps(verb, "to") if x.i in self.name_at for a in self.args(x)]
            self.add("LOCATED_IN", self.passive_patients(verb), places, f"{lemma(verb)} to:passive", verb)
        aid = self.w["aid_nouns"]
        sent = [o for d in _children(verb, "dobj") for o in _conjuncts(d) if o.lower_ in aid or lemma(o) in aid]
        if not sent:
            return
        # a force sent "to" a place goes there, often against it ("sent an army to the island"): only its
        # "to" a people, a body or a person is the one supported; money, arms and help go to any receiver
        forces = all(o.lower_ in self.w["force_nouns"] or lemma(o) in self.w["force_nouns"] for o in sent)
        to = _preps(verb, "to") + [x for o in sent for x in _preps(o, "to")]  # "supplied rifles to Y" (to on rifles)
        receivers = [a for x in _preps(verb, "for") for a in self.args(x)]
        receivers += [a for o in sent for x in _preps(o, "for") for a in self.args(x)]  # "raised men for Y"
        receivers += [a for d in _children(verb, "dative") if d.pos_ != "ADP" for a in self.args(d)]
        if self.refusing(verb):  # "X refused to send troops to Y": Y asked for them
            refused = receivers + [a for x in to for a in self.args(x)]
            if refused:
                self.add("REFUSED", self.logical_subjects(verb), refused, f"refuse:{lemma(verb)} aid to", verb)
            return
        receivers += [a for x in to for a in self.args(x)
                      if not (forces and x.i in self.name_at and self.name_at[x.i].type in PLACE_TYPES)]
        if receivers:
            self.add("SUPPORTED", self.logical_subjects(verb), receivers, f"{lemma(verb)} aid to", verb,
                     _negated(verb))

    def mutual(self, relation: str, parties: list[Token], pattern: str, trigger: Token, negated: bool) -> None:
        """A relation between each pair of coordinated parties ("X and Y negotiated")."""
        for i, a in enumerate(parties):
            for b in parties[i + 1 :]:
                self.add(relation, [self.arg(a)], [self.arg(b)], pattern, trigger, negated)

