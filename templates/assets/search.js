// Salve search: looks query terms up in the index built at build time (search-index/, format in
// docs/search-index.md), fetching only the files a query needs; no indexing happens here. words(), terms() and stem() must match Sources/SalveCore/Search/Tokenizer.swift and
// EnglishStemmer.swift: tests run both on the same words.
(function () {
  "use strict";
  var WEIGHTS = { 1: 10, 2: 8, 4: 4, 8: 3, 16: 1 }; // title, alias, heading, summary, body

  // The Snowball English stemmer ("Porter2"), as Sources/SalveCore/Search/EnglishStemmer.swift: the index holds
  // stems, so queries are stemmed the same way. A test runs both over every word of Tests/Fixtures/porter2.tsv.
  var EXCEPTIONS = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl",
    ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe",
    atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes", paste: "paste", pastes: "paste",
    pasted: "paste", pasting: "paste" };
  var STOP_AFTER_1A = ["inning", "outing", "canning", "herring", "earring", "evening", "proceed", "exceed", "succeed"];
  var R1_PREFIXES = ["gener", "commun", "arsen", "univers", "later", "emerg", "organ", "inter"];
  var STEP2 = [["ization", "ize"], ["ational", "ate"], ["fulness", "ful"], ["ousness", "ous"], ["iveness", "ive"],
    ["tional", "tion"], ["biliti", "ble"], ["lessli", "less"], ["entli", "ent"], ["ation", "ate"], ["ogist", "og"],
    ["alism", "al"], ["aliti", "al"], ["ousli", "ous"], ["iviti", "ive"], ["fulli", "ful"], ["enci", "ence"],
    ["anci", "ance"], ["abli", "able"], ["izer", "ize"], ["ator", "ate"], ["alli", "al"], ["bli", "ble"],
    ["ogi", "og"], ["li", ""]];
  var STEP3 = [["ational", "ate"], ["tional", "tion"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ative", ""], ["ical", "ic"], ["ness", ""], ["ful", ""]];
  var STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive",
    "ize", "ion", "al", "er", "ic"];

  function stem(word) {
    if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
    if (Object.prototype.hasOwnProperty.call(EXCEPTIONS, word)) return EXCEPTIONS[word];
    var b = word.split("");
    var vowel = function (i) { return "aeiouy".indexOf(b[i]) >= 0; };
    var ends = function (suffix) { return b.length >= suffix.length && b.slice(b.length - suffix.length).join("") === suffix; };
    var replace = function (n, text) { b.splice(b.length - n, n); if (text) b.push.apply(b, text.split("")); };
    if (b[0] === "y") b[0] = "Y";
    for (var i = 1; i < b.length; i++) if (b[i] === "y" && vowel(i - 1)) b[i] = "Y";
    var after = function (start) {
      var k = start;
      while (k < b.length && !vowel(k)) k++;
      while (k < b.length && vowel(k)) k++;
      return Math.min(k + 1, b.length);
    };
    var prefix = R1_PREFIXES.filter(function (p) { return word.indexOf(p) === 0; })[0];
    var r1 = prefix ? prefix.length : after(0);
    var r2 = after(r1);
    var inR1 = function (n) { return b.length - n >= r1; };
    var inR2 = function (n) { return b.length - n >= r2; };
    var shortSyllableAt = function (end) {
      if (end === 1) return vowel(0) && !vowel(1);
      if (end < 2) return false;
      return !vowel(end - 2) && vowel(end - 1) && !vowel(end) && "wxY".indexOf(b[end]) < 0;
    };
    // Step 1a
    if (ends("sses")) replace(4, "ss");
    else if (ends("ied") || ends("ies")) replace(3, b.length > 4 ? "i" : "ie");
    else if (ends("us") || ends("ss")) { /* unchanged */ }
    else if (ends("s")) { for (var v = 0; v < b.length - 2; v++) if (vowel(v)) { b.pop(); break; } }
    if (STOP_AFTER_1A.indexOf(b.join("")) >= 0) return b.join("");
    // Step 1b
    step1b: {
      var eed = ["eedly", "eed"].filter(ends)[0];
      if (eed) { if (inR1(eed.length)) replace(eed.length, "ee"); break step1b; }
      var ed = ["ingly", "edly", "ing", "ed"].filter(ends)[0];
      if (!ed) break step1b;
      if (ed === "ing" && b.length === 5 && !vowel(0) && b[1] === "y") { replace(4, "ie"); break step1b; }
      var hasVowel = false;
      for (var x = 0; x < b.length - ed.length; x++) if (vowel(x)) hasVowel = true;
      if (!hasVowel) break step1b;
      replace(ed.length, "");
      if (ends("at") || ends("bl") || ends("iz")) b.push("e");
      else if (["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"].some(ends)) {
        if (!(b.length === 3 && "aeo".indexOf(b[0]) >= 0)) b.pop();
      } else if (r1 >= b.length && shortSyllableAt(b.length - 1)) b.push("e");
    }
    // Step 1c
    if (b.length > 2 && (b[b.length - 1] === "y" || b[b.length - 1] === "Y") && !vowel(b.length - 2)) b[b.length - 1] = "i";
    // Step 2
    var rule = STEP2.filter(function (r) { return ends(r[0]); })[0];
    if (rule && inR1(rule[0].length)) {
      var n = rule[0].length;
      if (rule[0] === "ogi" || rule[0] === "ogist") { if (b.length > n && b[b.length - n - 1] === "l") replace(n, rule[1]); }
      else if (rule[0] === "li") { if (b.length > 2 && "cdeghkmnrt".indexOf(b[b.length - 3]) >= 0) replace(2, ""); }
      else replace(n, rule[1]);
    }
    // Step 3
    rule = STEP3.filter(function (r) { return ends(r[0]); })[0];
    if (rule && inR1(rule[0].length)) {
      if (rule[0] === "ative") { if (inR2(5)) replace(5, ""); } else replace(rule[0].length, rule[1]);
    }
    // Step 4
    var suffix = STEP4.filter(ends)[0];
    if (suffix && inR2(suffix.length)) {
      if (suffix === "ion") { if ("st".indexOf(b[b.length - 4]) >= 0 && b.length > 3) replace(3, ""); }
      else replace(suffix.length, "");
    }
    // Step 5
    if (b[b.length - 1] === "e") {
      if (inR2(1) || (inR1(1) && !shortSyllableAt(b.length - 2))) b.pop();
    } else if (b[b.length - 1] === "l" && inR2(1) && b.length > 1 && b[b.length - 2] === "l") b.pop();
    return b.join("").replace(/Y/g, "y");
  }

  function words(text) {
    var folded = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/['\u2019]/g, "");
    return folded.match(/[\p{L}\p{N}]+/gu) || [];
  }

  function terms(text) {
    return words(text).map(stem);
  }

  // A page's score for a term: the weight of the best field other than the body it is in (title 10, alias 8,
  // heading 4, summary 3), plus how strongly its body is about the term (0 to 2: the build's BM25 weight 0 to 9,
  // carried above the 5 field bits).
  function fieldScore(value) {
    var best = 0;
    for (var bit in WEIGHTS) if (bit !== "16" && (value & bit)) best = Math.max(best, WEIGHTS[bit]);
    return best + (value >> 5) / 4.5;
  }

  // How much a term tells pages apart: rare terms count for more than common ones (BM25's IDF).
  function rarity(pagesWithTerm, pages) {
    return Math.log(1 + (pages - pagesWithTerm + 0.5) / (pagesWithTerm + 0.5));
  }

  // Edit distance (insert, delete, replace, swap two neighbours), or limit + 1 once it is over limit.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = null, previous = [], current;
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      current = [i];
      var rowBest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        current.push(value);
        rowBest = Math.min(rowBest, value);
      }
      if (rowBest > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  // The index as the browser sees it: the entry file (search-index/index.json) and, fetched only when a query
  // needs them and kept for the page's life, term shards, word lists and page files. `load(path)` returns a
  // promise of the parsed JSON of a path below the index folder.
  function openIndex(entry, load) {
    var cache = {};
    var fetchOnce = function (path) { return cache[path] || (cache[path] = load(path)); };
    var shard = function (key) {
      var name = entry.shards[key];
      return name ? fetchOnce("terms/" + name + ".json") : Promise.resolve({});
    };
    return {
      entry: entry,
      shardOf: function (term) { return term.slice(0, 2); },
      // The shard holding `term`, and every term of it.
      shard: shard,
      // Every term that starts with the letter `letter`, for typo matches.
      words: function (letter) {
        var name = entry.words[letter];
        return name ? fetchOnce("words/" + name + ".json") : Promise.resolve([]);
      },
      // A page's body text, by the name its page details give.
      text: function (name) { return fetchOnce("text/" + name + ".json"); },
      // Page number → {url, title, kind, summary, aliases, text}.
      page: function (number) {
        var file = Math.floor(number / entry.pagesPerFile);
        return fetchOnce("pages/" + entry.pageFiles[file] + ".json").then(function (pages) {
          return pages[number - file * entry.pagesPerFile];
        });
      }
    };
  }

  // [gap, fields, gap, fields, ...] → [[page, fields], ...].
  function postings(flat) {
    var out = [], page = 0;
    for (var i = 0; i < flat.length; i += 2) { page += flat[i]; out.push([page, flat[i + 1]]); }
    return out;
  }

  // Resolves to {results: [{page, score}], partial, corrections: [{word, term}], matched}: pages matching every
  // query word first, best first, with the first `limit` pages' details loaded. A word matches its stem exactly
  // (full weight), index terms that start with it as typed (half weight, so results appear while typing), and,
  // when a word of 5 or more letters matches nothing, terms within one edit (two from 8 letters) at a third of
  // the weight. Stop words are left out of queries that have other words, as they are left out of page bodies.
  function search(index, query, limit) {
    var stop = {};
    (index.entry.stopWords || []).forEach(function (w) { stop[w] = true; });
    var all = words(query);
    var wanted = all.filter(function (w) { return !stop[w]; });
    if (wanted.length === 0) wanted = all;
    if (wanted.length === 0) return Promise.resolve({ results: [], partial: false, corrections: [], matched: {} });
    var corrections = [], matched = {};
    return Promise.all(wanted.map(function (word) {
      var scores = {};
      var stemmed = stem(word);
      var add = function (shardTerms, term, weight) {
        matched[term] = true;
        var list = postings(shardTerms[term]);
        var idf = rarity(list.length, index.entry.pages);
        list.forEach(function (posting) {
          var s = fieldScore(posting[1]) * weight * idf;
          if (!(posting[0] in scores) || scores[posting[0]] < s) scores[posting[0]] = s;
        });
      };
      var starts = [word, stemmed].filter(function (start) { return start.length >= 2; });
      var keys = [index.shardOf(stemmed)].concat(starts.map(index.shardOf));
      return Promise.all(keys.map(index.shard)).then(function (shards) {
        var found = false;
        if (Object.prototype.hasOwnProperty.call(shards[0], stemmed)) { add(shards[0], stemmed, 1); found = true; }
        starts.forEach(function (start, i) {
          var terms = shards[i + 1];
          Object.keys(terms).sort().forEach(function (term) {
            if (term !== stemmed && term.indexOf(start) === 0) { add(terms, term, 0.5); found = true; }
          });
        });
        if (found || word.length < 5) return scores;
        var limitEdits = word.length >= 8 ? 2 : 1;
        var letters = [stemmed[0], word[0]].filter(function (l, i, a) { return a.indexOf(l) === i; });
        return Promise.all(letters.map(index.words)).then(function (lists) {
          var best = limitEdits + 1, closest = [];
          [].concat.apply([], lists).forEach(function (term) {
            var d = Math.min(distance(stemmed, term, limitEdits), distance(word, term, limitEdits));
            if (d < best) { best = d; closest = [term]; } else if (d === best && d <= limitEdits && closest.indexOf(term) < 0) closest.push(term);
          });
          if (best > limitEdits) return scores;
          corrections.push({ word: word, term: closest[0] });
          return Promise.all(closest.map(function (term) { return index.shard(index.shardOf(term)); })).then(function (found) {
            closest.forEach(function (term, i) { add(found[i], term, 1 / 3); });
            return scores;
          });
        });
      });
    })).then(function (perTerm) {
      function combine(requireAll) {
        var total = {};
        perTerm.forEach(function (scores) {
          for (var page in scores) total[page] = (total[page] || 0) + scores[page];
        });
        return Object.keys(total).filter(function (page) {
          return !requireAll || perTerm.every(function (scores) { return page in scores; });
        }).map(function (page) { return { number: Number(page), score: total[page] }; })
          .sort(function (a, b) { return b.score - a.score || a.number - b.number; });
      }
      var ranked = combine(true), partial = false;
      if (ranked.length === 0 && wanted.length > 1) { ranked = combine(false); partial = true; }
      var shown = ranked.slice(0, limit || 50);
      return Promise.all(shown.map(function (r) { return index.page(r.number); })).then(function (pages) {
        return { results: shown.map(function (r, i) { return { page: pages[i], score: r.score }; }),
                 total: ranked.length, partial: partial, corrections: corrections, matched: matched };
      });
    });
  }

  // The word readers would recognise for a corrected term: the first word of the top result's title or names
  // whose stem it is ("hamstr" is shown as "hamstring"), else the term itself.
  function shownAs(term, results) {
    var page = results[0] && results[0].page;
    var candidates = page ? words([page.title].concat(page.aliases || []).join(" ")) : [];
    for (var i = 0; i < candidates.length; i++) if (stem(candidates[i]) === term) return candidates[i];
    return term;
  }

  // Appends `text` to `element`, each word whose stem the search matched wrapped in <mark>. Text nodes only: page
  // text is never parsed as HTML.
  function appendHighlighted(element, text, matched) {
    var pattern = /[\p{L}\p{N}'\u2019]+/gu, last = 0, found;
    while ((found = pattern.exec(text)) !== null) {
      var folded = words(found[0]);
      if (folded.length === 1 && matched[stem(folded[0])]) {
        element.append(document.createTextNode(text.slice(last, found.index)));
        var mark = document.createElement("mark");
        mark.textContent = found[0];
        element.append(mark);
        last = found.index + found[0].length;
      }
    }
    element.append(document.createTextNode(text.slice(last)));
  }

  // A stretch of `text` of about `size` characters around the first word whose stem the search matched, cut at
  // word edges, with "…" where it was cut; null when no word matches.
  function snippet(text, matched, size) {
    var pattern = /[\p{L}\p{N}'\u2019]+/gu, found;
    while ((found = pattern.exec(text)) !== null) {
      var folded = words(found[0]);
      if (folded.length !== 1 || !matched[stem(folded[0])]) continue;
      var start = Math.max(0, found.index - Math.floor(size / 3));
      var end = Math.min(text.length, start + size);
      if (start > 0) { var space = text.indexOf(" ", start); start = space >= 0 && space < found.index ? space + 1 : start; }
      if (end < text.length) { var back = text.lastIndexOf(" ", end); end = back > found.index ? back : end; }
      return (start > 0 ? "\u2026" : "") + text.slice(start, end) + (end < text.length ? "\u2026" : "");
    }
    return null;
  }

  var KIND_LABELS = { condition: "Condition", symptom: "Symptom", treatment: "Treatment", test: "Test",
                      riskFactor: "Risk factor", page: "Page" };

  function show(outcome, query, list, status, index) {
    list.textContent = "";
    outcome.results.forEach(function (result, position) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.page.url;
      appendHighlighted(link, result.page.title, outcome.matched || {});
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " " + (KIND_LABELS[result.page.kind] || "");
      var summary = document.createElement("p");
      appendHighlighted(summary, result.page.summary, outcome.matched || {});
      item.append(link, kind, summary);
      list.append(item);
      // For the first results, a stretch of the page's own text around the words found, when the text has them.
      if (index && position < 10 && result.page.text) {
        index.text(result.page.text).then(function (text) {
          var part = snippet(text, outcome.matched || {}, 180);
          if (!part || !summary.isConnected) return;
          summary.textContent = "";
          summary.className = "snippet";
          appendHighlighted(summary, part, outcome.matched || {});
        }, function () { /* the summary stays */ });
      }
    });
    var n = outcome.total !== undefined ? outcome.total : outcome.results.length;
    var shown = query;
    (outcome.corrections || []).forEach(function (c) {
      shown = shown.replace(new RegExp(c.word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i"), shownAs(c.term, outcome.results));
    });
    if (!query.trim()) status.textContent = "";
    else if (n === 0) status.textContent = "No pages found for \u201c" + query + "\u201d. Try another word, or use the A to Z.";
    else status.textContent = (outcome.corrections && outcome.corrections.length ? "Showing results for \u201c" + shown + "\u201d. " : "") +
      (outcome.partial ? "No page has all of those words. " : "") +
      n + (n === 1 ? " page" : " pages") + " found for \u201c" + query + "\u201d.";
  }

  if (typeof module !== "undefined") {
    module.exports = { words: words, terms: terms, stem: stem, search: search, openIndex: openIndex, distance: distance,
                       shownAs: shownAs, appendHighlighted: appendHighlighted, snippet: snippet };
    return;
  }

  var script = document.currentScript;
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  var entryURL = script.getAttribute("data-index");
  var folder = entryURL.slice(0, entryURL.lastIndexOf("/") + 1);
  var load = function (path) {
    return fetch(folder + path).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  };
  fetch(entryURL, { cache: "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(function (entry) {
    var index = openIndex(entry, load);
    var latest = 0;
    var run = function () {
      var asked = ++latest, value = input.value;
      // The address is the search: it can be shared or bookmarked, and Back returns to it.
      history.replaceState(null, "", value.trim() ? "?" + new URLSearchParams({ q: value }) : window.location.pathname);
      search(index, value, 50).then(function (outcome) {
        if (asked === latest) show(outcome, value, list, status, index);
      }).catch(function () {
        status.textContent = "Search could not load. Please use the A to Z instead.";
      });
    };
    var timer;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    document.getElementById("search").addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    run();
  }).catch(function () {
    status.textContent = "Search could not load. Please use the A to Z instead.";
  });
})();
