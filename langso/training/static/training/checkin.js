/* Làng Số card check-in: read a learner card's QR code with the phone's camera and submit its code.
   Uses the browser's own BarcodeDetector where it reads QR codes; otherwise loads, only when the
   mentor taps "Scan", the vendored barcode-detector ponyfill and its zxing .wasm from our static
   files (never a CDN). Typing the code always works without any of this.
   window.LangsoQR.detector(readerUrl, wasmUrl) is exposed so that other pages (and tests) share
   the same code path. */
(function () {
  "use strict";

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(null);
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      return formats.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    }).catch(function () { return null; });
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src; script.onload = resolve; script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function vendoredDetector(readerUrl, wasmUrl) {
    var ready = window.BarcodeDetectionAPI ? Promise.resolve() : loadScript(readerUrl);
    return ready.then(function () {
      var api = window.BarcodeDetectionAPI;
      api.prepareZXingModule({
        overrides: { locateFile: function (path, prefix) { return /\.wasm$/.test(path) ? wasmUrl : prefix + path; } }
      });
      return new api.BarcodeDetector({ formats: ["qr_code"] });
    });
  }

  function detector(readerUrl, wasmUrl) {
    return nativeDetector().then(function (found) { return found || vendoredDetector(readerUrl, wasmUrl); });
  }

  window.LangsoQR = { detector: detector };

  var form = document.getElementById("checkin-form"), button = document.getElementById("scan-card");
  var video = document.getElementById("scan-video"), status = document.getElementById("scan-status");
  if (!form || !button || !video || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  button.hidden = false;

  button.addEventListener("click", function () {
    button.disabled = true;
    Promise.all([
      detector(form.dataset.reader, form.dataset.wasm),
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
    ]).then(function (found) {
      var reader = found[0], stream = found[1];
      video.srcObject = stream; video.hidden = false; status.hidden = false; video.play();
      var look = function () {
        if (video.readyState < 2) return setTimeout(look, 150);
        reader.detect(video).then(function (codes) {
          if (!codes.length) return setTimeout(look, 150);
          stream.getTracks().forEach(function (track) { track.stop(); });
          form.elements.code.value = codes[0].rawValue;
          form.elements.method.value = "card";
          form.submit();
        }).catch(function () { setTimeout(look, 300); });
      };
      look();
    }).catch(function () {
      button.hidden = true; status.hidden = true; video.hidden = true;
      form.elements.code.focus();
    });
  });
})();
