#!/usr/bin/env python3
"""Generates a large site twice, from the same Markdown: once for Salve and once for Hugo, so both can be timed
side by side. Usage: generate.py OUT_DIR [CONDITIONS]  (default 10000).

Every condition page has ~350 words, 4 headings, a table, 3 symptoms, 2 treatments, 1 test, 1 risk factor, 2 body
areas, a care card and 2 links in its body. Hugo gets templates that show the same things (title, summary,
body, linked pages), so both do comparable work; Hugo does not compute reverse links or a search index."""
import os, random, sys

out = sys.argv[1]
conditions = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
random.seed(42)
kinds = {"symptoms": 200, "treatments": 50, "tests": 20, "risk-factors": 20}
areas = ["back-of-thigh", "behind-knee", "calf", "back-of-ankle", "lower-back-and-buttock", "outer-thigh", "foot", "whole-leg"]
words = ("pain muscle leg walk rest swelling nerve blood vessel tendon calf thigh knee ankle stretch sleep night "
         "doctor sore tight sharp dull ache warm red numb tingle weak stiff move slowly gently often sometimes").split()

def sentence():
    return " ".join(random.choice(words) for _ in range(random.randint(8, 14))).capitalize() + "."

def paragraph():
    return " ".join(sentence() for _ in range(5))

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)

for engine in ("salve", "hugo"):
    root = os.path.join(out, engine)
    random.seed(42)
    if engine == "salve":
        declared = "".join(f"  - slug: {a}\n    name: {a.replace('-', ' ').capitalize()}\n" for a in areas)
        write(f"{root}/salve.yaml", "title: Benchmark\nbase_url: https://example.org\nemergency_number: \"999\"\nbody_areas:\n" + declared)
        write(f"{root}/content/index.md", "---\ntitle: Benchmark\nsummary: A generated site.\n---\n\nGenerated.\n")
    else:
        write(f"{root}/hugo.toml", 'baseURL = "https://example.org/"\ntitle = "Benchmark"\ndisableKinds = ["taxonomy", "term", "RSS"]\n')
        write(f"{root}/layouts/_default/baseof.html",
              '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
              '<meta name="description" content="{{ .Params.summary }}"></head><body><main>{{ block "main" . }}{{ end }}</main></body></html>\n')
        write(f"{root}/layouts/_default/single.html",
              '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>'
              '{{ with .Params.care }}{{ with .urgent }}<ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}{{ end }}'
              '<nav>{{ .TableOfContents }}</nav>{{ .Content }}'
              '{{ range $k := slice "symptoms" "treatments" "tests" "risk_factors" }}{{ with index $.Params $k }}<h2>{{ $k }}</h2><ul>'
              '{{ range . }}{{ with site.GetPage (printf "/%s/%s" (replace $k "_" "-") .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}'
              '</ul>{{ end }}{{ end }}{{ end }}\n')
        write(f"{root}/layouts/_default/list.html",
              '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}\n')
        write(f"{root}/content/_index.md", "---\ntitle: Benchmark\n---\n")
    for kind, count in kinds.items():
        for i in range(count):
            slug = f"{kind.rstrip('s')}-{i}"
            write(f"{root}/content/{kind}/{slug}.md",
                  f"---\ntitle: {kind.capitalize()} {i}\nsummary: {sentence()}\n---\n\n## About\n\n{paragraph()}\n")
    for i in range(conditions):
        symptoms = random.sample(range(kinds["symptoms"]), 3)
        treatments = random.sample(range(kinds["treatments"]), 2)
        test = random.randrange(kinds["tests"])
        risk = random.randrange(kinds["risk-factors"])
        body_areas = random.sample(areas, 2)
        body = "\n\n".join([
            "## What it is", paragraph(), "## How it feels", paragraph(),
            f"See [symptom {symptoms[0]}](../symptoms/symptom-{symptoms[0]}.md) and [treatment {treatments[0]}](../treatments/treatment-{treatments[0]}.md).",
            "## How it is found", "| Test | What it shows |\n| --- | --- |\n| Scan | Inside the leg |\n| Exam | Strength |",
            "## How it is treated", paragraph(),
        ])
        front = "\n".join([
            "---", f"title: Condition {i}", f"summary: {sentence()}",
            f"aliases: [condition alias {i}]",
            "symptoms: [" + ", ".join(f"symptom-{s}" for s in symptoms) + "]",
            "treatments: [" + ", ".join(f"treatment-{t}" for t in treatments) + "]",
            f"tests: [test-{test}]", f"risk_factors: [risk-factor-{risk}]",
            "body_areas: [" + ", ".join(body_areas) + "]",
            "care:", "  urgent:", f"    - {sentence()}",
            "last_reviewed: 2026-11-21", "---", "",
        ])
        write(f"{root}/content/conditions/condition-{i}.md", front + body + "\n")
print(f"wrote {conditions} conditions for salve and hugo under {out}")
