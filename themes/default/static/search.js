// mentorkit search: runs the elasticlunr index from search-index.js in the browser.
(function () {
  "use strict";
  var data = window.mentorkitSearch;
  var input = document.getElementById("mk-search-page");
  var status = document.getElementById("mk-search-status");
  var list = document.getElementById("mk-search-results");
  if (!data || !window.elasticlunr || !input || !list) { return; }
  var index = window.elasticlunr.Index.load(data.index);
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  var header = document.getElementById("mk-search");
  if (header) { header.value = query; }

  function show(text) {
    list.textContent = "";
    if (!text.trim()) { status.textContent = ""; return; }
    var results = index.search(text, { fields: { title: { boost: 3 }, body: { boost: 1 } }, bool: "OR", expand: true });
    status.textContent = results.length === 0
      ? "No pages match “" + text + "”."
      : results.length + (results.length === 1 ? " page matches" : " pages match") + " “" + text + "”.";
    results.slice(0, 50).forEach(function (result) {
      var doc = data.docs[result.ref];
      if (!doc) { return; }
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
