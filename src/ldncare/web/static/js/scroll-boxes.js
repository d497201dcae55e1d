/* A box that scrolls sideways (a wide table or chart on a phone) must be
   reachable by keyboard (WCAG 2.1.1): while it overflows it gets a tab stop,
   so arrow keys scroll it. Without JavaScript it still scrolls by touch. */
(function () {
  "use strict";
  var BOXES = "main table, .table-scroll, .chart";

  function scrolls(box) {
    var overflow = window.getComputedStyle(box).overflowX;
    return (overflow === "auto" || overflow === "scroll") && box.scrollWidth > box.clientWidth + 1;
  }

  function mark() {
    document.querySelectorAll(BOXES).forEach(function (box) {
      if (scrolls(box)) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("data-scroll-box", "");
        }
      } else if (box.hasAttribute("data-scroll-box")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-box");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", mark);
  document.addEventListener("htmx:afterSettle", mark);
  window.addEventListener("resize", mark);
})();
