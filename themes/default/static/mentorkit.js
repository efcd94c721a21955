// mentorkit: small progressive enhancements. Every page works without this script.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
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
