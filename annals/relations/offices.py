"""Relational nouns said of a holder: offices ("Y, king of X"), allies, enemies and parts, titled
names, units and the people who lead them ("the army of General Y", "under Y")."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from annals import pronouns
from annals.relations.candidates import Arg
from annals.relations.lexicon import (
    DEFINITE,
    PLACE_TYPES,
    PRONOUNS,
    SUBJECT_DEPS,
    VERBISH,
    lemma,
)
from annals.relations.registry import CLASS_RELATION
from annals.relations.syntax import (
    _children,
    _conjuncts,
    _is_passive,
    _preps,
    _top_conjunct,
)


class Offices:
    """The offices patterns of the relation pass (:class:`annals.relations.component._DocPass`, which mixes
    them in): its methods use the pass's ``doc``, ``sent``, ``name_at``, lexicon ``w`` and ``add``."""

    # -- relational nouns: offices, allies, parts, places --------------------------------------
    def office_class(self, tok: Token) -> tuple[str, Token] | None:
        """The office class of the noun that ``tok`` ends ("king", "prime minister", "chief of staff"), with
        the first token of the phrase."""
        doc = tok.doc
        if tok.lower_ not in self.w["office_last_words"] and lemma(tok) not in self.w["office_last_words"]:
            return None
        if tok.lower_ == "chief" and any(x.lower_ == "staff" for x in _preps(tok, "of")):
            return "member", tok
        for n in range(min(self.w["max_office_words"], tok.i + 1), 0, -1):
            span = doc[tok.i - n + 1 : tok.i + 1]
            cls = self.w["office_table"].get(span.text.lower()) or (
                self.w["office_table"].get(lemma(tok)) if n == 1 else None)
            if cls is not None:
                return cls, span[0]
        return None

    def place_name(self, arg: Arg) -> Any:
        """The name the argument is, when the parse types it as a place; else None."""
        for n in self.names:
            if n.start == arg.start and n.end == arg.end and n.type in PLACE_TYPES:
                return n
        return None

    def office_noun(self, noun: Token) -> None:
        """"Y, king of X", "the Athenian general Y", "X's admiral Y", "Y became president of X", "X, an ally of
        Y", "X, a branch of Y", "Y, the capital of X", "Y, the main base of X"."""
        found = self.office_class(noun)
        if found is None:
            return
        cls, first = found
        if cls == "lead" and self.lowered(noun, first):
            cls = "member"
        elif cls == "member" and any(c.dep_ in {"amod", "compound"} and c.lower_ in self.w["raising_modifiers"]
                                     for c in noun.children if c.i < first.i):
            cls = "lead"  # "chief commissioner", "supreme commissar"
        if cls == "locate_in" and first.i > 0 and noun.doc[first.i - 1].lower_ in self.w["kinship_modifiers"]:
            return  # "its mother city", "a sister town": a tie between places, not one inside the other
        owners = self.owners(noun, first, cls)
        if not owners:
            return
        holders = self.holders(noun)
        if cls in {"locate_in", "locate_host"} and not any(self.place_name(h) for h in holders):
            # "In X, the capital of Y, Z gathered ...": a place noun set off after a place name is that place's,
            # also when the parser made it the clause's subject and the name after it its apposition
            named = self.set_off_after(_top_conjunct(noun))
            if named is not None and self.name_at[named.i].type in PLACE_TYPES:
                holders = self.args(named)
        if not holders:
            return
        key = "office:" + cls
        relation = CLASS_RELATION[key]
        pattern = f"office:{noun.lower_}"
        if cls == "locate_host":  # "Y, the base of X": X is in Y; "Y, X's base in Z": Y is in Z
            # (a place whose base Y is, "Y, Athens' base in the north", is not in Y)
            self.add(relation, [o for o in owners if self.place_name(o) is None], holders, pattern, noun)
            places = [a for x in _preps(noun, "in", "on", "at") for a in self.args(x)]
            self.add(relation, holders, places, pattern, noun)
        else:
            self.add(relation, holders, owners, pattern, noun)

    def named_roll(self, noun: Token) -> None:
        """"The envoys, later called the X, were A, B, the bishop C and D": plural people given a
        name as a body, then listed by name; each is a member of the body."""
        if noun.tag_ not in {"NNS", "NNPS"} or noun.i in self.name_at or noun.dep_ not in SUBJECT_DEPS or \
                lemma(noun.head) != "be":
            return
        group = self.group_name(noun)
        if group:
            members = [self.arg(m) for c in noun.head.children if c.dep_ == "attr" for m in self.roll(c)]
            self.add("MEMBER_OF", members, group, "named_roll", noun)

    def group_name(self, noun: Token) -> list[Arg]:
        """"the conspirators, (afterwards) known as the X", "the signatories, called the X": the name a plural
        noun for people is given as a body."""
        out: list[Arg] = []
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and lemma(c) in self.w["naming_verbs"]:
                out += [a for x in _preps(c, "as") + _children(c, "oprd", "attr") for a in self.args(x)
                        if x.i in self.name_at]
        return out

    def title_name(self, tok: Token) -> bool:
        """"the Nawab of Arcot", "the Bey of Tunis": an office written as a name begins its name."""
        name = self.name_at[tok.i]
        first = self.doc.char_span(name.start, name.end, alignment_mode="expand")
        return first is not None and first[0].i == tok.i and tok.lower_ in self.w["office_table"] and \
            any(t.lower_ == "of" for t in first)

    def lowered(self, noun: Token, first: Token) -> bool:
        """"deputy leader", "vice-president", "assistant commander": not the one who leads."""
        low = self.w["lowering_modifiers"]
        if any(c.lower_.rstrip("-") in low for c in noun.children if c.i < noun.i):
            return True
        k = first.i - 1
        return k >= 0 and (noun.doc[k].lower_.rstrip("-") in low or noun.doc[k].text == "-" and k > 0
                           and noun.doc[k - 1].lower_ in low)

    def owners(self, noun: Token, first: Token, cls: str) -> list[Arg]:
        """What an office or relation noun is of: "of X" (and "chief of staff of X", "ambassador to X",
        "clerk on X", "officer in X"), the possessor ("X's admiral"), a name or adjective before it ("the
        Athenian general", "the Satsuma capital")."""
        of_preps = ("of", "to", "on", "aboard", "in", "at") if cls in {"member", "lead"} else \
            ("of", "in", "on", "at") if cls == "locate_in" else ("of", "for") if cls == "locate_host" else ("of", "to")
        out: list[Arg] = []
        where: list[Arg] = []  # "governor in Egypt": a place, when nothing else says whose office it is
        for p in noun.children:
            if p.dep_ == "prep" and p.lower_ in {"in", "at", "on", "aboard"} and cls in {"lead", "member"}:
                for x in _preps(noun, p.lower_):
                    name = self.name_at.get(x.i)
                    if name is not None and name.type in PLACE_TYPES:
                        if cls == "lead":
                            where += self.args(x)
                    elif name is not None:
                        out += self.args(x)
        for x in _preps(noun, *[w for w in of_preps if cls not in {"lead", "member"} or
                                w not in {"in", "at", "on", "aboard"}]):
            if x.ent_type_ in {"DATE", "TIME", "CARDINAL"} and x.i not in self.name_at:
                continue
            if x.lower_ == "staff":
                out += [a for y in _preps(x, "of") for a in self.args(y)]
                continue
            if noun.i in self.name_at and self.name_at.get(x.i) is self.name_at[noun.i]:
                # "the Nawab of Arcot" read as one name: the place by its own name
                span = self.doc[x.left_edge.i : x.i + 1]
                while len(span) > 1 and span[0].lower_ in DEFINITE:
                    span = span[1:]
                out.append(Arg(span.start_char, span.end_char, x.idx, x.idx + len(x.text), span.text, "word"))
                continue
            out += self.args(x)
        personal = self.w["person_possessives"]
        # "whose lord Y": the parser may hang the possessive on the name the office word stands before
        hung = [c for c in noun.head.children if c.dep_ == "poss" and c.i < noun.i] \
            if noun.dep_ == "compound" and noun.head.i in self.name_at else []
        for c in list(noun.children) + hung:
            if c.dep_ == "poss" and (c.lower_ not in personal or cls in {"support", "oppose", "submit"}):
                out += self.args(c)
        if not out and not where and noun.dep_ == "conj" and not any(c.dep_ == "prep" for c in noun.children):
            # "Y's nephew and governor in X": a phrase after the last conjunct that the parser hung on the first
            for p in noun.head.children:
                if p.dep_ != "prep" or p.i < noun.i or p.lower_ not in of_preps:
                    continue
                for x in (c for c in p.children if c.dep_ == "pobj"):
                    name = self.name_at.get(x.i)
                    if p.lower_ in {"in", "at", "on", "aboard"} and cls in {"lead", "member"} and \
                            (name is None or name.type in PLACE_TYPES):
                        where += self.args(x) if name is not None and cls == "lead" else []
                    else:
                        out += self.args(x)
        if not out and where:
            out = where
        if not out and cls in {"lead", "locate_in", "part"}:  # "the Spartan king", "the Satsuma capital", "an SS unit"
            for c in noun.children:
                if c.i < first.i and c.dep_ in {"compound", "amod", "nmod"} and c.text[:1].isupper() and \
                        (cls != "part" or c.i in self.name_at):
                    out.append(self.word_arg(c))
        return out

    def holders(self, noun: Token) -> list[Arg]:
        """Who holds an office or relation noun: the name it is in apposition with, the subject of "was /
        became / served as", the one an appointing verb names, the name it stands before."""
        t = _top_conjunct(noun)
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ == "one" and t.tag_ in {"NNS", "NNPS"}:
            t = t.head.head  # "X, one of the army's regiments", "X was one of its founders": as "X, a regiment"
        if t.dep_ == "appos" and self.w["office_table"].get(t.lower_) == "part" and t.head.dep_ == "pobj" and \
                t.head.head.lower_ == "of" and t.head.head.head.i in self.name_at:
            return self.args(t.head.head.head)  # "the X Army of General Y, part of Z": the army is the part
        if t.dep_ == "appos":
            named = self.set_off_after(t)
            if named is not None and named.i != t.head.i and t.head.i not in self.name_at:
                return self.args(named)  # "sent through X, a camp at Y": the parser hung it on another noun
            return self.args(t.head)
        # not a gloss in brackets ("High Steward (Gran Senescal)")
        apposed = [c for c in t.children if c.dep_ == "appos" and not any(
            x.text in {"(", "["} for x in c.doc[max(c.left_edge.i - 1, 0) : c.i])]
        if apposed:
            return [a for c in apposed for a in self.args(c)]
        if t.dep_ == "compound" and t.head.pos_ == "PROPN":  # "the Spartan king Pleistoanax"
            return self.args(t.head)
        late = self.trailing_holder(t)
        if late:
            return late
        head = t.head
        if t.dep_ in {"attr", "oprd", "dobj", "acomp"} and head.pos_ in VERBISH:
            if lemma(head) in self.w["appointing_verbs"] and not _is_passive(head):
                named = [o for o in head.children if o.dep_ in {"dobj", "dative"} and o.i < t.i]
                if named:  # "the assembly elected him president"
                    return [a for o in named for a in self.args(o)]
                before = self.premodifier_arg(t) if t.dep_ in {"dobj", "oprd"} else None
                if before is not None and any(i in self.name_at for i in range(t.left_edge.i, t.i)):
                    return [before]  # "elected Bolivar president", parsed as one noun phrase
            if lemma(head) not in self.w["holder_verbs"] or t.dep_ == "dobj" and not _is_passive(head):
                return []
            return [a for s in self.subject_tokens(head) for a in self.args(s)]
        if t.dep_ == "pobj" and head.lower_ == "as":
            verb = head.head
            if verb.pos_ in {"NOUN", "PROPN"}:
                return self.args(verb)
            if verb.pos_ not in VERBISH:
                return []
            if lemma(verb) in {"succeed", "replace"}:
                new = _preps(verb, "by") if _is_passive(verb) else self.subject_tokens(verb)
                return [a for s in new for a in self.args(s)]
            objs = _children(verb, "dobj")
            if objs and lemma(verb) in self.w["appointing_verbs"] and not _is_passive(verb):
                return [a for o in objs for a in self.args(o)]
            if _is_passive(verb):
                return self.passive_patients(verb)
            return [a for s in self.subject_tokens(verb) for a in self.args(s)]
        if t.dep_ in SUBJECT_DEPS and lemma(head) == "be":  # "its first king was Y"; "its members were A, B, C"
            return [self.arg(m) for c in head.children if c.dep_ == "attr" for m in self.roll(c)]
        if t.dep_ in {"ccomp", "xcomp", "oprd"} and head.pos_ in VERBISH and \
                lemma(head) in self.w["appointing_verbs"] and not _is_passive(head):
            # a small clause: "made himself king of X", "declared him emperor", "crowned himself emperor"
            named = _children(t, "nsubj") or [c for c in t.children if c.dep_ == "poss" and c.lower_.endswith(
                ("self", "selves"))]  # "made himself Emperor", "himself" read as a possessive
            if named and named[0].lower_ in pronouns.REFLEXIVE:
                return [a for s in self.subject_tokens(head) for a in self.args(s)]
            return [a for o in named for a in self.args(o)]
        return []

    def roll(self, tok: Token) -> list[Token]:
        """The names of a roll that starts at ``tok`` ("A, Earl of B, C, the admiral D and E"): the parser hangs
        the names of a long list on one another as conjuncts and appositions, and a described name on its
        description; a title's "of" place is no member."""
        out: list[Token] = []
        stack = [tok]
        while stack:
            t = stack.pop()
            if t in out:
                continue
            out.append(t)
            for c in t.children:
                if c.dep_ in {"conj", "appos"} and c.pos_ in {"NOUN", "PROPN"}:
                    stack.append(c)
        named = [t for t in out if t.i in self.name_at or t.lower_ in PRONOUNS]
        return sorted(named, key=lambda t: t.i) or [tok]

    def trailing_holder(self, t: Token) -> list[Arg]:
        """"the king of X, Y": the holder's name after a comma that closes the office's phrase, which the
        parser hangs on the owner ("X, Y" read as an apposition of X) or on the verb."""
        for x in _preps(t, "of"):
            owner = self.name_at.get(x.i)
            if owner is None or owner.type not in PLACE_TYPES | {"ORG", "GROUP"}:
                continue
            for c in x.children:
                name = self.name_at.get(c.i)
                if c.dep_ == "appos" and c.i > x.i and name is not None and name.type == "PERSON" and \
                        self.doc[c.left_edge.i - 1].text == ",":
                    return self.args(c)
        k = t.right_edge.i if self.doc[t.right_edge.i].text == "," else t.right_edge.i + 1
        if k + 1 >= self.sent.end or self.doc[k].text != ",":
            return []
        name = self.name_at.get(k + 1)
        if name is None or name.type != "PERSON":
            return []
        root = self.doc[k + 1]
        while root.dep_ in {"compound", "flat", "nmod"} and root.head.i > root.i:
            root = root.head
        last = root.right_edge.i
        hung = root.dep_ in {"npadvmod", "dep", "appos"} or root.dep_ == "punct" and root.text[:1].isalpha()
        if not hung or root.head.i == t.i or \
                last + 1 < self.sent.end and not self.doc[last + 1].is_punct:
            return []
        return self.args(root)

    def titled_person(self, tok: Token) -> None:
        """"King Y of X", "Metropolitan Y of the Church Z", "Admiral Y of the Royal Navy", "Y of the Z Party":
        a person named with a body."""
        name = self.name_at[tok.i]
        end = tok.i
        while end + 1 < self.sent.end and self.name_at.get(end + 1) is name:
            end += 1
        if end != tok.i:
            return  # only the last token of the name carries its prepositions
        title = (name.title or "").casefold().rstrip(".")
        cls = self.w["office_table"].get(title) if title else None
        if cls is None and title and title in self.titles and self.titles[title].kind not in {"honorific", "academic"}:
            cls = "member"
        orgs = [x for x in _preps(tok, "of")
                if x.i in self.name_at and self.name_at[x.i].type in {"ORG", "GPE", "GROUP"}]
        if cls == "lead" and not orgs:  # "Rani Y of Z", Z not named in this sentence: the linker looks it up
            orgs = [x for x in _preps(tok, "of") if x.pos_ == "PROPN" and x.i not in self.name_at]
        if cls is None and title and orgs:  # "Sir Y of the Royal Navy"
            cls = "member"
        if orgs and cls is not None:
            if cls != "lead" and (not all(self.name_at[x.i].type == "ORG" for x in orgs) or title in self.titles
                                  and self.titles[title].kind in {"nobility", "royalty"}):
                return  # "Prince Y of Denmark", "Duke Y of Z": a style, not a membership
            relation = "LEADER_OF" if cls == "lead" else "MEMBER_OF"
            self.add(relation, [self.arg(tok)], [a for x in orgs for a in self.args(x)], f"title_of:{title}", tok)
            return
        if cls == "lead" and name.title_start is not None:
            # "the Spartan king Pleistoanax": the adjective or name before the title
            first = self.doc.char_span(name.title_start, name.title_start + 1, alignment_mode="expand")
            if first is None:
                return
            k = first[0].i - 1
            if k >= self.sent.start and self.doc[k].text[:1].isupper() and self.doc[k].pos_ in {"ADJ", "PROPN"} \
                    and self.name_at.get(k) is not name:
                self.add("LEADER_OF", [self.arg(tok)], [self.word_arg(self.doc[k])], f"title:{title}", tok)

    def headship(self, noun: Token) -> None:
        """"X, at the head of Y", "X was in command of Y", "himself at its head": X leads Y."""
        if noun.lower_ not in self.w["headship_nouns"] or noun.dep_ != "pobj" or noun.head.lower_ not in {"at", "in"}:
            return
        led = [a for x in _preps(noun, "of") for a in self.args(x)]
        led += [a for c in noun.children if c.dep_ == "poss" for a in self.args(c)]
        host = noun.head.head
        if not led or host.i == noun.head.i:
            return
        named = self.set_off_after(noun.head)
        if named is not None:  # "between A, at the head of Y, and B": A leads Y
            leaders = self.args(named)
        elif host.pos_ in VERBISH:
            leaders = self.passive_patients(host) if _is_passive(host) else \
                [a for s in self.subject_tokens(host) for a in self.args(s)]
        else:
            leaders = self.args(host)
        self.add("LEADER_OF", leaders, led, f"{noun.head.lower_} the {noun.lower_} of", noun)

    # -- units and people ------------------------------------------------------------------------
    def under_person(self, noun: Token) -> None:
        """"the Northern Fleet under Admiral Y", "the Free Corps, a unit under Y": Y leads the named unit."""
        own = self.name_at.get(noun.i)
        # a body by the parse's type or, untyped here, by the document's (the linker checks)
        if (own is None or own.type not in {"ORG", "GROUP", None}) and not (
                noun.dep_ == "appos" and noun.head.i in self.name_at and self.name_at[noun.head.i].type == "ORG"):
            return
        for x in _preps(noun, "under"):
            people = [m for m in _conjuncts(x) if m.i in self.name_at and self.name_at[m.i].type == "PERSON"]
            if people:
                self.add("LEADER_OF", [self.arg(m) for m in people], self.args(noun), "under", noun)

    def owned_unit(self, noun: Token) -> None:
        """"Y's army", "his Western Army", "his Jacobites", "Cromwell's England": a person's named organisation,
        party or country is led by them (not a people: "his Germans"); "the Company's Ceylon Rifles": a body's
        named unit is part of it."""
        name = self.name_at.get(noun.i)
        if name is None:  # the parse's type of a name is a guess: the linker checks the document's
            return
        for c in noun.children:
            if c.dep_ != "poss":
                continue
            owner = self.name_at.get(c.i)
            # a person (the linker checks the document's type: the parse's is a guess)
            if owner is not None or c.lower_ in {"his", "her"}:
                self.add("LEADER_OF", [self.arg(c)], [self.arg(noun)], "possessor", noun)
            # "the Company's Ceylon Rifles", "its youth wing": a body's named unit is part of it
            if owner is not None or c.lower_ in {"its", "their"} or c.pos_ == "NOUN":
                self.add("PART_OF", [self.arg(noun)], [self.arg(c)], "possessor_part", noun)

    def verb_under_person(self, verb: Token) -> None:
        """"the storm kept the fleet, under Admiral Y, in port", "the regiments, quartered in Z under Colonel
        Y": "under" a person, set on the verb, names who leads the object it follows, else the subject."""
        for p in verb.children:
            if p.dep_ != "prep" or p.lower_ != "under":
                continue
            people = [m for x in p.children if x.dep_ == "pobj" for m in _conjuncts(x)
                      if m.i in self.name_at and self.name_at[m.i].type == "PERSON"]
            if not people:
                continue
            objs = [o for o in _children(verb, "dobj") if o.right_edge.i < p.i]
            if not objs:  # "ruled by the Z Party under Y", "reinforced by the Z Column under Colonel Y"
                objs = [x for a in verb.children if a.dep_ == "agent" and a.right_edge.i == p.i - 1
                        for x in a.children if x.dep_ == "pobj" and x.i in self.name_at]
            if not objs:
                objs = _children(verb, "nsubjpass") if _is_passive(verb) else self.subject_tokens(verb)
            # a named body, one a pronoun stands for ("Sweden's troops under Y": not Sweden), or the body whose
            # troops they are ("the veterans of the X Army, quartered in Z under Y")
            led = [self.arg(t) for o in objs for t in self.expand(o) if t.i in self.name_at or t.lower_ in PRONOUNS]
            led += [self.arg(x) for o in objs for t in self.expand(o) if t.i not in self.name_at and (
                t.lower_ in self.w["people_nouns"] or t.lower_ in self.w["proxy_nouns"]) for x in _preps(t, "of")
                if x.i in self.name_at]
            self.add("LEADER_OF", [self.arg(m) for m in people], led, "under:verb", verb)

    def loose_under(self, p: Token) -> None:
        """"Under Y the Xs took the war abroad", "the Xs, under Y, crossed the river": "under" a person, which
        the parse hung on a word of no verb (a comma, a word of the name before), names who leads the body
        that is the clause's subject or that stands just before the commas."""
        name = self.name_at.get(p.i + 1)
        if name is None or name.type != "PERSON":
            return
        person = p.i + 1
        led: list[Token] = []
        if p.i == self.sent.start or p.i > self.sent.start and self.doc[p.i - 1].is_punct and \
                p.i - 1 == self.sent.start:
            root = self.sent.root
            led = [t for s in self.subject_tokens(root) for t in self.expand(s)
                   if t.i in self.name_at and self.name_at[t.i] is not name]
        elif p.i - 2 >= self.sent.start and self.doc[p.i - 1].text == ",":
            led = [self.doc[p.i - 2]] if p.i - 2 in self.name_at else []
        led = [t for t in led if self.name_at[t.i].type in {"ORG", "GROUP", None}]
        if led:
            self.add("LEADER_OF", [self.arg(self.doc[person])], [self.arg(t) for t in led], "under:loose", p)

    def body_of_body(self, noun: Token) -> None:
        """"the Politburo of the Party", "the Northern Squadron of the Imperial Navy": a named body "of" another
        is part of it (the linker keeps two organisations)."""
        own = self.name_at.get(noun.i)
        if own is None or own.type not in {"ORG", None} or noun.i + 1 < len(self.doc) and \
                self.name_at.get(noun.i + 1) is own:
            return
        for x in _preps(noun, "of"):
            other = self.name_at.get(x.i)
            if other is not None and other is not own and other.type in {"ORG", "GROUP", None}:
                self.add("PART_OF", [self.arg(noun)], self.args(x), "body_of_body", noun)

    def of_person(self, noun: Token) -> None:
        """"the Composite Division of General Y", "the Cossacks of Ataman Y": Y leads the unit."""
        own = self.name_at.get(noun.i)
        if own is None or own.type not in {"ORG", "GROUP"}:
            return
        for x in _preps(noun, "of"):
            n = self.name_at.get(x.i)
            title = ((n.title or "") if n is not None else "").casefold().rstrip(".")
            t = self.titles.get(title)
            if n is not None and n is not own and n.type == "PERSON" and (t is None or t.kind != "academic"):
                self.add("LEADER_OF", [self.arg(x)], [self.arg(noun)], "unit_of_person", noun)

