// Salve search: looks query terms up in the index built at build time (search-index.json); no indexing
// happens here. terms() and stem() must match Sources/SalveCore/Search/Tokenizer.swift.
(function () {
  "use strict";
  var WEIGHTS = { 1: 10, 2: 8, 4: 4, 8: 3, 16: 1 }; // title, alias, heading, summary, body

  function stem(term) {
    if (term.length > 3 && /s$/.test(term) && !/(ss|us|is)$/.test(term)) return term.slice(0, -1);
    return term;
  }

  function terms(text) {
    var folded = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/['\u2019]/g, "");
    return (folded.match(/[\p{L}\p{N}]+/gu) || []).map(stem);
  }

  function fieldScore(bits) {
    var best = 0;
    for (var bit in WEIGHTS) if (bits & bit) best = Math.max(best, WEIGHTS[bit]);
    return best;
  }

  // Returns [{page, score}] for pages matching every query term (a term also matches longer index terms
  // that start with it), best first; falls back to pages matching any term.
  function search(index, sortedTerms, query) {
    var wanted = terms(query).filter(function (t) { return t.length > 0; });
    if (wanted.length === 0) return { results: [], partial: false };
    var perTerm = wanted.map(function (word) {
      var scores = {};
      var lo = 0, hi = sortedTerms.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (sortedTerms[mid] < word) lo = mid + 1; else hi = mid; }
      for (var i = lo; i < sortedTerms.length && sortedTerms[i].indexOf(word) === 0; i++) {
        var exact = sortedTerms[i] === word ? 1 : 0.5;
        if (!exact && word.length < 2) break;
        index.terms[sortedTerms[i]].forEach(function (posting) {
          var s = fieldScore(posting[1]) * exact;
          if (!(posting[0] in scores) || scores[posting[0]] < s) scores[posting[0]] = s;
        });
      }
      return scores;
    });
    function combine(requireAll) {
      var total = {};
      perTerm.forEach(function (scores) {
        for (var page in scores) total[page] = (total[page] || 0) + scores[page];
      });
      return Object.keys(total).filter(function (page) {
        return !requireAll || perTerm.every(function (scores) { return page in scores; });
      }).map(function (page) { return { page: index.pages[page], score: total[page] }; })
        .sort(function (a, b) { return b.score - a.score || a.page.title.localeCompare(b.page.title); });
    }
    var all = combine(true);
    if (all.length > 0 || wanted.length === 1) return { results: all, partial: false };
    return { results: combine(false), partial: true };
  }

  var KIND_LABELS = { condition: "Condition", symptom: "Symptom", treatment: "Treatment", test: "Test",
                      riskFactor: "Risk factor", page: "Page" };

  function show(outcome, query, list, status) {
    list.textContent = "";
    outcome.results.slice(0, 50).forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.page.url;
      link.textContent = result.page.title;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " " + (KIND_LABELS[result.page.kind] || "");
      var summary = document.createElement("p");
      summary.textContent = result.page.summary;
      item.append(link, kind, summary);
      list.append(item);
    });
    var n = outcome.results.length;
    if (!query.trim()) status.textContent = "";
    else if (n === 0) status.textContent = "No pages found for \u201c" + query + "\u201d. Try another word, or use the A to Z.";
    else status.textContent = (outcome.partial ? "No page has all of those words. " : "") +
      n + (n === 1 ? " page" : " pages") + " found for \u201c" + query + "\u201d.";
  }

  if (typeof module !== "undefined") { module.exports = { terms: terms, stem: stem, search: search }; return; }

  var script = document.currentScript;
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  fetch(script.getAttribute("data-index")).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return response.json();
  }).then(function (index) {
    var sortedTerms = Object.keys(index.terms).sort();
    var run = function () { show(search(index, sortedTerms, input.value), input.value, list, status); };
    var timer;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    document.getElementById("search").addEventListener("submit", function (event) {
      event.preventDefault();
      history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      run();
    });
    run();
  }).catch(function () {
    status.textContent = "Search could not load. Please use the A to Z instead.";
  });
})();
