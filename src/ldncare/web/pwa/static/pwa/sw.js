/* LDN Care service worker, served at /sw.js (scope: the whole site).
 *
 * - Static files (CSS, scripts, icons) are cached as they are fetched, so the
 *   app opens without a network.
 * - The check-in page (/journal/) is fetched from the network first; its last
 *   copy is kept so the daily check-in can be filled offline (the page's own
 *   script queues the form and sends it when the phone is back online).
 * - Nothing else is cached: other pages may hold health data the patient did
 *   not ask to keep on the phone. Logging out clears the cache.
 * - Push reminders are shown as notifications; a tap opens the page they name.
 */
"use strict";

const VERSION = "ldncare-v1";
const STATIC_CACHE = VERSION + "-static";
const PAGE_CACHE = VERSION + "-pages";
const OFFLINE_PAGES = ["/journal/"];
const ICON = "__ICON__";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (!name.startsWith(VERSION)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "forget") {
    event.waitUntil(caches.delete(PAGE_CACHE));
  }
});

function offlinePage() {
  const html = "<!doctype html><html lang=en><meta charset=utf-8>" +
    "<meta name=viewport content='width=device-width, initial-scale=1'>" +
    "<title>Offline · LDN Care</title><body><main><h1>You are offline</h1>" +
    "<p>This page needs a connection. Your daily check-in works offline once " +
    "you have opened it online: <a href='/journal/'>open my journal</a>.</p></main></body></html>";
  return new Response(html, {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

async function pageFromNetworkFirst(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    // A redirect reaches us opaque (no URL): then the page asked for is the one named.
    const path = new URL(response.url || request.url).pathname;
    if (response.ok && !response.redirected && OFFLINE_PAGES.includes(path)) {
      await cache.put(request.url, response.clone());
    } else if (path.startsWith("/accounts/login")) {
      await caches.delete(PAGE_CACHE);  // logged out: keep nothing of theirs
    }
    return response;
  } catch (error) {
    return (await cache.match(request.url)) || offlinePage();
  }
}

async function staticCacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const found = await cache.match(request);
  if (found) return found;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticCacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(pageFromNetworkFirst(request));
  }
});

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {body: event.data ? event.data.text() : ""};
  }
  event.waitUntil(self.registration.showNotification(message.title || "LDN Care", {
    body: message.body || "",
    tag: message.tag || undefined,
    icon: ICON,
    badge: ICON,
    data: {url: message.url || "/"},
  }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/",
                         self.location.origin);
  if (target.origin !== self.location.origin) return;  // only ever open our own pages
  event.waitUntil((async () => {
    for (const client of await self.clients.matchAll({type: "window", includeUncontrolled: true})) {
      if (new URL(client.url).pathname === target.pathname && "focus" in client) {
        return client.focus();
      }
    }
    return self.clients.openWindow(target.href);
  })());
});
