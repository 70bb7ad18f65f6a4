"""The words of the events component: the event taxonomy (``data/event_types.json``), the word sets
of its dependency paths, and the simple past it describes a happening with."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from spacy.tokens import Token

ARG_DEPS = {"nsubj": "agent", "nsubjpass": "patient", "dobj": "patient", "obj": "patient", "attr": "patient",
            "agent": "agent", "dative": "participant", "oprd": "patient", "appos": "participant"}
TEMPORAL_PREPS = {"after", "before", "during", "since", "until", "till", "following", "throughout"}
OFFICE_WORDS = {"head", "chairman", "chairwoman", "chair", "leader", "president", "commander", "chief", "ataman",
                "hetman", "premier", "governor", "director", "secretary", "minister", "emperor", "king", "queen",
                "tsar", "dictator", "consul", "regent", "prime"}
PLACE_PREPS = {"in", "at", "near", "into", "to", "from", "across", "on", "outside", "towards", "toward"}
MOTION_LIGHT = {"come", "go", "push", "drive", "ride", "pass", "approach", "fly", "row", "steam", "proceed"}
DIRECTIONS = {"to", "into", "from", "towards", "toward", "onto", "across", "through", "over", "up", "down", "back",
              "out", "against", "via", "past", "along", "inland", "beyond"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
COMPOSING = {"form", "make", "constitute", "comprise", "provide", "represent", "become", "remain"}
PARTS_OF_A_WHOLE = {"core", "basis", "backbone", "bulk", "majority", "minority", "part", "nucleus", "mainstay",
                    "heart", "base", "foundation", "kernel", "bedrock", "half", "third", "quarter", "rest"}
CAUSATIVES = {"have", "get", "make", "let", "see", "watch", "help", "order", "force", "compel", "cause"}
TEMPORAL_MARKERS = {"when": None, "after": "AFTER", "before": "BEFORE", "as": None, "while": None, "once": "AFTER",
                    "until": "BEFORE", "since": "AFTER"}


@cache
def lexicon() -> dict:
    """The event taxonomy: lemma -> type for verbs and for nouns, and the modality words."""
    with resources.files("annals").joinpath("data", "event_types.json").open(encoding="utf-8") as f:
        data = json.load(f)
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    for etype, spec in data["types"].items():
        for v in spec["verbs"]:
            verbs.setdefault(v, etype)
        for n in spec["nouns"]:
            nouns.setdefault(n, etype)
    phrases: dict[str, str] = dict(data.get("phrases", {}).get("entries", {}))
    return {"verbs": verbs, "nouns": nouns, "phrases": phrases, "modal_verbs": data["modal_verbs"],
            "modal_aux": data["modal_auxiliaries"], "negating": set(data["negating_verbs"]),
            "end_words": set(data["end_words"]), "start_words": set(data["start_words"]),
            "types": {k: v["description"] for k, v in data["types"].items()}}



_IRREGULAR = {
    "arise": "arose", "be": "was", "bear": "bore", "beat": "beat", "become": "became", "begin": "began", "bid": "bid",
    "blow": "blew", "break": "broke", "bring": "brought", "build": "built", "burn": "burned", "buy": "bought",
    "catch": "caught", "choose": "chose", "come": "came", "cut": "cut", "deal": "dealt", "dig": "dug", "do": "did",
    "draw": "drew", "drive": "drove", "eat": "ate", "fall": "fell", "feed": "fed", "feel": "felt", "fight": "fought",
    "find": "found", "flee": "fled", "fly": "flew", "forbid": "forbade", "forsake": "forsook", "freeze": "froze",
    "get": "got", "give": "gave", "go": "went", "grow": "grew", "hang": "hanged", "have": "had", "hear": "heard",
    "hide": "hid", "hit": "hit", "hold": "held", "keep": "kept", "know": "knew", "lay": "laid", "lead": "led",
    "leave": "left", "lend": "lent", "let": "let", "lie": "lay", "lose": "lost", "make": "made", "mean": "meant",
    "meet": "met", "overcome": "overcame", "overrun": "overran", "overthrow": "overthrew", "pay": "paid",
    "put": "put", "quit": "quit", "read": "read", "rebuild": "rebuilt", "ride": "rode", "rise": "rose", "run": "ran",
    "say": "said", "see": "saw", "seek": "sought", "sell": "sold", "send": "sent", "set": "set", "shake": "shook",
    "shoot": "shot", "shut": "shut", "sing": "sang", "sink": "sank", "sit": "sat", "slay": "slew", "speak": "spoke",
    "spend": "spent", "split": "split", "spread": "spread", "stand": "stood", "steal": "stole", "strike": "struck",
    "swear": "swore", "sweep": "swept", "take": "took", "teach": "taught", "tear": "tore", "tell": "told",
    "think": "thought", "throw": "threw", "undertake": "undertook", "uphold": "upheld", "wage": "waged",
    "wake": "woke", "wear": "wore", "win": "won", "withdraw": "withdrew", "withhold": "withheld",
    "withstand": "withstood", "write": "wrote", "forgo": "forwent", "outrun": "outran", "broadcast": "broadcast",
}
_DOUBLED = ("mit", "cur", "fer", "pel", "bel", "quit", "trol", "gret", "ip", "nap", "rel")


def past_tense(tok: Token) -> str:
    """The simple past of a verb as the text has it ("seized"), else made from its lemma ("killing": "killed")."""
    if tok.tag_ == "VBD":
        return tok.lower_ if not tok.text[:1].isupper() or tok.i != tok.sent.start else tok.text.lower()
    lemma = tok.lemma_.lower()
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    for prefix in ("re", "over", "under", "out", "mis", "fore"):  # "retake": "retook", "overthrow": "overthrew"
        if lemma.startswith(prefix) and lemma[len(prefix):] in _IRREGULAR:
            return prefix + _IRREGULAR[lemma[len(prefix):]]
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    vowels = "aeiou"
    if len(lemma) >= 3 and lemma[-1] not in vowels + "wxy" and lemma[-2] in vowels and lemma[-3] not in vowels \
            and (len(re.findall(r"[aeiou]+", lemma)) == 1 or lemma.endswith(_DOUBLED)):
        return lemma + lemma[-1] + "ed"
    return lemma + "ed"

