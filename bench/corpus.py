"""A generator of varied historical articles for benchmarks (texts written for annals, not copied).

Each article has a lead paragraph, a dump "Contents |" line, headed sections, people with ranks and
surnames, organisations with acronyms, places, dates of every kind annals normalises, and sometimes
a list that was lost ("The units were:").  ``python bench/corpus.py OUT_DIR --docs 200`` writes files;
:func:`articles` yields (name, text) pairs in memory.  The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

FIRST = ["Ivan", "Pyotr", "Nikolai", "Sergei", "Mikhail", "Alexei", "Boris", "Grigory", "Fyodor", "Dmitri",
         "Karl", "Otto", "Ludwig", "Friedrich", "Jan", "Tomas", "Milan", "Josef", "Henri", "Louis", "Pierre",
         "Andras", "Stefan", "Viktor", "Anton", "Lev", "Pavel", "Yakov", "Semyon", "Vasily"]
LAST = ["Orlov", "Belov", "Sokolov", "Volkov", "Zaitsev", "Morozov", "Lebedev", "Kozlov", "Novak", "Dvorak",
        "Hartmann", "Keller", "Brandt", "Weber", "Durand", "Moreau", "Lefevre", "Horvath", "Kovacs", "Petrov",
        "Gromov", "Yermolov", "Tarasov", "Chernov", "Krylov", "Shubin", "Markov", "Rudnev", "Vlasenko", "Oskin"]
RANKS = ["General", "Colonel", "Admiral", "Major General", "Captain", "Ataman", "chairman", "Metropolitan"]
PLACES = ["Kiev", "Odessa", "Kazan", "Samara", "Omsk", "Irkutsk", "Riga", "Warsaw", "Prague", "Vienna", "Minsk",
          "Kharkov", "Rostov", "Tsaritsyn", "Perm", "Ufa", "Tomsk", "Chita", "Vladivostok", "Archangel"]
REGIONS = ["Siberia", "Galicia", "Volhynia", "the Crimea", "the Caucasus", "Bessarabia", "the Urals", "Finland"]
ORG_HEADS = ["Committee", "Council", "Union", "Brotherhood", "League", "Army", "Corps", "Brigade", "Party"]
ORG_MODS = ["National", "Revolutionary", "Provisional", "Volunteer", "Free", "Popular", "Patriotic", "Workers'"]
GROUPS = ["Cossacks", "Ukrainians", "Poles", "Latvians", "Czechs", "Bolsheviks", "Mensheviks", "Tatars"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
TOPICS = ["rising", "campaign", "mutiny", "congress", "offensive", "evacuation", "conference", "revolt"]
VERBS = ["arrested", "supported", "opposed", "negotiated with", "denounced", "joined", "left", "visited"]


def cap(text: str) -> str:
    """First letter upper case, the rest as it is."""
    return text[:1].upper() + text[1:]


class _Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.year = rng.randint(1850, 1945)
        self.people = [(rng.choice(FIRST), rng.choice(LAST), rng.choice(RANKS)) for _ in range(rng.randint(4, 8))]
        self.orgs = []
        for _ in range(rng.randint(2, 5)):
            full = " ".join([*rng.sample(ORG_MODS, 2), rng.choice(ORG_HEADS)])
            acro = "".join(w[0] for w in full.split()).upper()
            self.orgs.append((full, acro))
        self.place = rng.choice(PLACES)

    def date(self) -> str:
        r, y = self.rng, self.year
        m = r.randrange(12)
        kinds = [
            lambda: f"in {y}", lambda: f"in {MONTHS[m]} {y}", lambda: f"on {r.randint(1, 28)} {MONTHS[m]} {y}",
            lambda: f"on {MONTHS[m]} {r.randint(1, 28)}, {y}", lambda: f"in the summer of {y}",
            lambda: f"by the end of {y}", lambda: f"in early {y}", lambda: f"late in {y}",
            lambda: "two days later", lambda: "the following year", lambda: f"in the {y // 10 * 10}s",
            lambda: f"by {y}",
        ]
        self.year += r.choice([0, 0, 1])
        return r.choice(kinds)()

    def person(self, full: bool = False) -> str:
        first, last, rank = self.rng.choice(self.people)
        r = self.rng.random()
        if full or r < 0.3:
            return f"{rank} {first} {last}"
        return f"{first} {last}" if r < 0.6 else last

    def org(self) -> str:
        full, acro = self.rng.choice(self.orgs)
        return f"the {full}" if self.rng.random() < 0.6 else f"the {acro}"

    def sentence(self) -> str:
        r = self.rng
        forms = [
            lambda: f"{cap(self.date())} {self.person()} {r.choice(VERBS)} {self.org()} in {r.choice(PLACES)}.",
            lambda: f"{cap(self.person())} led {self.org()} against the {r.choice(GROUPS)} {self.date()}.",
            lambda: f"The {r.choice(TOPICS)} at {r.choice(PLACES)} began {self.date()}, and {self.person()} "
                    f"was sent to {r.choice(REGIONS)} with several thousand men.",
            lambda: f"Many {r.choice(GROUPS)} joined {self.org()}, which {self.person()} had founded {self.date()}.",
            lambda: f"According to {self.person()}, {self.org()} {r.choice(VERBS)} {self.org()} {self.date()}.",
            lambda: f"{cap(self.org())} moved its offices from {r.choice(PLACES)} to {r.choice(PLACES)} "
                    f"{self.date()}, although {self.person()} refused to go.",
        ]
        return r.choice(forms)()

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))

    def article(self) -> str:
        r = self.rng
        full, acro = self.orgs[0]
        lead = (f"The {full} ({acro}) was an organisation active in {self.place} and {r.choice(REGIONS)} "
                f"from {self.year} onwards. " + self.paragraph())
        parts = [lead, "Contents |"]
        for h in r.sample(["Origins", "Expansion", "The crisis", "Later years", "Aftermath", "Leadership"],
                          r.randint(2, 4)):
            parts.append(h)
            parts.append(self.paragraph())
            if r.random() < 0.2:
                parts.append(f"The units of the {acro} at that time were:")
        return "\n".join(parts) + "\n"


def articles(n: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """``n`` articles as (file name, text); reproducible for a seed."""
    rng = random.Random(seed)
    for i in range(n):
        yield f"article-{i:05d}.txt", _Writer(rng).article()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    words = 0
    for name, text in articles(args.docs, args.seed):
        (out / name).write_text(text, encoding="utf-8")
        words += len(text.split())
    print(f"{args.docs} articles, {words} words -> {out}")


if __name__ == "__main__":
    main()
