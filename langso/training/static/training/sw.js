/* Làng Số mentor's field screens: today, rosters, session check grids and skill-check pages open
   with no network (the last good copy, network first); static files come from the cache first.
   No other /training/ page is ever kept. A skill-check form posted while the network is down is
   kept in IndexedDB (the queue of field-offline.js) and sent later with the same client UUID. */
const VERSION = "__VERSION__";
const PREFIX = "training-field-"; // not "langso-": the learner's worker clears those
const CACHE = PREFIX + VERSION;
const PRECACHE = __PRECACHE__;
const LOGIN = __LOGIN__;
const FIELD = [
  /^\/training\/today\/$/,
  /^\/training\/sessions\/\d+\/$/,
  /^\/training\/sessions\/\d+\/checks\/$/,
  /^\/training\/checks\/\d+\/[\w-]+\/$/,
];
const CHECK = FIELD[3];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => Promise.all(PRECACHE.map((url) => cache.add(url).catch(() => null))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function forgetPages() {
  return caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX)).map((k) => caches.delete(k))));
}

// Only a page the server answered in full is kept: a redirect (to sign in, say) is not, and a
// redirect to sign in means whoever used these pages has left, so their pages are forgotten.
function networkFirst(request, event) {
  return fetch(request).then((response) => {
    if (response.redirected && new URL(response.url).pathname === LOGIN) {
      event.waitUntil(forgetPages());
    } else if (response.ok && !response.redirected && !/no-store/.test(response.headers.get("Cache-Control") || "")) {
      event.waitUntil(keep(request.url, response.clone()));
    }
    return response;
  }).catch((error) => caches.open(CACHE).then((cache) => cache.match(request.url)).then((hit) => {
    if (hit) return hit;
    throw error;
  }));
}

// The kept copy drops the one-time messages ("Try 2 recorded"): reopened offline, they would mislead.
function keep(url, response) {
  return response.text().then((html) => caches.open(CACHE).then((cache) => cache.put(url, new Response(
    html.replace(/<ul class="messages"[\s\S]*?<\/ul>/, ""),
    { headers: { "Content-Type": response.headers.get("Content-Type") || "text/html" } }
  ))));
}

function cacheFirst(request) {
  return caches.open(CACHE).then((cache) =>
    cache.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) cache.put(request, response.clone());
      return response;
    }))
  );
}

function queue(item) {
  return new Promise((ok, fail) => {
    const open = indexedDB.open("langso-training", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "client_uuid" });
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction("queue", "readwrite");
      tx.objectStore("queue").put(item);
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    };
  });
}

// A skill check posted while the phone believed it was online: if the network fails, the form is
// queued and the page opens again (from the cache), where field-offline.js shows it as saved.
function postCheck(request) {
  const copy = request.clone();
  return fetch(request).catch(() => copy.formData().then((form) => {
    const fields = [];
    form.forEach((value, name) => { if (name !== "csrfmiddlewaretoken") fields.push([name, value]); });
    const uuid = form.get("client_uuid");
    if (!uuid) throw new TypeError("no client UUID");
    return queue({ client_uuid: uuid, kind: "check", url: request.url, fields: fields, at: new Date().toISOString(), user: null })
      .then(() => Response.redirect(request.url, 303));
  }));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "forget") event.waitUntil(forgetPages());
  const url = data.type === "keep" && new URL(data.url, self.location.href);
  if (url && url.origin === self.location.origin && FIELD.some((re) => re.test(url.pathname))) {
    const page = typeof data.html === "string"
      ? keep(url.href, new Response(data.html, { headers: { "Content-Type": "text/html; charset=utf-8" } }))
      : networkFirst(new Request(url.href, { credentials: "same-origin" }), event);
    event.waitUntil(page.catch(() => null));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate" && CHECK.test(url.pathname)) {
    event.respondWith(postCheck(request));
  } else if (request.method !== "GET" || request.headers.get("HX-Request")) {
    return;
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (FIELD.some((re) => re.test(url.pathname))) {
    event.respondWith(networkFirst(request, event));
  }
});
