/* Làng Số: recording a step's narration in the browser (MediaRecorder). The recording is put into
   the form's file field, so the same form sends it, with or without this script. */
(function () {
  "use strict";
  var form = document.querySelector(".recorder-form");
  if (!form || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) return;
  var box = form.querySelector(".recorder"), button = box.querySelector(".record-btn"),
    label = button.querySelector("span"), time = box.querySelector(".record-time"),
    playback = box.querySelector(".record-playback"), fileBox = form.querySelector(".record-file"),
    input = fileBox.querySelector("input[type=file]"), duration = form.querySelector("[name=duration_ms]"),
    maxMs = 1000 * Number(form.dataset.maxSeconds),
    types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"],
    type = types.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0] || "",
    recorder = null, started = 0, timer = null;

  box.hidden = false;
  fileBox.hidden = true;

  function clock(ms) {
    var s = Math.floor(ms / 1000);
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  function tick() {
    var ms = Date.now() - started;
    time.textContent = clock(ms) + " / " + clock(maxMs);
    if (ms >= maxMs) recorder.stop();
  }

  function keep(chunks, ms) {
    var mime = (recorder.mimeType || type || "audio/webm").split(";")[0],
      ext = mime.indexOf("ogg") > 0 ? "ogg" : mime.indexOf("mp4") > 0 ? "m4a" : "webm",
      blob = new Blob(chunks, { type: mime }), files = new DataTransfer();
    files.items.add(new File([blob], "narration." + ext, { type: mime }));
    input.files = files.files;
    duration.value = ms;
    playback.src = URL.createObjectURL(blob);
    playback.hidden = false;
  }

  button.addEventListener("click", function () {
    if (recorder && recorder.state === "recording") return recorder.stop();
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var chunks = [];
      recorder = new MediaRecorder(stream, type ? { mimeType: type, audioBitsPerSecond: 32000 } : {});
      recorder.ondataavailable = function (event) { chunks.push(event.data); };
      recorder.onstop = function () {
        clearInterval(timer);
        stream.getTracks().forEach(function (track) { track.stop(); });
        keep(chunks, Date.now() - started);
        label.textContent = button.dataset.labelAgain;
        button.setAttribute("aria-pressed", "false");
      };
      recorder.start();
      started = Date.now();
      timer = setInterval(tick, 250);
      label.textContent = button.dataset.labelStop;
      button.setAttribute("aria-pressed", "true");
      playback.hidden = true;
    }).catch(function () {
      box.querySelector(".record-denied").hidden = false;
      fileBox.hidden = false;
    });
  });
})();
