// mentorkit checklists: remember ticked boxes in this browser (localStorage, one entry per
// checklist page) and offer "Clear ticks". The page works without this script.
(function () {
  "use strict";
  var list = document.querySelector("[data-checklist]");
  if (!list) { return; }
  var key = "mentorkit:checklist:" + location.pathname;
  var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox]"));
  var progress = list.querySelector("[data-checklist-progress]");
  var clear = list.querySelector("[data-checklist-clear]");

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save() {
    var ticked = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.id; });
    try {
      if (ticked.length) { localStorage.setItem(key, JSON.stringify(ticked)); } else { localStorage.removeItem(key); }
    } catch (e) { /* storage full or blocked: ticks last until the page closes */ }
    show(ticked.length);
  }
  function show(count) {
    if (progress) { progress.textContent = count + " of " + boxes.length + " done"; }
  }

  var saved = load();
  boxes.forEach(function (box) {
    box.checked = saved.indexOf(box.id) !== -1;
    box.addEventListener("change", save);
  });
  show(saved.filter(function (id) { return document.getElementById(id); }).length);
  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      save();
      if (boxes.length) { boxes[0].focus(); }
    });
  }
})();
