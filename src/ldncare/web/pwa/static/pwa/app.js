/* LDN Care in the browser: installs the service worker, queues the daily
 * check-in while the phone is offline and sends it when it is back online,
 * and turns push reminders on or off. Loaded from base.html with the page's
 * CSP nonce; no inline script anywhere. Everything works without it: the
 * check-in form posts normally, and the server saves one entry per filled
 * form (its hidden idempotency key), however often it is sent. */
(function () {
  "use strict";

  var QUEUE = "ldncare.checkin.queue";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () {});
  }

  // --- The offline check-in queue ---------------------------------------------

  function queued() {
    try {
      return JSON.parse(window.localStorage.getItem(QUEUE) || "[]");
    } catch (error) {
      return [];
    }
  }

  function keep(items) {
    if (items.length) window.localStorage.setItem(QUEUE, JSON.stringify(items));
    else window.localStorage.removeItem(QUEUE);
  }

  function say(text, state) {
    var box = document.getElementById("offline-status");
    if (!box) {
      box = document.createElement("p");
      box.id = "offline-status";
      box.className = "banner offline-status";
      box.setAttribute("role", "status");
      var main = document.querySelector("main") || document.body;
      main.insertBefore(box, main.firstChild);
    }
    box.textContent = text;
    box.setAttribute("data-state", state);
  }

  function queueCheckIn(form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") fields.push([name, value]);
    });
    var day = form.elements.day ? form.elements.day.value : "";
    var key = form.elements.idempotency_key ? form.elements.idempotency_key.value : "";
    // Sent again before it went out (a second tap, or a change to the answers):
    // the latest answers replace the queued ones, so one send carries them.
    var items = queued().filter(function (item) { return !key || item.key !== key; });
    items.push({action: form.action, fields: fields, day: day, key: key});
    keep(items);
    say("Queued — will be sent when you're online.", "queued");
  }

  function sendOne(item) {
    return fetch(item.action, {
      method: "POST", credentials: "same-origin",
      body: new URLSearchParams(item.fields),
    }).then(function (response) {
      var path = new URL(response.url, window.location.href).pathname;
      if (response.ok && path.indexOf("/accounts/login") === 0) return "log in";
      if (response.ok) return "sent";
      return response.status >= 500 ? "later" : "refused";
    }, function () {
      return "later";
    });
  }

  var sending = false;

  function sendQueued() {
    var items = queued();
    if (sending || !items.length || !navigator.onLine) return;
    sending = true;
    say("Sending your check-in…", "sending");
    var left = [], sent = [], refused = [], logIn = false;
    var chain = Promise.resolve();
    items.forEach(function (item) {
      chain = chain.then(function () {
        return sendOne(item).then(function (outcome) {
          if (outcome === "sent") sent.push(item.day);
          else if (outcome === "refused") refused.push(item.day);
          else {
            left.push(item);
            if (outcome === "log in") logIn = true;
          }
        });
      });
    });
    chain.then(function () {
      keep(left);
      sending = false;
      if (refused.length) {
        say("Your check-in for " + refused.join(", ") + " could not be saved " +
            "(it may have changed since). Please fill it in again.", "refused");
      } else if (logIn) {
        say("Please log in again to send your queued check-in; it is kept on this phone.", "queued");
      } else if (left.length) {
        say("Queued — will be sent when you're online.", "queued");
      } else {
        say("Sent — your check-in" + (sent.length > 1 ? "s are" : " is") + " saved.", "sent");
      }
    });
  }

  var form = document.getElementById("check-in");
  if (form) {
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;  // online: the ordinary post, errors beside the fields
      event.preventDefault();
      queueCheckIn(form);
    });
  }
  window.addEventListener("online", sendQueued);
  if (queued().length) {
    if (navigator.onLine) sendQueued();
    else say("Queued — will be sent when you're online.", "queued");
  }

  // Logging out forgets what this phone kept for the patient.
  var logout = document.querySelector("form[action$='/accounts/logout/']");
  if (logout) {
    logout.addEventListener("submit", function () {
      window.localStorage.removeItem(QUEUE);
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget");
      }
    });
  }

  // --- Push reminders (the settings page) -------------------------------------

  var panel = document.getElementById("push-device");
  if (!panel) return;
  var state = document.getElementById("push-state");
  var on = document.getElementById("push-on");
  var off = document.getElementById("push-off");
  var csrf = panel.getAttribute("data-csrf");

  function show(text, subscribed) {
    state.textContent = text;
    on.hidden = subscribed;
    off.hidden = !subscribed;
  }

  function decodeKey(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function post(url, data) {
    return fetch(url, {method: "POST", credentials: "same-origin",
                       headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
                       body: JSON.stringify(data)}).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) { throw new Error(body.error); },
                                    function () { throw new Error("The server refused it."); });
      }
      return response;
    });
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    show("This browser cannot show notifications from LDN Care. On an iPhone, add LDN Care " +
         "to your Home Screen first and open it from there.", false);
    on.hidden = true;
    return;
  }
  navigator.serviceWorker.ready.then(function (registration) {
    return registration.pushManager.getSubscription();
  }).then(function (subscription) {
    show(subscription ? "Notifications are on for this phone." :
                        "Notifications are off for this phone.", !!subscription);
  });

  on.addEventListener("click", function () {
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        show("Notifications are blocked for LDN Care in this browser's settings.", false);
        return null;
      }
      return navigator.serviceWorker.ready.then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: decodeKey(panel.getAttribute("data-key")),
        });
      }).then(function (subscription) {
        return post(panel.getAttribute("data-subscribe"), subscription.toJSON());
      }).then(function () {
        show("Notifications are on for this phone.", true);
      });
    }).catch(function (error) {
      show("Notifications could not be turned on: " + error.message, false);
    });
  });

  off.addEventListener("click", function () {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return null;
      return post(panel.getAttribute("data-unsubscribe"), {endpoint: subscription.endpoint})
        .then(function () { return subscription.unsubscribe(); });
    }).then(function () {
      show("Notifications are off for this phone.", false);
    }).catch(function (error) {
      show("Notifications could not be turned off: " + error.message, true);
    });
  });
}());
