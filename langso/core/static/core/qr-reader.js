/* Làng Số QR reader, shared by the mentor's card check-in and the shared device's card scan.
   Uses the browser's own BarcodeDetector where it reads QR codes; otherwise loads, only when the
   user taps "Scan", the vendored barcode-detector ponyfill and its zxing .wasm from our static
   files (never a CDN: see vendor/qr/README.txt). Typing the card code always works without this.
   LangsoQR.scan({button, video, reader, wasm, onCode, onStart, onFail}) shows the button (when the
   phone has a camera) and, on a tap, films until a code is read, then calls onCode(text). */
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

  function scan(options) {
    var button = options.button, video = options.video;
    if (!button || !video || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return false;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      Promise.all([
        detector(options.reader, options.wasm),
        navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      ]).then(function (found) {
        var reader = found[0], stream = found[1];
        video.srcObject = stream; video.hidden = false; video.play();
        if (options.onStart) options.onStart();
        var look = function () {
          if (video.readyState < 2) return setTimeout(look, 150);
          reader.detect(video).then(function (codes) {
            if (!codes.length) return setTimeout(look, 150);
            stream.getTracks().forEach(function (track) { track.stop(); });
            options.onCode(codes[0].rawValue);
          }).catch(function () { setTimeout(look, 300); });
        };
        look();
      }).catch(function () {
        button.hidden = true; video.hidden = true;
        if (options.onFail) options.onFail();
      });
    });
    return true;
  }

  window.LangsoQR = { detector: detector, scan: scan };
})();
