/* Làng Số card check-in: read a learner card's QR code with the phone's camera (core/qr-reader.js)
   and submit its code as scanned; typing the code always works. */
(function () {
  "use strict";
  var form = document.getElementById("checkin-form"), status = document.getElementById("scan-status");
  if (!form || !window.LangsoQR) return;
  window.LangsoQR.scan({
    button: document.getElementById("scan-card"),
    video: document.getElementById("scan-video"),
    reader: form.dataset.reader,
    wasm: form.dataset.wasm,
    onStart: function () { status.hidden = false; },
    onCode: function (code) {
      form.elements.code.value = code;
      form.elements.method.value = "card";
      form.submit();
    },
    onFail: function () { status.hidden = true; form.elements.code.focus(); }
  });
})();
