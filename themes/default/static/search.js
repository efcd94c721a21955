// mentorkit search: looks the reader's words up in the index of search-index.js.
// Query words go through elasticlunr's English pipeline (the one the index was built with), so
// "mentors" finds "mentoring"; a word also matches longer terms it begins, so results come
// while the reader is still typing.
(function () {
  "use strict";
  var data = window.mentorkitSearch;
  var lunr = window.elasticlunr;
  var input = document.getElementById("mk-search-page");
  var status = document.getElementById("mk-search-status");
  var list = document.getElementById("mk-search-results");
  if (!data || !lunr || !input || !list) { return; }
  var terms = data.terms;
  var docs = data.docs;
  var boosts = [3, 1]; // title, body
  var pipeline = new lunr.Pipeline();
  pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  var header = document.getElementById("mk-search");
  if (header) { header.value = query; }

  // The first term not smaller than `word` (terms are sorted).
  function lowerBound(word) {
    var low = 0, high = terms.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (terms[mid] < word) { low = mid + 1; } else { high = mid; }
    }
    return low;
  }

  // Terms a query word matches, with a weight: 1 for the word itself, less for longer terms.
  function expand(word) {
    var found = [];
    for (var i = lowerBound(word); i < terms.length && terms[i].lastIndexOf(word, 0) === 0; i++) {
      var extra = terms[i].length - word.length;
      found.push({ term: i, weight: extra === 0 ? 1 : 1 / Math.log(Math.max(3, extra)) });
    }
    return found;
  }

  // Pages matching any query word, best first: tf-idf per field, shorter fields weigh more,
  // and pages matching more of the words rank higher.
  function search(text) {
    var words = pipeline.run(lunr.tokenizer(text));
    var scores = new Map();
    var matched = new Map();
    words.forEach(function (word) {
      var seen = new Set();
      expand(word).forEach(function (match) {
        var fields = data.postings[match.term];
        fields.forEach(function (postings, field) {
          var frequency = postings.length / 2;
          var idf = 1 + Math.log(docs.length / (frequency + 1));
          var doc = 0;
          for (var p = 0; p < postings.length; p += 2) {
            doc += postings[p];
            var length = docs[doc].lengths[field] || 1;
            var score = Math.sqrt(postings[p + 1]) * idf / Math.sqrt(length) * match.weight * boosts[field];
            scores.set(doc, (scores.get(doc) || 0) + score);
            seen.add(doc);
          }
        });
      });
      seen.forEach(function (doc) { matched.set(doc, (matched.get(doc) || 0) + 1); });
    });
    var results = [];
    scores.forEach(function (score, doc) {
      results.push({ doc: doc, score: score * matched.get(doc) / words.length });
    });
    results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return results;
  }

  function show(text) {
    list.textContent = "";
    if (!text.trim()) { status.textContent = ""; return; }
    var results = search(text);
    status.textContent = results.length === 0
      ? "No pages match “" + text + "”."
      : results.length + (results.length === 1 ? " page matches" : " pages match") + " “" + text + "”.";
    results.slice(0, 50).forEach(function (result) {
      var doc = docs[result.doc];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = doc.path;
      link.textContent = doc.title;
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = doc.kind;
      var excerpt = document.createElement("p");
      excerpt.textContent = doc.excerpt;
      item.appendChild(kind);
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }
  show(query);
  input.addEventListener("input", function () { show(input.value); });
})();
