#!/usr/bin/env python3
"""Generates a large knowledge base twice, from the same Markdown: once for Salve (OUT_DIR/salve) and once for
Hugo (OUT_DIR/hugo), so both can be timed side by side doing the same work.

Usage: generate.py OUT_DIR [CONDITIONS] [--salve-only] [--force]   (CONDITIONS defaults to 10000)

For N conditions it writes 0.25·N symptom, 0.14·N treatment and 0.06·N test pages (at least one each): at
N = 10,000 that is 14,500 pages and about 58 MB of Markdown. Every condition has 3–6 symptoms, 2–4 treatments,
1–2 tests, 1–3 body areas, a care card, aliases, six `##` sections, a table and wiki links in its body (one in a
table cell). The text is random words but deterministic: the same N always gives the same bytes.

The Hugo copy has the same text, except that wiki links become ordinary Markdown links to the page's URL, and
`aliases` (which would make Hugo write redirect pages) is called `also_called`. Symptoms, treatments, tests and
body areas are Hugo taxonomies whose term pages are the pages themselves (content/symptoms/symptom-12/_index.md),
so Hugo lists the conditions that name a page, as Salve does; the home page also writes index.json, a search
index of every page's title, URL, summary and plain text.

OUT_DIR/corpus.json records N, the flags and a hash of this script and of hugo-site/ (the Hugo settings and
templates it copies); when they match, nothing is regenerated (--force regenerates anyway). It also records the
number of pages and bytes of Markdown, which run.sh and scale.sh print."""
import hashlib
import json
import os
import random
import re
import shutil
import sys

# ---- arguments and the cache stamp -------------------------------------------------------------------------

args = [a for a in sys.argv[1:] if not a.startswith("--")]
flags = {a for a in sys.argv[1:] if a.startswith("--")}
if not args or flags - {"--salve-only", "--force"}:
    sys.exit(__doc__.split("\n\n")[1])
out = args[0]
conditions = int(args[1]) if len(args) > 1 else 10000
salve_only = "--salve-only" in flags
engines = ["salve"] if salve_only else ["salve", "hugo"]

# The generator's identity: this script and the Hugo templates it copies.
here = os.path.dirname(os.path.abspath(__file__))
digest = hashlib.sha256()
for path in [os.path.abspath(__file__)] + sorted(os.path.join(folder, name)
             for folder, _, names in os.walk(os.path.join(here, "hugo-site")) for name in names):
    with open(path, "rb") as f:
        digest.update(os.path.relpath(path, here).encode() + f.read())
generator = digest.hexdigest()[:16]
stamp_path = os.path.join(out, "corpus.json")
wanted = {"conditions": conditions, "salve_only": salve_only, "generator": generator}
try:
    with open(stamp_path) as f:
        stamp = json.load(f)
except (OSError, ValueError):
    stamp = {}
if "--force" not in flags and {k: stamp.get(k) for k in wanted} == wanted:
    print(f"corpus in {out} is up to date: {conditions} conditions, {stamp['pages']} pages, "
          f"{stamp['markdown_bytes'] / 1e6:.1f} MB of Markdown per copy")
    sys.exit(0)

# Start afresh: a smaller N or an older generator would leave stale pages behind. Only our own folders go.
for name in ["salve", "hugo", "corpus.json"]:
    path = os.path.join(out, name)
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)

# ---- vocabulary ------------------------------------------------------------------------------------------------

rng = random.Random(f"salve-benchmark-{conditions}")
counts = {"symptoms": max(1, conditions * 25 // 100), "treatments": max(1, conditions * 14 // 100),
          "tests": max(1, conditions * 6 // 100)}
areas = ["back-of-thigh", "behind-knee", "calf", "back-of-ankle", "lower-back-and-buttock", "outer-thigh", "foot",
         "whole-leg"]
parts = ["calf", "knee", "ankle", "thigh", "hip", "foot", "heel", "shin", "hamstring", "lower back", "buttock",
         "toe", "achilles", "groin", "kneecap", "arch"]
descriptors = ["sharp", "dull", "burning", "aching", "throbbing", "sudden", "long-lasting", "recurring", "mild",
               "severe", "nighttime", "morning", "shooting", "deep", "spreading", "one-sided"]
condition_nouns = ["strain", "tendon problem", "bursitis", "cramp", "nerve irritation", "sprain", "inflammation",
                   "overuse injury", "joint wear", "vein problem", "muscle tear", "trapped nerve"]
symptom_nouns = ["pain", "swelling", "stiffness", "numbness", "tingling", "weakness", "cramping", "redness",
                 "tenderness", "bruising", "clicking", "warmth"]
treatment_names = ["stretching exercises", "physiotherapy", "ice packs", "compression stockings", "pain relief gel",
                   "rest and raising the leg", "strength training", "massage", "heat pads", "shoe inserts",
                   "a splint", "a walking plan", "weight loss", "anti-inflammatory tablets", "a steroid injection"]
test_names = ["ultrasound scan", "X-ray", "MRI scan", "blood test", "nerve conduction study", "physical examination",
              "Doppler scan", "CT scan", "walking test", "reflex test"]
# Everyday words for the prose; nothing here is a link, a template tag or a YAML special character.
words = """pain muscle leg walk rest swelling nerve blood vessel tendon calf thigh knee ankle stretch sleep night
doctor sore tight sharp dull ache warm red numb tingle weak stiff move slowly gently often sometimes usually
morning evening after before during exercise running standing sitting climbing stairs work home weeks days months
people older younger adults children women men most many some few better worse easier harder heal recover return
activity sport shoes floor ground weight pressure joint bone skin feeling sensation burning throbbing cramp spasm
relief support help advice nurse pharmacist physiotherapist check examine feel press bend straighten lift carry
hold keep avoid try start stop slowly carefully regular daily simple small large long short common rare mild
severe sudden gradual lasting early later first again still also even only just quite very rather slightly
about around through across along behind front back side lower upper inner outer left right both either
usually normally generally rarely typically frequently occasionally plenty water food diet weight healthy
active comfortable painful tender stiff loose firm soft hard cold hot swollen bruised""".split()

def sentence(low=9, high=17):
    text = " ".join(rng.choices(words, k=rng.randint(low, high)))
    return text[0].upper() + text[1:] + "."

def paragraph(sentences=5):
    return " ".join(sentence() for _ in range(sentences))

def title_of(kind, i):
    if kind == "conditions":
        return f"{rng.choice(descriptors).capitalize()} {rng.choice(parts)} {rng.choice(condition_nouns)} {i}"
    if kind == "symptoms":
        return f"{rng.choice(descriptors).capitalize()} {rng.choice(parts)} {rng.choice(symptom_nouns)} {i}"
    if kind == "treatments":
        name = rng.choice(treatment_names)
        return f"{name[0].upper() + name[1:]} for the {rng.choice(parts)} {i}"
    name = rng.choice(test_names)
    return f"{rng.choice(parts).capitalize()} {name} {i}"

# ---- pages -----------------------------------------------------------------------------------------------------

# Every page's slug and title first, so that links can show the title they point to.
all_kinds = {"conditions": conditions, **counts}
slugs = {kind: [f"{kind[:-1]}-{i}" for i in range(n)] for kind, n in all_kinds.items()}
titles = {slug: title_of(kind, i) for kind in all_kinds for i, slug in enumerate(slugs[kind])}
section_of = {slug: kind for kind in all_kinds for slug in slugs[kind]}

def lower(title):
    return title[0].lower() + title[1:]

def condition_page(i):
    """Front matter fields and body of condition i, with wiki links in Salve's syntax."""
    symptoms = rng.sample(slugs["symptoms"], min(rng.randint(3, 6), counts["symptoms"]))
    treatments = rng.sample(slugs["treatments"], min(rng.randint(2, 4), counts["treatments"]))
    tests = rng.sample(slugs["tests"], min(rng.randint(1, 2), counts["tests"]))
    other = rng.randrange(conditions)
    see_also = f" It can be mistaken for [[condition-{other}]]." if other != i else ""
    aliases = [f"{rng.choice(parts)} {rng.choice(condition_nouns)} type {i}"]
    if rng.random() < 0.5:
        aliases.append(f"{rng.choice(descriptors)} {rng.choice(parts)} trouble {i}")
    fields = {
        "title": titles[f"condition-{i}"], "summary": sentence(12, 20), "aliases": aliases,
        "symptoms": symptoms, "treatments": treatments, "tests": tests,
        "body_areas": rng.sample(areas, rng.randint(1, 3)),
        "care": [sentence(6, 10) for _ in range(rng.randint(1, 3))],
    }
    table = ["| Test | What it shows | How long it takes |", "| --- | --- | --- |"]
    table.append(f"| [[{tests[0]}\\|{lower(titles[tests[0]])}]] | {sentence(5, 9)} | {rng.randint(5, 60)} minutes |")
    for _ in range(rng.randint(2, 4)):
        table.append(f"| {rng.choice(test_names)} | {sentence(5, 9)} | {rng.randint(5, 60)} minutes |")
    body = [
        "## What it is", paragraph(5), paragraph(4),
        "## How it feels",
        paragraph(4) + f" It often starts with [[{symptoms[0]}]], and some people notice "
        f"[[{symptoms[1]}|{lower(titles[symptoms[1]])}]] as well.",
        paragraph(3),
        "## What causes it", paragraph(5) + see_also,
        "## How it is found", paragraph(4), "\n".join(table),
        "## How it is treated",
        paragraph(4) + f" Many people are helped by [[{treatments[0]}|{lower(titles[treatments[0]])}]].",
        paragraph(4),
        "## When to get help", paragraph(3),
    ]
    return fields, "\n\n".join(body) + "\n"

OTHER_HEADINGS = {"symptoms": ["What it feels like", "Why it happens", "What you can do"],
                  "treatments": ["What it is", "How it helps", "What to expect"],
                  "tests": ["What the test is", "How to prepare", "What the results mean"]}

def other_page(kind, i):
    """A symptom, treatment or test page: four sections and links to one page of its kind and one condition."""
    same = slugs[kind][rng.randrange(counts[kind])]
    if same == slugs[kind][i]:
        same = None
    condition = f"condition-{rng.randrange(conditions)}"
    first, second, third = OTHER_HEADINGS[kind]
    links = f" It is often discussed together with [[{condition}]]."
    if same:
        links += f" See also [[{same}|{lower(titles[same])}]]."
    body = ["## " + first, paragraph(5), paragraph(5), "## " + second, paragraph(5) + links, paragraph(4),
            "## " + third, paragraph(5), "## When to get help", paragraph(4), paragraph(2)]
    return {"title": titles[slugs[kind][i]], "summary": sentence(12, 20)}, "\n\n".join(body) + "\n"

# ---- writing ---------------------------------------------------------------------------------------------------

def front_matter(fields, engine):
    lines = ["---", f"title: {fields['title']}", f"summary: {fields['summary']}"]
    if "aliases" in fields:  # Hugo reads `aliases` as redirects, so its copy calls them something else
        key = "aliases" if engine == "salve" else "also_called"
        lines.append(f"{key}: [" + ", ".join(fields["aliases"]) + "]")
    for key in ["symptoms", "treatments", "tests", "body_areas"]:
        if key in fields:
            lines.append(f"{key}: [" + ", ".join(fields[key]) + "]")
    if "care" in fields:
        lines += ["care:", "  urgent:"] + [f"    - {item}" for item in fields["care"]]
    lines += ["last_reviewed: 2026-11-21", "---", ""]
    return "\n".join(lines) + "\n"

WIKI_LINK = re.compile(r"\[\[([a-z0-9-]+)(?:\\?\|([^\]]+))?\]\]")

def hugo_body(body):
    """Wiki links as ordinary Markdown links to the page's URL, showing the title when no text is given."""
    return WIKI_LINK.sub(lambda m: f"[{m.group(2) or titles[m.group(1)]}](/{section_of[m.group(1)]}/{m.group(1)}/)", body)

made_folders = set()
total_bytes = {engine: 0 for engine in engines}

def write(engine, relative, text):
    path = os.path.join(out, engine, relative)
    folder = os.path.dirname(path)
    if folder not in made_folders:
        os.makedirs(folder, exist_ok=True)
        made_folders.add(folder)
    data = text.encode()
    if relative.endswith(".md"):
        total_bytes[engine] += len(data)
    with open(path, "wb") as f:
        f.write(data)

def write_page(kind, slug, fields, body):
    write("salve", f"content/{kind}/{slug}.md", front_matter(fields, "salve") + body)
    if "hugo" in engines:
        # Conditions are regular pages; the others are the term pages of their taxonomy.
        where = f"content/{kind}/{slug}.md" if kind == "conditions" else f"content/{kind}/{slug}/_index.md"
        write("hugo", where, front_matter(fields, "hugo") + hugo_body(body))

pages = 1  # the home page
for i in range(conditions):
    write_page("conditions", f"condition-{i}", *condition_page(i))
    pages += 1
for kind in counts:
    for i in range(counts[kind]):
        write_page(kind, slugs[kind][i], *other_page(kind, i))
        pages += 1

# The site settings and home page, as the bundled site has them.
declared = "".join(f"  - slug: {a}\n    name: {a.replace('-', ' ').capitalize()}\n" for a in areas)
write("salve", "salve.yaml",
      "title: Benchmark\nbase_url: https://example.org\nemergency_number: \"999\"\nbody_areas:\n" + declared)
write("salve", "content/index.md", "---\ntitle: Benchmark\nsummary: A generated site.\n---\n\nGenerated.\n")

if "hugo" in engines:
    shutil.copytree(os.path.join(here, "hugo-site"), os.path.join(out, "hugo"), dirs_exist_ok=True)
    write("hugo", "content/_index.md", "---\ntitle: Benchmark\nsummary: A generated site.\n---\n\nGenerated.\n")
    for kind, heading in [("conditions", "Conditions"), ("symptoms", "Symptoms"), ("treatments", "Treatments"),
                          ("tests", "Tests"), ("body_areas", "Body areas")]:
        write("hugo", f"content/{kind}/_index.md", f"---\ntitle: {heading}\nsummary: All {heading.lower()}.\n---\n")
    for a in areas:  # body areas are a taxonomy too, named as salve.yaml names them
        write("hugo", f"content/body_areas/{a}/_index.md", f"---\ntitle: {a.replace('-', ' ').capitalize()}\n---\n")
    write("hugo", "content/a-to-z.md", "---\ntitle: A to Z\nsummary: Every page by name.\nlayout: a-to-z\n---\n")

with open(stamp_path, "w") as f:
    json.dump({**wanted, "pages": pages, "markdown_bytes": total_bytes["salve"]}, f)
    f.write("\n")
print(f"wrote {conditions} conditions and {pages - conditions - 1} symptom, treatment and test pages "
      f"({pages} pages, {total_bytes['salve'] / 1e6:.1f} MB of Markdown) for {' and '.join(engines)} under {out}")
