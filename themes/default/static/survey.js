// mentorkit surveys: conditional questions (show_if), answers kept in this browser while
// filling (localStorage), accessible validation, and saving the responses as CSV or JSON.
// Without this script the form still works: every question shows, with its condition
// written as a hint, and a form that posts to an endpoint is a plain HTML form.
(function () {
  "use strict";
  var article = document.querySelector("[data-survey]");
  var form = article && article.querySelector("form.survey-form");
  if (!form) { return; }
  var surveyId = article.getAttribute("data-survey");
  var download = article.getAttribute("data-submit") !== "post";
  var columns = (article.getAttribute("data-columns") || "").split(",");
  var key = "mentorkit:survey:" + location.pathname;
  var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-question]"));
  var byId = {};
  questions.forEach(function (q) { byId[q.getAttribute("data-question")] = q; });
  var summary = document.getElementById("survey-" + surveyId + "-errors");
  var status = form.querySelector("[data-survey-status]");
  var numeric = { likert: true, rating: true, nps: true, number: true };

  function controls(q) {
    return Array.prototype.slice.call(q.querySelectorAll("input, textarea, select"));
  }
  function isGroup(q) {
    var kind = q.getAttribute("data-kind");
    return kind !== "text" && kind !== "number" && kind !== "date";
  }
  // The answer to a question: a string, or a list of strings for multiple choice.
  function answer(q) {
    if (q.hasAttribute("data-multiple")) {
      return controls(q).filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
    }
    if (isGroup(q)) {
      var checked = controls(q).filter(function (c) { return c.checked; })[0];
      return checked ? checked.value : "";
    }
    var control = controls(q)[0];
    return control ? control.value : "";
  }
  function isEmpty(value) {
    return Array.isArray(value) ? value.length === 0 : String(value).trim() === "";
  }
  function applies(q) { return !q.hidden; }

  // show_if: conditions only refer to earlier questions, so one pass in order settles all.
  function updateVisibility() {
    questions.forEach(function (q) {
      var on = q.getAttribute("data-show-if");
      if (!on) { return; }
      var target = byId[on];
      var equals = q.getAttribute("data-equals");
      var value = target && applies(target) ? answer(target) : "";
      var holds = Array.isArray(value) ? value.indexOf(equals) !== -1 : value === equals;
      q.hidden = !holds;
      q.disabled = !holds;
      if (!holds) { setError(q, ""); }
    });
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }
  function save() {
    var answers = {};
    questions.forEach(function (q) {
      var value = answer(q);
      if (!isEmpty(value)) { answers[q.getAttribute("data-question")] = value; }
    });
    try {
      if (Object.keys(answers).length) { localStorage.setItem(key, JSON.stringify(answers)); } else { localStorage.removeItem(key); }
    } catch (e) { /* storage blocked: answers last until the page closes */ }
  }
  function restore(answers) {
    questions.forEach(function (q) {
      var value = answers[q.getAttribute("data-question")];
      if (value === undefined) { return; }
      controls(q).forEach(function (c) {
        if (c.type === "radio" || c.type === "checkbox") {
          c.checked = Array.isArray(value) ? value.indexOf(c.value) !== -1 : c.value === value;
        } else {
          c.value = value;
        }
      });
    });
  }

  function setError(q, message) {
    var error = document.getElementById(q.getAttribute("data-question") + "-error");
    if (error) { error.textContent = message; }
    q.classList.toggle("has-error", !!message);
    controls(q).forEach(function (c) {
      if (message) { c.setAttribute("aria-invalid", "true"); } else { c.removeAttribute("aria-invalid"); }
    });
  }
  function problem(q) {
    var value = answer(q);
    if (isEmpty(value)) {
      return q.hasAttribute("data-required") ? "Please answer this question." : "";
    }
    var control = controls(q)[0];
    if (!isGroup(q) && control && control.validity && !control.validity.valid) {
      if (q.getAttribute("data-kind") === "number") {
        var min = control.getAttribute("min"), max = control.getAttribute("max");
        if (min !== null && max !== null) { return "Enter a number from " + min + " to " + max + "."; }
        if (min !== null) { return "Enter a number of at least " + min + "."; }
        if (max !== null) { return "Enter a number of at most " + max + "."; }
        return "Enter a number.";
      }
      if (q.getAttribute("data-kind") === "date") { return "Enter a date as year, month and day."; }
      return control.validationMessage || "Please check this answer.";
    }
    return "";
  }
  function validate() {
    var failed = [];
    questions.forEach(function (q) {
      var message = applies(q) ? problem(q) : "";
      setError(q, message);
      if (message) { failed.push(q); }
    });
    if (summary) {
      summary.textContent = "";
      summary.hidden = failed.length === 0;
      if (failed.length) {
        var heading = document.createElement("p");
        heading.textContent = failed.length === 1 ? "One answer needs your attention:" : failed.length + " answers need your attention:";
        var list = document.createElement("ul");
        failed.forEach(function (q) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = "#" + q.id;
          var legend = q.querySelector("legend");
          link.textContent = (legend ? legend.textContent : q.id) + ": " + document.getElementById(q.getAttribute("data-question") + "-error").textContent;
          link.addEventListener("click", function (event) {
            event.preventDefault();
            var first = controls(q)[0];
            q.scrollIntoView({ block: "center" });
            if (first) { first.focus(); }
          });
          item.appendChild(link);
          list.appendChild(item);
        });
        summary.appendChild(heading);
        summary.appendChild(list);
        summary.focus();
      }
    }
    return failed.length === 0;
  }

  // One response as the columns of the CSV: submitted_at (respondent, department), then
  // question ids in order.
  function response() {
    var values = { submitted_at: new Date().toISOString() };
    columns.forEach(function (column) {
      if (column === "submitted_at") { return; }
      // A department handbook's form says which department it is in (a hidden field).
      if (column === "department" && !byId[column]) {
        values[column] = form.elements.department ? form.elements.department.value : "";
        return;
      }
      var q = byId[column];
      values[column] = q && applies(q) ? answer(q) : "";
    });
    return values;
  }
  // Typed answers that start like a formula get a leading apostrophe, so a spreadsheet shows
  // them as text instead of running them (CSV injection).
  function csvField(value, q) {
    var text = Array.isArray(value) ? value.join(";") : String(value);
    if (q && q.getAttribute("data-kind") === "text" && /^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return /[",\r\n]/.test(text) || text !== text.trim() ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  // The byte order mark makes Excel read the file as UTF-8 (accented names, dashes).
  function toCsv(values) {
    return "\uFEFF" + columns.join(",") + "\r\n" +
      columns.map(function (c) { return csvField(values[c], byId[c]); }).join(",") + "\r\n";
  }
  function toJson(values) {
    var out = {};
    columns.forEach(function (column) {
      var value = values[column];
      var q = byId[column];
      if (isEmpty(value)) { out[column] = null; }
      else if (q && numeric[q.getAttribute("data-kind")] && !isNaN(Number(value))) { out[column] = Number(value); }
      else { out[column] = value; }
    });
    return JSON.stringify(out, null, 2) + "\n";
  }
  function stamp(iso) {
    return iso.replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  }
  function saveFile(name, text, type) {
    var blob = new Blob([text], { type: type });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); link.remove(); }, 1000);
  }
  function downloadAs(format) {
    if (!validate()) { return; }
    var values = response();
    var name = surveyId + "-responses-" + stamp(values.submitted_at) + "." + format;
    if (format === "json") { saveFile(name, toJson(values), "application/json"); }
    else { saveFile(name, toCsv(values), "text/csv;charset=utf-8"); }
    if (status) {
      status.textContent = "Saved " + name + " to your downloads. Send it to the program coordinator. " +
        "Your answers are still kept in this browser: choose Clear answers when you are done.";
    }
  }

  form.noValidate = true;
  restore(load());
  updateVisibility();
  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
  function onChange(event) {
    updateVisibility();
    save();
    var q = event.target.closest && event.target.closest("fieldset[data-question]");
    if (q && q.classList.contains("has-error") && !problem(q)) { setError(q, ""); }
    if (status) { status.textContent = ""; }
  }
  form.addEventListener("submit", function (event) {
    if (download) {
      event.preventDefault();
      downloadAs("csv");
    } else if (!validate()) {
      event.preventDefault();
    } else {
      try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
    }
  });
  Array.prototype.forEach.call(form.querySelectorAll("[data-survey-download]"), function (button) {
    button.hidden = false;
    if (button.getAttribute("data-survey-download") === "json") {
      button.addEventListener("click", function () { downloadAs("json"); });
    }
  });
  var clear = form.querySelector("[data-survey-clear]");
  if (clear) {
    clear.hidden = false;
    clear.addEventListener("click", function () {
      form.reset();
      try { localStorage.removeItem(key); } catch (e) { /* nothing stored */ }
      questions.forEach(function (q) { setError(q, ""); });
      if (summary) { summary.hidden = true; summary.textContent = ""; }
      updateVisibility();
      if (status) { status.textContent = "Your answers have been cleared from this browser."; }
    });
  }
})();
