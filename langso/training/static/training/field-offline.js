/* Làng Số mentor's field screens offline: registers the /training/ worker; a roster tap or a skill
   check made with no network is kept in IndexedDB, shown as saved on this phone, and sent when the
   network returns (the server keys each record by its client UUID: a resend never counts twice).
   Every word shown comes from the template (the data attributes of #field-offline). */
(function () {
  "use strict";
  // the page as the server sent it, before this script changes anything: the worker keeps this copy
  // of a page it did not serve itself, instead of fetching it a second time
  var served = "<!doctype html>\n" + document.documentElement.outerHTML;
  var box = document.getElementById("field-offline");
  if (!box || !window.indexedDB || !window.fetch) return;
  var say = box.dataset, user = say.user, failures = [], blocked = "", flushing = false, again = false, dirty = false;

  function db() {
    return new Promise(function (ok, fail) {
      var open = indexedDB.open("langso-training", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("queue", { keyPath: "client_uuid" }); };
      open.onsuccess = function () { ok(open.result); };
      open.onerror = function () { fail(open.error); };
    });
  }
  function store(mode, work) {
    return db().then(function (d) {
      return new Promise(function (ok, fail) {
        var tx = d.transaction("queue", mode), req = work(tx.objectStore("queue"));
        tx.oncomplete = function () { ok(req.result); };
        tx.onerror = function () { fail(tx.error); };
      });
    });
  }
  function put(item) { return store("readwrite", function (s) { return s.put(item); }); }
  function drop(item) { return store("readwrite", function (s) { return s.delete(item.client_uuid); }); }
  // A record made on this phone by someone else waits for them to sign in again; one queued by the
  // worker (a form posted as the network failed) belongs to whoever opens the page next.
  function mine() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (items) {
      return Promise.all(items.filter(function (i) { return i.user === null; }).map(function (i) {
        i.user = user; i.label = i.label || checkLabel(i.fields); return put(i);
      })).then(function () {
        return items.filter(function (i) { return i.user === user; }).sort(function (a, b) { return a.at < b.at ? -1 : 1; });
      });
    });
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }
  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = "";
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1) + ([3, 5, 7, 9].indexOf(i) >= 0 ? "-" : "");
    return h;
  }
  function field(fields, name) {
    for (var i = 0; i < fields.length; i++) if (fields[i][0] === name) return fields[i][1];
    return "";
  }
  function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }
  function here(url) { return new URL(url, location.href).pathname === location.pathname; }
  function el(tag, cls, words) { var e = document.createElement(tag); e.className = cls; e.textContent = words; return e; }

  /* What is waiting, on the page: the roster row, or the try in the list of tries. */
  // by person: a page opened from the cache was rendered with other client UUIDs
  function rowButton(item) {
    var person = field(item.fields, "mark").split(".")[0] + ".";
    return item.kind === "mark" && [].filter.call(document.querySelectorAll("button[name=mark]"), function (b) {
      return b.value.indexOf(person) === 0 && new URL(b.getAttribute("hx-post"), location.href).href === item.url;
    })[0];
  }
  function outcomeButton(fields) { return document.querySelector('button[name=outcome][value="' + field(fields, "outcome") + '"]'); }
  function checkLabel(fields) { return text(document.querySelector("h1")) + " · " + text(outcomeButton(fields)); }
  function showQueued(item) {
    var button = rowButton(item);
    if (button) {
      button.closest("li").classList.add("queued");
      button.disabled = true;
      var badge = button.querySelector(".badge");
      badge.textContent = say.saved; badge.classList.add("queued");
    } else if (item.kind === "check" && here(item.url) && !document.querySelector('[data-queued="' + item.client_uuid + '"]')) {
      var section = document.querySelector("section[aria-labelledby=tries-title]"), list = section && section.querySelector(".tries");
      if (!section) return;
      if (!list) { list = section.appendChild(el("ol", "list tries", "")); }
      var li = list.appendChild(el("li", "row queued", ""));
      li.dataset.queued = item.client_uuid;
      li.appendChild(el("b", "", text(outcomeButton(item.fields)) + " "));
      li.appendChild(el("span", "badge queued", say.saved));
      li.appendChild(el("span", "muted", " " + new Date(item.at).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" })));
      if (field(item.fields, "note")) li.appendChild(el("div", "", field(item.fields, "note")));
    }
  }
  function refresh() {
    return mine().then(function (items) {
      var lines = [];
      if (!navigator.onLine) lines.push(say.offline);
      if (items.length) lines.push(say.waiting.replace("{n}", items.length));
      if (blocked) lines.push(blocked);
      box.textContent = lines.join(" — ");
      if (failures.length) {
        var list = box.appendChild(el("ul", "", ""));
        failures.forEach(function (f) { list.appendChild(el("li", "bad", say.failed + ": " + f)); });
      }
      box.hidden = !lines.length && !failures.length;
      items.forEach(showQueued);
    }).catch(function () {});
  }

  function enqueue(kind, url, fields, label) {
    var uuid = kind === "mark" ? field(fields, "mark").split(".")[1] : field(fields, "client_uuid");
    var item = { client_uuid: uuid, kind: kind, url: new URL(url, location.href).href, fields: fields,
                 at: new Date().toISOString(), user: user, label: label };
    return put(item).then(refresh);
  }
  function queueMark(button) {
    enqueue("mark", button.getAttribute("hx-post"), [["mark", button.value]], text(button.querySelector("span").firstChild));
  }

  /* Sending: in the order made; a record the server refused for good is dropped and shown. */
  function send(item) {
    var headers = { "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": cookie("csrftoken") };
    if (item.kind === "mark") headers["HX-Request"] = "true";
    return fetch(item.url, { method: "POST", credentials: "same-origin", headers: headers, body: new URLSearchParams(item.fields) })
      .then(function (r) {
        if (r.redirected && new URL(r.url).pathname === say.login) { blocked = say.signIn; return false; }
        if (r.status >= 500 || r.status === 408 || r.status === 429) return true; // try again later
        return r.text().then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var ok = r.ok && !(item.kind === "mark" && r.redirected); // a refused tap goes back to the roster
          return drop(item).then(function () { (ok ? sent : failed)(item, page); return true; });
        });
      }, function () { return false; }); // still no network
  }
  function sent(item, page) {
    var button = rowButton(item), row = page.querySelector("li"), count = page.getElementById("present-count");
    if (button && row) {
      var li = button.closest("li");
      li.replaceWith(row);
      if (window.htmx) window.htmx.process(row);
      if (count && document.getElementById("present-count")) document.getElementById("present-count").textContent = count.textContent;
    } else if (item.kind === "check" && here(item.url) && page.querySelector("main")) {
      document.querySelector("main").innerHTML = page.querySelector("main").innerHTML;
      freshIdentity();
    }
  }
  function failed(item, page) {
    var reason = text(page.querySelector(".messages .error, .errorlist li, [role=alert] p, [role=alert]")) || say.refused;
    failures.push(item.label + " — " + reason);
    var button = rowButton(item), li = document.querySelector('[data-queued="' + item.client_uuid + '"]');
    if (button) {
      button.closest("li").classList.replace("queued", "failed");
      button.disabled = false;
      button.querySelector(".badge").textContent = say.failed;
    }
    if (li) { li.classList.replace("queued", "failed"); li.querySelector(".badge").textContent = say.failed; }
  }
  function flush() {
    if (flushing) { again = true; return; } // the network came back while a round was failing
    if (!navigator.onLine) return;
    flushing = true; again = false; blocked = "";
    mine().then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function (go) { return go && send(item); });
      }, Promise.resolve(true));
    }).catch(function () {}).then(function () { flushing = false; return again ? flush() : refresh(); });
  }

  /* A page opened from the worker's cache carries old identities and an old form token. */
  function freshIdentity() {
    document.querySelectorAll("form input[name=client_uuid]").forEach(function (input) { input.value = uuid4(); });
  }
  document.addEventListener("htmx:configRequest", function (event) {
    if (cookie("csrftoken")) event.detail.headers["X-CSRFToken"] = cookie("csrftoken");
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (navigator.onLine) return;
    event.preventDefault();
    if (event.detail.elt.name === "mark") queueMark(event.detail.elt); else noNetwork();
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt.name === "mark") queueMark(event.detail.elt); else noNetwork();
  });
  document.addEventListener("htmx:afterRequest", function (event) { if (event.detail.successful) dirty = true; });
  function noNetwork() { blocked = say.noNetwork; refresh(); }

  document.addEventListener("submit", function (event) {
    var form = event.target, token = cookie("csrftoken"), csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (token && csrf) csrf.value = token;
    if (/\/logout\/$/.test(form.action) && window.caches) {
      event.preventDefault(); // what this mentor saw is not left on the phone for the next person
      caches.keys().then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf("training-field-") === 0; }).map(function (k) { return caches.delete(k); }));
      }).catch(function () {}).then(function () { form.submit(); });
      return;
    }
    var uuid = form.querySelector("input[name=client_uuid]");
    if (!uuid || navigator.onLine) return;
    event.preventDefault();
    var fields = [];
    new FormData(form).forEach(function (value, name) { if (name !== "csrfmiddlewaretoken") fields.push([name, value]); });
    if (event.submitter && event.submitter.name) fields.push([event.submitter.name, event.submitter.value]);
    enqueue("check", form.action, fields, checkLabel(fields)).then(function () {
      uuid.value = uuid4();
      if (form.elements.note) form.elements.note.value = "";
    });
  });

  freshIdentity();
  window.addEventListener("online", flush);
  window.addEventListener("offline", refresh);
  refresh().then(flush);
  if (!("serviceWorker" in navigator)) return;
  var fromWorker = !!navigator.serviceWorker.controller;
  navigator.serviceWorker.register(say.sw, { scope: "/training/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    // a page fetched before the worker controlled it is not kept yet: ask the worker to keep it
    if (!fromWorker) registration.active.postMessage({ type: "keep", url: location.href, html: served });
  }).catch(function () {});
  // after taps online, the kept copy of this page is refreshed once, as the mentor leaves it
  document.addEventListener("visibilitychange", function () {
    var worker = navigator.serviceWorker.controller;
    if (document.visibilityState === "hidden" && dirty && worker && navigator.onLine) {
      dirty = false; worker.postMessage({ type: "keep", url: location.href });
    }
  });
})();
