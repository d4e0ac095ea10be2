/* Làng Số shared device: forget what the last resident left in the browser, and scan a learner
   card with the camera (core/qr-reader.js: the browser's own reader or the vendored one); typing
   the code always works. */
(function () {
  "use strict";
  try { localStorage.removeItem("langso-anon-attempts"); sessionStorage.clear(); } catch (e) { /* private mode */ }
  var form = document.getElementById("card-form");
  if (!form || !window.LangsoQR) return;
  window.LangsoQR.scan({
    button: document.getElementById("scan-card"),
    video: document.getElementById("scan-video"),
    reader: form.dataset.reader,
    wasm: form.dataset.wasm,
    onCode: function (code) {
      document.getElementById("kiosk-card").value = code;
      form.submit();
    }
  });
})();
