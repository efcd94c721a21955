// mentorkit: small progressive enhancements. Every page works without this script.
(function () {
  "use strict";
  var root = document.documentElement;

  // Dark mode: the button shows whether the page is dark (by the system setting or by the
  // reader's choice) and switches to the other scheme. The choice is kept in localStorage and
  // applied before the first paint by the script in <head>; choosing what the system already
  // says forgets the choice, so the page follows the system again.
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function systemScheme() { return darkQuery && darkQuery.matches ? "dark" : "light"; }
  function currentScheme() { return root.getAttribute("data-theme") || systemScheme(); }
  function remember(scheme) {
    try {
      if (scheme) { localStorage.setItem("mentorkit-theme", scheme); } else { localStorage.removeItem("mentorkit-theme"); }
    } catch (e) { /* storage refused: the choice lasts for this page only */ }
  }
  var themeButtons = document.querySelectorAll("[data-theme-toggle]");
  function showScheme() {
    themeButtons.forEach(function (button) {
      button.setAttribute("aria-pressed", currentScheme() === "dark" ? "true" : "false");
    });
  }
  var canSwitch = window.CSS && CSS.supports && CSS.supports("color", "light-dark(#000, #fff)");
  themeButtons.forEach(function (button) {
    if (!canSwitch) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var next = currentScheme() === "dark" ? "light" : "dark";
      if (next === systemScheme()) {
        root.removeAttribute("data-theme");
        remember(null);
      } else {
        root.setAttribute("data-theme", next);
        remember(next);
      }
      showScheme();
    });
  });
  if (darkQuery && darkQuery.addEventListener) { darkQuery.addEventListener("change", showScheme); }
  showScheme();

  // The phone menu: the button opens the navigation over the page (below the header, which
  // stays on top with the search box) and closes it again, as Escape does. While it is open
  // the page behind is inert, so Tab stays in the header and the menu. Without this script
  // the header's "Contents" link jumps to the same navigation.
  var menuButton = document.querySelector("[data-menu-button]");
  var nav = menuButton && document.getElementById(menuButton.getAttribute("aria-controls"));
  var header = menuButton && menuButton.closest("header");
  var phone = window.matchMedia ? window.matchMedia("(max-width: 48rem)") : null;
  function behind() {
    return document.querySelectorAll(".department-bar, #mk-main, .page-toc, .site-footer, .skip-link");
  }
  function setMenu(open, moveFocus) {
    root.classList.toggle("mk-menu-open", open);
    menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    behind().forEach(function (element) { element.inert = open; });
    if (open) {
      root.style.setProperty("--mk-header-height", header.getBoundingClientRect().height + "px");
      var here = nav.querySelector("a[aria-current='page']") || nav.querySelector("a");
      (here || nav).focus();
    } else {
      root.style.removeProperty("--mk-header-height");
      if (moveFocus) { menuButton.focus(); }
    }
  }
  function menuOpen() { return menuButton.getAttribute("aria-expanded") === "true"; }
  if (menuButton && nav && header) {
    menuButton.hidden = false;
    menuButton.addEventListener("click", function () { setMenu(!menuOpen(), true); });
    document.addEventListener("keydown", function (event) {
      // The search box's results close first (search.js takes that Escape).
      if (event.key === "Escape" && menuOpen() && !event.defaultPrevented) {
        event.preventDefault();
        setMenu(false, true);
      }
    });
    // A link followed inside the menu (perhaps to a heading of this page) closes it.
    nav.addEventListener("click", function (event) {
      if (event.target.closest("a") && menuOpen()) { setMenu(false, false); }
    });
    // On a wider screen the navigation is beside the page: no menu to keep open.
    if (phone && phone.addEventListener) {
      phone.addEventListener("change", function () { if (!phone.matches && menuOpen()) { setMenu(false, false); } });
    }
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // A training module's participant view hides the facilitator notes and guide, on screen and
  // on paper; the choice is remembered for every module.
  var VIEW_KEY = "mentorkit-participant-view";
  document.querySelectorAll("[data-view-toggle]").forEach(function (button) {
    var module = document.getElementById(button.getAttribute("aria-controls"));
    var note = document.querySelector("[data-view-note]");
    if (!module) { return; }
    function apply(participant) {
      // On the body, so the page's contents aside (the facilitator guide's headings) goes too.
      document.body.classList.toggle("participant-view", participant);
      button.setAttribute("aria-pressed", participant ? "true" : "false");
      if (note) { note.hidden = !participant; }
    }
    var stored = null;
    try { stored = window.localStorage.getItem(VIEW_KEY); } catch (e) { stored = null; }
    apply(stored === "1");
    button.hidden = false;
    button.addEventListener("click", function () {
      var participant = button.getAttribute("aria-pressed") !== "true";
      apply(participant);
      try { window.localStorage.setItem(VIEW_KEY, participant ? "1" : "0"); } catch (e) { /* private mode */ }
    });
  });

  // The left and right arrow keys go to the previous and next page, as in mdBook, unless the
  // reader is typing or a modifier key is held (the browser's own shortcuts).
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    var typing = target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName));
    if (typing) { return; }
    var rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
    var link = rel && document.querySelector(".prev-next a[rel=" + rel + "]");
    if (link) {
      event.preventDefault();
      window.location.href = link.href;
    }
  });
})();
