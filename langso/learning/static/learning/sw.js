/* Làng Số service worker: lessons and their audio open with no network at all. */
const VERSION = "__VERSION__";
const CACHE = "langso-" + VERSION;
const STEP = /^\/learn\/[\w-]+\/[\w-]+\/\d+\/$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("langso-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function cacheFirst(request) {
  return caches.open(CACHE).then((cache) =>
    cache.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (isKeepable(response)) cache.put(request, response.clone());
      return response;
    }))
  );
}

// A page about one person (progress, certificates) says "no-store": it is never kept, so that on a
// shared device nothing of one resident is shown to the next, even offline.
function isKeepable(response) {
  return response.ok && !/no-store/.test(response.headers.get("Cache-Control") || "");
}

function networkFirst(request) {
  return fetch(request).then((response) => {
    if (isKeepable(response)) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  }).catch(() => caches.match(request).then((hit) => hit || caches.match("/learn/")));
}

// A page loaded before the worker took control asks for itself and what it uses to be kept.
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep") return;
  const urls = event.data.urls.filter((u) => new URL(u, self.location.href).origin === self.location.origin);
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all(urls.map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => null)))))
      .then(() => event.source && event.source.postMessage({ type: "kept", url: event.data.urls[0] }))
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/learn/audio/") || STEP.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.startsWith("/learn/") && !url.pathname.startsWith("/learn/api/")) {
    event.respondWith(networkFirst(request));
  }
});
