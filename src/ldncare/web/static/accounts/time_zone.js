// Fill a time-zone box with the browser's own zone while the person has not
// chosen one (the box still shows the server's default and the form was not
// sent back with an error). External file: the CSP allows no inline script.
(function () {
  "use strict";
  function fill() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!zone) { return; }
    var boxes = document.querySelectorAll("input[data-browser-time-zone]");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.form && box.form.hasAttribute("data-bound")) { continue; }
      if (box.value === box.defaultValue && box.value !== zone) {
        box.value = zone;
        box.setAttribute("data-filled-from-browser", zone);
      }
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
