// mentorkit search: search as you type in the header (arrow keys and Enter; "/" to get there)
// and the full results on the search page.
//
// The index is split into scripts (search-index.js; search/keys-N.js, postings-N.js and
// page-N.js) that are loaded as they are needed, so a large handbook loads a few pieces, not the whole index,
// and search works from file:// too, where a page can load a script but not fetch a file.
// The browser never stems: the index lists each word of the handbook (lower-cased, accents
// removed) with the term it stems to, made at build time in the handbook's language.
(function () {
  "use strict";
  var header = document.querySelector("form.site-search");
  var root = header ? header.getAttribute("data-root") || "" : "";
  var parts = window.mentorkitSearchParts = window.mentorkitSearchParts || {};
  var TOKEN = /[\p{Alphabetic}\p{N}]+(?:['\u2019][\p{Alphabetic}\p{N}]+)*/gu;
  var HEADER_RESULTS = 6;
  var PAGE_RESULTS = 10;

  // ---- Loading the index's scripts, each once ----------------------------------------------
  var pending = {};
  function loadScript(src, ready) {
    return new Promise(function (resolve, reject) {
      var value = ready();
      if (value !== undefined) { resolve(value); return; }
      if (!pending[src]) {
        pending[src] = new Promise(function (done, fail) {
          var script = document.createElement("script");
          script.src = root + src;
          script.async = true;
          script.onload = function () { done(); };
          script.onerror = function () { delete pending[src]; fail(new Error(src)); };
          document.head.appendChild(script);
        });
      }
      pending[src].then(function () { resolve(ready()); }, reject);
    });
  }
  function manifest() {
    return loadScript("search-index.js", function () {
      var index = window.mentorkitSearch;
      return index && index.version === 4 ? index : undefined;
    });
  }
  function part(name) {
    return loadScript("search/" + name + ".js", function () { return parts[name]; });
  }
  function page(n) { return part("page-" + n); }

  // ---- Words, as the index made them -----------------------------------------------------
  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/\u2019/g, "'");
  }
  function queryWords(text, index) {
    var stop = new Set(index.stop);
    var seen = new Set();
    return (text.match(TOKEN) || []).map(fold).filter(function (word) {
      if (stop.has(word) || seen.has(word)) { return false; }
      seen.add(word);
      return true;
    });
  }
  // The first position in the sorted `list` not before `word`.
  function lowerBound(list, word) {
    var low = 0, high = list.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (list[mid] < word) { low = mid + 1; } else { high = mid; }
    }
    return low;
  }
  // The key shards that may hold keys beginning with `word` (at most 3 for a prefix).
  function shardsFor(index, word, prefix) {
    var first = Math.max(0, lowerBound(index.keys, word + "\u0000") - 1);
    var numbers = [first];
    for (var n = first + 1; prefix && n < index.keys.length && numbers.length < 3; n++) {
      if (index.keys[n].lastIndexOf(word, 0) !== 0) { break; }
      numbers.push(n);
    }
    return numbers;
  }
  // The postings file holding term `number`.
  function postingsFileOf(index, number) {
    return Math.max(0, lowerBound(index.postings, number + 1) - 1);
  }
  // A term's postings, decoded from base64 of variable-length numbers.
  var decoded = new Map();
  function postingsOf(index, file, number) {
    if (decoded.has(number)) { return decoded.get(number); }
    var bytes = atob(file.postings[number - file.first]);
    var out = [];
    var value = 0, shift = 0;
    for (var i = 0; i < bytes.length; i++) {
      var byte = bytes.charCodeAt(i);
      value += (byte & 127) * Math.pow(2, shift);
      if (byte & 128) { shift += 7; } else { out.push(value); value = 0; shift = 0; }
    }
    decoded.set(number, out);
    return out;
  }

  // The terms a query word leads to: keys equal to it weigh 1, longer keys less. A word of
  // one letter is taken whole; a longer one also as the beginning of longer words, the three
  // closest terms of those (one for two letters), so that a short prefix does not load half
  // the index.
  var EXPANSIONS = 3;
  var PREFIX_BYTES = 64 * 1024;

  // The word's own terms; then longer words, closest first, while their postings stay within
  // a budget (two letters say little yet: only the closest), so a short prefix loads little.
  function pick(index, word, best) {
    var chosen = Array.from(best.keys()).sort(function (a, b) {
      return best.get(b) - best.get(a) || a - b;
    });
    var picked = chosen.filter(function (n) { return best.get(n) === 1; });
    var files = new Set(picked.map(function (n) { return postingsFileOf(index, n); }));
    var left = word.length > 2 ? EXPANSIONS : 1;
    var spent = 0;
    chosen.forEach(function (n) {
      if (best.get(n) === 1 || left === 0) { return; }
      var file = postingsFileOf(index, n);
      var cost = files.has(file) ? 0 : index.sizes[file];
      if (spent + cost > PREFIX_BYTES) { return; }
      picked.push(n);
      files.add(file);
      spent += cost;
      left--;
    });
    return picked;
  }
  function lookUp(index, word) {
    var prefix = word.length > 1;
    var names = shardsFor(index, word, prefix).map(function (n) { return "keys-" + n; });
    return Promise.all(names.map(part)).then(function (shards) {
      var best = new Map();
      shards.forEach(function (data) {
        for (var k = lowerBound(data.keys, word); k < data.keys.length; k++) {
          var key = data.keys[k];
          if (key !== word && !(prefix && key.lastIndexOf(word, 0) === 0)) { break; }
          var extra = key.length - word.length;
          var weight = extra === 0 ? 1 : 1 / Math.log(Math.max(3, extra + 1));
          var number = data.terms[k];
          if (!best.has(number) || best.get(number) < weight) { best.set(number, weight); }
        }
      });
      var chosen = pick(index, word, best);
      var files = Array.from(new Set(chosen.map(function (n) { return postingsFileOf(index, n); })));
      return Promise.all(files.map(function (f) { return part("postings-" + f); })).then(function (loaded) {
        var terms = new Map();
        chosen.forEach(function (number) {
          var file = loaded[files.indexOf(postingsFileOf(index, number))];
          terms.set(number, { weight: best.get(number), postings: postingsOf(index, file, number) });
        });
        return { word: word, terms: terms, shards: shards };
      });
    });
  }
  // A word the handbook does not have may still share its stem with words it has
  // ("mentored" when only "mentor" and "mentoring" appear): it is looked up again with up
  // to three of its last letters left off.
  function lookUpWord(index, word) {
    return lookUp(index, word).then(function (found) {
      if (found.terms.size > 0 || word.length < 5) { return found; }
      var shorter = word.slice(0, -1);
      var tries = word.length - Math.max(4, word.length - 3);
      function next(left, candidate) {
        return lookUp(index, candidate).then(function (again) {
          if (again.terms.size > 0 || left === 1) { again.word = word; return again; }
          return next(left - 1, candidate.slice(0, -1));
        });
      }
      return next(tries, shorter);
    });
  }

  // Pages matching the query's words, best first: tf-idf, and pages matching more of the
  // words rank higher. Also the keys to highlight: every key of a matched term.
  function search(text) {
    return manifest().then(function (index) {
      var words = queryWords(text, index);
      return Promise.all(words.map(function (w) { return lookUpWord(index, w); }))
        .then(function (found) { return rank(index, found); });
    });
  }
  function rank(index, found) {
    var scores = new Map();
    var matched = new Map();
    var highlight = new Set();
    found.forEach(function (word) {
      var seen = new Set();
      word.terms.forEach(function (term) {
        var postings = term.postings;
        var idf = 1 + Math.log(index.pages / (postings.length / 2 + 1));
        var doc = 0;
        for (var p = 0; p < postings.length; p += 2) {
          doc += postings[p];
          scores.set(doc, (scores.get(doc) || 0) + postings[p + 1] / 1000 * idf * term.weight);
          seen.add(doc);
        }
      });
      seen.forEach(function (doc) { matched.set(doc, (matched.get(doc) || 0) + 1); });
      word.shards.forEach(function (data) {
        data.keys.forEach(function (key, k) {
          if (word.terms.has(data.terms[k])) { highlight.add(key); }
        });
      });
    });
    var results = [];
    scores.forEach(function (score, doc) {
      results.push({ doc: doc, score: score * matched.get(doc) / found.length });
    });
    results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return { results: results, highlight: highlight, words: found.length };
  }

  // ---- Snippets -------------------------------------------------------------------------
  var SNIPPET_WORDS = 26;
  function isHit(word, highlight) {
    var tokens = word.match(TOKEN) || [];
    return tokens.some(function (t) { return highlight.has(fold(t)); });
  }
  // Appends `word` to `element`, its matching parts in <mark>.
  function appendMarked(element, word, highlight) {
    var at = 0;
    word.replace(TOKEN, function (token, offset) {
      if (!highlight.has(fold(token))) { return token; }
      element.appendChild(document.createTextNode(word.slice(at, offset)));
      var mark = document.createElement("mark");
      mark.textContent = token;
      element.appendChild(mark);
      at = offset + token.length;
      return token;
    });
    element.appendChild(document.createTextNode(word.slice(at)));
  }
  // The stretch of a page's text with the most matched words, as an element.
  function snippet(text, highlight, tag) {
    var words = text ? text.split(" ") : [];
    var hits = words.map(function (w) { return isHit(w, highlight) ? 1 : 0; });
    var best = 0, bestCount = -1, count = 0;
    for (var i = 0; i < words.length; i++) {
      count += hits[i];
      if (i >= SNIPPET_WORDS) { count -= hits[i - SNIPPET_WORDS]; }
      var start = Math.max(0, i - SNIPPET_WORDS + 1);
      if (count > bestCount) { bestCount = count; best = start; }
    }
    // A few words of context before the first match.
    var first = hits.indexOf(1, best);
    if (first > best + 4) { best = Math.min(first - 4, Math.max(0, words.length - SNIPPET_WORDS)); }
    var element = document.createElement(tag);
    element.className = "result-snippet";
    var end = Math.min(words.length, best + SNIPPET_WORDS);
    if (best > 0) { element.appendChild(document.createTextNode("… ")); }
    for (var w = best; w < end; w++) {
      if (w > best) { element.appendChild(document.createTextNode(" ")); }
      appendMarked(element, words[w], highlight);
    }
    if (end < words.length) { element.appendChild(document.createTextNode(" …")); }
    return element;
  }
  function titleElement(text, highlight, tag) {
    var element = document.createElement(tag);
    element.className = "result-title";
    text.split(" ").forEach(function (word, i) {
      if (i > 0) { element.appendChild(document.createTextNode(" ")); }
      appendMarked(element, word, highlight);
    });
    return element;
  }
  function kindElement(kind) {
    var element = document.createElement("span");
    element.className = "result-kind";
    element.textContent = kind;
    return element;
  }

  // The newest query wins: answers to older ones are dropped.
  function latest(show) {
    var asked = 0;
    return function (text) {
      var mine = ++asked;
      return search(text).then(function (found) {
        return mine === asked ? show(text, found) : undefined;
      });
    };
  }
  function pages(results) {
    return Promise.all(results.map(function (r) { return page(r.doc); }));
  }
  var messages = {
    none: function (text) { return "No pages match \u201c" + text + "\u201d."; },
    some: function (n, text) {
      return n + (n === 1 ? " page matches" : " pages match") + " \u201c" + text + "\u201d.";
    },
    failed: "The search index could not be loaded."
  };

  // ---- The header: a combobox with a list of results ----------------------------------------
  function headerSearch() {
    var input = document.getElementById("mk-search");
    var live = document.getElementById("mk-search-live");
    if (!header || !input || !live) { return; }
    var list = document.createElement("ul");
    list.id = "mk-search-options";
    list.className = "search-popup";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("placeholder") || "Search");
    list.hidden = true;
    header.appendChild(list);
    var options = [];
    var active = -1;
    var timer = 0;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function select(n) {
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === n ? "true" : "false"); });
      active = n;
      if (n < 0) { input.removeAttribute("aria-activedescendant"); return; }
      input.setAttribute("aria-activedescendant", options[n].id);
      options[n].scrollIntoView({ block: "nearest" });
    }
    function option(n, href, children) {
      var item = document.createElement("li");
      item.id = "mk-search-option-" + n;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-href", href);
      children.forEach(function (child) { item.appendChild(child); });
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () { window.location.href = href; });
      return item;
    }
    var show = latest(function (text, found) {
      var top = found.results.slice(0, HEADER_RESULTS);
      return pages(top).then(function (docs) {
        list.textContent = "";
        options = docs.map(function (doc, n) {
          return option(n, root + doc.path, [
            titleElement(doc.title, found.highlight, "span"),
            kindElement(doc.kind),
            snippet(doc.text, found.highlight, "span")
          ]);
        });
        var all = document.createElement("span");
        all.className = "result-all";
        all.textContent = found.results.length === 0 ? messages.none(text)
          : found.results.length === 1 ? "Open the search page for \u201c" + text + "\u201d"
          : "All " + found.results.length + " results for \u201c" + text + "\u201d";
        options.push(option(options.length, header.action.split("?")[0] + "?q=" + encodeURIComponent(text), [all]));
        options.forEach(function (o) { list.appendChild(o); });
        live.textContent = found.results.length === 0 ? messages.none(text)
          : messages.some(found.results.length, text);
        select(-1);
        open();
      });
    });
    function update() {
      window.clearTimeout(timer);
      var text = input.value;
      if (!text.trim()) { close(); live.textContent = ""; return; }
      // A short pause while typing fast, so a word is looked up once.
      timer = window.setTimeout(function () {
        show(text).catch(function () { live.textContent = messages.failed; });
      }, 80);
    }
    input.addEventListener("input", update);
    input.addEventListener("focus", function () { manifest().catch(function () {}); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { if (input.value.trim()) { update(); } return; }
        event.preventDefault();
        // From the box (-1) down through the options and back to the box.
        var next = active + (event.key === "ArrowDown" ? 1 : -1);
        if (next >= options.length) { next = -1; }
        if (next < -1) { next = options.length - 1; }
        select(next);
      } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
        event.preventDefault();
        window.location.href = options[active].getAttribute("data-href");
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
      }
    });
    input.addEventListener("blur", close);
  }

  // ---- The search page: every result, ten at a time ------------------------------------------
  function searchPage() {
    var input = document.getElementById("mk-search-page");
    var status = document.getElementById("mk-search-status");
    var list = document.getElementById("mk-search-results");
    var more = document.getElementById("mk-search-more");
    if (!input || !list) { return; }
    var found = null;
    var shown = 0;
    var text = "";
    function showMore() {
      var next = found.results.slice(shown, shown + PAGE_RESULTS);
      shown += next.length;
      if (more) { more.hidden = shown >= found.results.length; }
      var highlight = found.highlight;
      return pages(next).then(function (docs) {
        docs.forEach(function (doc) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = root + doc.path;
          link.appendChild(titleElement(doc.title, highlight, "span"));
          item.appendChild(kindElement(doc.kind));
          item.appendChild(link);
          item.appendChild(snippet(doc.text, highlight, "p"));
          list.appendChild(item);
        });
      });
    }
    var show = latest(function (asked, answer) {
      text = asked;
      found = answer;
      shown = 0;
      list.textContent = "";
      status.textContent = answer.results.length === 0 ? messages.none(text)
        : messages.some(answer.results.length, text);
      return showMore();
    });
    function update() {
      if (!input.value.trim()) {
        list.textContent = ""; status.textContent = "";
        if (more) { more.hidden = true; }
        return;
      }
      show(input.value).catch(function () { status.textContent = messages.failed; });
    }
    if (more) { more.addEventListener("click", function () { showMore(); }); }
    var query = new URLSearchParams(window.location.search).get("q") || "";
    input.value = query;
    var box = document.getElementById("mk-search");
    if (box) { box.value = query; }
    input.addEventListener("input", update);
    update();
  }

  // "/" goes to the search box, unless the reader is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var box = document.getElementById("mk-search-page") || document.getElementById("mk-search");
    if (box) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  headerSearch();
  searchPage();
})();
