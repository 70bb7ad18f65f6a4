"""Word lists and patterns that several modules of the names component read."""

from __future__ import annotations

import re

NER_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "GROUP",
    "EVENT": "EVENT",
    "WORK_OF_ART": "WORK",
    "LAW": "WORK",
}
DASHES = {"-", "–", "‐"}  # inside a name: "Ulm–Austerlitz", "Bab-el-Mandeb"
# Epithets that follow a ruler's or writer's name after "the" ("Alexander the Great", "Pliny the Elder").
EPITHETS = {"Great", "Younger", "Elder", "Bold", "Fair", "Pious", "Wise", "Good", "Terrible", "Conqueror", "Confessor",
            "Magnificent", "Unready", "Simple", "Fat", "Bald", "Tall", "Red", "Black", "Lame", "Just", "Cruel", "Mad",
            "Lawgiver", "Navigator", "Liberator", "Apostate", "Victorious", "Builder", "Blessed", "Saint", "Able",
            "Brave", "Lion", "Stammerer", "Peaceful", "Fowler", "Hammer", "Wanderer", "Troublesome", "Impaler",
            "Valiant", "Quiet", "Silent", "Illustrious", "Martyr", "Philosopher", "Righteous", "Strong"}
# Peerages: their "of X" styles a person ("Earl of Strafford") rather than naming a place the text speaks of.
PEERAGES = {"duke", "duchess", "earl", "countess", "marquess", "marquis", "marchioness", "viscount", "viscountess",
            "baron", "baroness", "count", "elector", "electress", "prince", "princess", "lord", "lady", "landgrave",
            "margrave", "burgrave"}
# Clergy styled by their see ("the Archbishop of York"): the see is part of the style.
SEES = {"archbishop", "bishop", "metropolitan", "abbot", "abbess", "prior", "dean", "cardinal"}
# Nouns that head a name from its front.
PREFIX_HEADS = {"operation": ("EVENT", "operation"), "fort": ("LOC", "fort"), "lake": ("LOC", "lake"),
                "mount": ("LOC", "mountain"), "cape": ("LOC", "cape"), "isle": ("LOC", "island"),
                "mont": ("LOC", "mountain"), "monte": ("LOC", "mountain"), "rio": ("LOC", "river"),
                "gulf": ("LOC", "gulf"), "bay": ("LOC", "bay"), "castle": ("LOC", "castle"),
                "county": ("GPE", "county"), "loch": ("LOC", "lake"), "lough": ("LOC", "lake"),
                "ciudad": ("GPE", "city"), "puerto": ("GPE", "city"), "hacienda": ("LOC", "estate"),
                "place": ("LOC", "square"), "plaza": ("LOC", "square"), "piazza": ("LOC", "square"),
                "praça": ("LOC", "square"), "stalag": ("LOC", "camp"), "oflag": ("LOC", "camp"),
                "dulag": ("LOC", "camp")}
ROMANCE_ARTICLES = {"la", "las", "los", "le", "les", "l'", "lo"}
NAME_PARTICLES = {"von", "van", "de", "der", "den", "du", "la", "le", "di", "da", "del", "al", "bin", "ibn", "y", "zu",
                  "dem", "vom", "zum", "zur", "ten", "ter", "della", "degli", "dei", "des", "dos", "das", "do"}
ROMAN = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$")
ACRONYM = re.compile(r"(?<![\w(])([A-ZÀ-ÖØ-ÞČŠŽ][A-Za-zÀ-ÖØ-öø-ÿČŠŽčšž]{1,7}(?:\([a-z]\))?)(?![\w])")
JOINERS = {"of", "for", "the", "and"}
