#!/usr/bin/env python3
"""Writes Tests/Fixtures/seed-fingerprints.txt: one hash for every run of 8 words in the seed articles the
bundled site was written from. The articles may not be redistributed, so the repository keeps only these
hashes, and BundledContentTests checks with them that no page copies 8 words in a row from a seed.

Usage: python3 Scripts/seed-fingerprints.py [SEEDS_FOLDER] [--output FILE]
SEEDS_FOLDER defaults to ../shared/seeds beside the repository. When it is missing (a clone from a public
host has none), the script says so and leaves the committed file as it is. Run `make fingerprints` after
the seeds change. Standard library only."""
import argparse
import pathlib
import sys
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUN = 8
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
# Written into the header; the Swift test hashes it too, so the two implementations are checked against each other.
CHECK_SENTENCE = "Don’t COPY a seed's words—eight in a row (or 9) is too many!"


def words(text):
    """The test's normalised words: lowercase, apostrophes (' and ’) dropped, split at anything not a letter or digit."""
    text = text.lower().replace("’", "").replace("'", "")
    result, word = [], []
    for ch in text:
        if ch.isalpha() or ch.isnumeric():
            word.append(ch)
        elif word:
            result.append("".join(word))
            word = []
    if word:
        result.append("".join(word))
    return result


def unsure_characters(text):
    """Characters where words() may split differently from Swift's Character.isLetter/isNumber: combining marks
    (Swift keeps them in their grapheme cluster), letter numbers and other symbols (some are Alphabetic)."""
    return {ch for ch in text if unicodedata.category(ch) in ("Mn", "Mc", "Me", "Nl", "So")}


def fnv1a64(run):
    """FNV-1a 64 of the UTF-8 bytes of the words joined by single spaces, as 16 lowercase hex digits."""
    value = FNV_OFFSET
    for byte in " ".join(run).encode("utf-8"):
        value = ((value ^ byte) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


def fingerprints(texts):
    """Sorted, unique hashes of every run of RUN words within each text (runs do not cross texts)."""
    hashes = set()
    for text in texts:
        w = words(text)
        for start in range(len(w) - RUN + 1):
            hashes.add(fnv1a64(w[start:start + RUN]))
    return sorted(hashes)


def render(hashes, seed_count, word_count):
    """The file's text: a header saying what it is and how it is made, then one hash a line."""
    check_words = words(CHECK_SENTENCE)[:RUN]
    header = [
        "# Seed fingerprints: a hash of every run of 8 words in the seed articles the bundled site was",
        "# written from. The articles may not be redistributed; BundledContentTests uses these hashes to check",
        "# that no page copies 8 words in a row from one of them.",
        "#",
        "# Made by Scripts/seed-fingerprints.py (make fingerprints); do not edit by hand.",
        f"# From {seed_count} seed articles of {word_count} words in all.",
        "# Words: the text lowercased, apostrophes (' and U+2019) dropped, split at every character that is",
        "# neither a letter nor a digit. Runs stay within one article.",
        "# Hash: FNV-1a 64 (offset basis cbf29ce484222325, prime 100000001b3) of the UTF-8 bytes of the 8 words",
        "# joined by single spaces, as 16 lowercase hex digits; one a line, sorted and unique.",
        "# The test hashes the first 8 words of the check sentence below and expects the same value:",
        f"# check: {fnv1a64(check_words)} {CHECK_SENTENCE}",
    ]
    return "\n".join(header + hashes) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", nargs="?", type=pathlib.Path, default=ROOT.parent / "shared" / "seeds",
                        help="folder of .txt seed articles (default: ../shared/seeds beside the repository)")
    parser.add_argument("--output", type=pathlib.Path, default=ROOT / "Tests" / "Fixtures" / "seed-fingerprints.txt")
    args = parser.parse_args()

    if not args.seeds.is_dir():
        print(f"no seeds folder at {args.seeds}: left {args.output} as it is")
        return 0
    paths = sorted(args.seeds.glob("*.txt"))
    if not paths:
        print(f"no .txt seed articles in {args.seeds}: left {args.output} as it is")
        return 0
    texts = [path.read_text(encoding="utf-8") for path in paths]
    unsure = sorted({ch for text in texts for ch in unsure_characters(text)})
    if unsure:
        names = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in unsure)
        print(f"the seeds hold characters the Swift test may split differently: {names}", file=sys.stderr)
        return 1
    hashes = fingerprints(texts)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(hashes, len(paths), sum(len(words(t)) for t in texts)), encoding="utf-8")
    print(f"wrote {len(hashes)} fingerprints of {len(paths)} seed articles to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
