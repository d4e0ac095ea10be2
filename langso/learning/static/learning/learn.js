/* Làng Số learner pages, one file (a lesson step stays within 5 requests): the offline indicator,
   practice feedback, attempts queued in IndexedDB until the network returns (each sent once: the
   server keys them by their client UUID), and below, the "Nghe" (listen) button. */
(function () {
  "use strict";
  var data = document.body.dataset, ANON = "langso-anon-attempts";
  function csrf() { var m = document.querySelector('meta[name="csrf-token"]'); return m ? m.content : ""; }
  function db() {
    return new Promise(function (ok, fail) {
      var open = indexedDB.open("langso", 1);
      open.onupgradeneeded = function () { open.result.createObjectStore("attempts", { keyPath: "client_uuid" }); };
      open.onsuccess = function () { ok(open.result); };
      open.onerror = function () { fail(open.error); };
    });
  }
  function store(mode, work) {
    return db().then(function (d) {
      return new Promise(function (ok, fail) {
        var tx = d.transaction("attempts", mode), req = work(tx.objectStore("attempts"));
        tx.oncomplete = function () { ok(req && req.result); };
        tx.onerror = function () { fail(tx.error); };
      });
    });
  }
  function queue(attempt) { return store("readwrite", function (s) { return s.put(attempt); }); }
  var flushing = false;
  function flush() {
    if (!data.learner || !navigator.onLine || flushing || !window.indexedDB) return;
    flushing = true;
    store("readonly", function (s) { return s.getAll(); }).then(function (attempts) {
      return attempts.reduce(function (chain, attempt) {
        return chain.then(function () {
          return fetch(data.attemptApi, {
            method: "POST", credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
            body: JSON.stringify(attempt)
          }).then(function (r) {
            if (r.ok || r.status === 400) return store("readwrite", function (s) { return s.delete(attempt.client_uuid); });
          });
        });
      }, Promise.resolve());
    }).catch(function () {}).then(function () { flushing = false; });
  }
  function anon() { try { return JSON.parse(localStorage.getItem(ANON) || "[]"); } catch (e) { return []; } }
  function mergeAnonymousProgress() {
    var list = anon();
    if (!data.learner || !list.length || !window.indexedDB) return Promise.resolve();
    return Promise.all(list.map(queue)).then(function () { localStorage.removeItem(ANON); });
  }
  function keepAnonymous(attempt) {
    var list = anon().filter(function (a) { return a.client_uuid !== attempt.client_uuid; });
    list.push(attempt); localStorage.setItem(ANON, JSON.stringify(list));
  }
  function markLocalProgress() {
    var mastered = {};
    anon().forEach(function (a) { if (a.passed) mastered[a.skill] = true; });
    document.querySelectorAll("[data-skill]").forEach(function (el) {
      if (mastered[el.dataset.skill] && !el.querySelector(".ok")) {
        var s = el.querySelector(".skill-status"); if (s) s.textContent = "✓ " + s.textContent;
      }
    });
  }
  function answerOf(fieldset) {
    var code = fieldset.dataset.code;
    if (fieldset.dataset.kind === "order") {
      var chosen = [].map.call(fieldset.querySelectorAll("select"), function (s) {
        return { index: +s.name.split("-").pop(), position: +s.value };
      });
      if (chosen.some(function (c) { return !c.position; })) return null;
      return chosen.sort(function (a, b) { return a.position - b.position; }).map(function (c) { return c.index; });
    }
    var checked = fieldset.querySelector("input[name='q-" + code + "']:checked");
    return checked ? +checked.value : null;
  }
  function isRight(fieldset, given) {
    if (fieldset.dataset.kind === "order") return given.every(function (v, i) { return v === i; });
    return given === +fieldset.dataset.answer;
  }
  function enhancePractice(form) {
    // one question per screen: the next appears once this one is answered and explained
    var verdicts = document.getElementById("verdicts").content, sets = [].slice.call(form.querySelectorAll("fieldset.question"));
    var submit = form.querySelector("button[type=submit]");
    sets.forEach(function (f, i) { f.hidden = i > 0; });
    submit.hidden = sets.length > 1;
    form.addEventListener("change", function (event) {
      var fieldset = event.target.closest("fieldset"), given = answerOf(fieldset);
      if (given === null) return;
      var right = isRight(fieldset, given), feedback = fieldset.querySelector(".feedback");
      feedback.querySelector(".verdict").textContent = verdicts.querySelector(right ? "[data-right]" : "[data-wrong]").textContent;
      fieldset.classList.toggle("is-wrong", !right);
      feedback.hidden = false;
      var index = sets.indexOf(fieldset);
      if (index === sets.length - 1) { submit.hidden = false; return; }
      if (!fieldset.querySelector(".next-question")) {
        var next = document.createElement("button");
        next.type = "button"; next.className = "next-question primary";
        next.textContent = verdicts.querySelector("[data-next]").textContent;
        next.addEventListener("click", function () {
          fieldset.hidden = true; sets[index + 1].hidden = false; sets[index + 1].scrollIntoView();
        });
        feedback.appendChild(next);
      }
    });
    form.addEventListener("submit", function (event) {
      if (navigator.onLine) return;
      event.preventDefault();
      var answers = {}, correct = 0, sets = form.querySelectorAll("fieldset.question");
      sets.forEach(function (f) { var g = answerOf(f); answers[f.dataset.code] = g; if (g !== null && isRight(f, g)) correct++; });
      var attempt = { client_uuid: form.client_uuid.value, skill: form.dataset.skill, answers: answers,
                      taken_at: new Date().toISOString(), passed: correct >= 0.8 * sets.length };
      (data.learner ? queue(attempt) : Promise.resolve(keepAnonymous(attempt))).then(function () {
        form.innerHTML = "<p class='card' role='status'><b>" + correct + "/" + sets.length + "</b></p>";
      });
    });
  }
  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }
  // A lesson kept for offline may carry another language (text or narration) or an old form
  // token: refresh them.
  var chosen = cookie("langso_language"), listening = cookie("langso_narration");
  var stale = (chosen && chosen !== document.documentElement.lang) || (listening && listening !== data.narration);
  if (data.keep && stale && navigator.onLine) {
    caches.keys().then(function (keys) {
      return Promise.all(keys.map(function (k) { return caches.open(k).then(function (c) { return c.delete(location.href); }); }));
    }).then(function () { location.reload(); });
  }
  document.addEventListener("submit", function (event) {
    var token = cookie("csrftoken"), field = event.target.querySelector("input[name=csrfmiddlewaretoken]");
    if (token && field) field.value = token;
  }, true);
  var local = document.getElementById("local-attempt");
  if (local) keepAnonymous(JSON.parse(local.textContent));
  var practice = document.getElementById("practice");
  if (practice) {
    // a practice page served from the cache must not reuse an earlier attempt's identity
    if (window.crypto && crypto.randomUUID) practice.client_uuid.value = crypto.randomUUID();
    enhancePractice(practice);
  }
  markLocalProgress();
  mergeAnonymousProgress().then(flush);
  window.addEventListener("online", flush);
  if ("serviceWorker" in navigator && data.sw) {
    var status = document.getElementById("offline-status");
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "kept" && status) status.hidden = false;
    });
    navigator.serviceWorker.register(data.sw, { scope: "/learn/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = [location.href].concat([].map.call(
        document.querySelectorAll("link[rel=stylesheet],script[src],img[src],[data-audio]"),
        function (el) { return el.href || el.src || el.dataset.audio; }));
      var sprite = document.querySelector("use[href]");
      if (sprite) urls.push(new URL(sprite.getAttribute("href").split("#")[0], location.href).href);
      if (data.keep) registration.active.postMessage({ type: "keep", urls: urls });
    }).catch(function () {});
  }
})();

/* Làng Số: the "Nghe" (listen) button. Plays the step's narration file; without one (or when it
   cannot load), the browser's own speech synthesis reads the step's text in the right language. */
(function () {
  "use strict";
  if (window.langsoListen) return;
  window.langsoListen = true;
  var synth = window.speechSynthesis, audio = null, active = null;

  function voiceFor(lang) {
    var voices = synth.getVoices();
    if (!voices.length) return true; // not loaded yet: let the browser choose
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang.toLowerCase().replace("_", "-").indexOf(lang) === 0) return voices[i];
    }
    return null;
  }

  function stop() {
    if (audio) { audio.pause(); audio = null; }
    if (synth) synth.cancel();
    if (active) active.setAttribute("aria-pressed", "false");
    active = null;
  }

  function speak(button) {
    var lang = button.dataset.speechLang, voice = synth && voiceFor(lang);
    if (!voice) {
      button.parentNode.querySelector(".listen-note").hidden = false;
      stop();
      return;
    }
    var words = new SpeechSynthesisUtterance(button.dataset.speechText);
    words.lang = lang;
    if (voice !== true) words.voice = voice;
    words.rate = 0.85; // slower, for elderly listeners
    words.onend = stop;
    synth.speak(words);
  }

  function play(button) {
    stop();
    active = button;
    button.setAttribute("aria-pressed", "true");
    if (!button.dataset.audio) return speak(button);
    audio = new Audio(button.dataset.audio);
    audio.onended = stop;
    audio.play().catch(function () { if (active === button) speak(button); });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".listen-btn");
    if (!button) return;
    event.preventDefault();
    if (active === button) stop(); else play(button);
  });

  if (synth) {
    document.querySelectorAll(".listen-btn[hidden]").forEach(function (button) { button.hidden = false; });
  }
})();
