"""Writes Tests/Fixtures/porter2.tsv: word → stem by the reference Snowball English stemmer (PyPI's
snowballstemmer), for every word of the bundled site's pages, the docs and the GFM spec, and for derived forms that exercise each rule of
the algorithm. Sources/SalveCore/Search/EnglishStemmer.swift must give the same stems (EnglishStemmerTests).

    .venv/bin/python -m pip install snowballstemmer && .venv/bin/python Scripts/stem-fixture.py
"""
import re
from pathlib import Path

import snowballstemmer

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = ["s", "es", "ed", "ing", "ingly", "edly", "ly", "ness", "ful", "fully", "less", "lessly", "ment",
            "ments", "al", "ally", "ation", "ational", "ations", "ize", "izer", "ization", "ise", "ism", "ist",
            "ity", "ities", "ive", "ively", "iveness", "ous", "ously", "ousness", "able", "ably", "ability",
            "ible", "ance", "ence", "ant", "ent", "ently", "ator", "er", "ers", "ic", "ical", "icate", "ative",
            "y", "ies", "ied", "li", "bli", "logi", "alli", "tional", "ement", "ion", "ions"]


def main():
    words = set()
    texts = sorted((ROOT / "content").rglob("*.md")) + sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]
    texts += sorted((ROOT / "Tests/Fixtures/gfm-spec").rglob("*.txt"))
    for path in texts:
        words.update(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    stems = {w for w in words if len(w) > 3}
    derived = {stem + suffix for stem in sorted(stems)[::6] for suffix in SUFFIXES}
    derived |= {w[:-1] + suffix for w in sorted(stems)[1::7] if w.endswith("e") for suffix in ("ing", "ed", "er", "able")}
    vocabulary = sorted(words | derived | {"skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly",
                                           "early", "only", "singly", "sky", "news", "howe", "atlas", "cosmos",
                                           "bias", "andes", "inning", "outing", "canning", "herring", "earring",
                                           "proceed", "exceed", "succeed", "generously", "communism", "arsenal",
                                           "yelling", "sayings", "cried", "ties", "gas", "gaps", "kiwis",
                                           "paste", "pastes", "pasted", "pasting", "pastime", "pastel", "added",
                                           "evening", "international", "neurologist", "dyings", "vying"})
    stemmer = snowballstemmer.stemmer("english")
    lines = ["# word<TAB>stem by snowballstemmer %s (Snowball English). Made by Scripts/stem-fixture.py." % snowballstemmer.__version__ if hasattr(snowballstemmer, "__version__") else "# word<TAB>stem by snowballstemmer (Snowball English). Made by Scripts/stem-fixture.py."]
    lines += [f"{w}\t{stemmer.stemWord(w)}" for w in vocabulary]
    out = ROOT / "Tests/Fixtures/porter2.tsv"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(vocabulary)} words to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
