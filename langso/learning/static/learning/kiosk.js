/* Làng Số shared device: forget what the last resident left in the browser, and scan a learner
   card with the camera where the browser can read QR codes itself (BarcodeDetector); typing the
   code always works. */
(function () {
  "use strict";
  try { localStorage.removeItem("langso-anon-attempts"); sessionStorage.clear(); } catch (e) { /* private mode */ }
  var button = document.getElementById("scan-card"), video = document.getElementById("scan-video");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream; video.hidden = false; video.play();
      var look = function () {
        detector.detect(video).then(function (codes) {
          if (!codes.length) return requestAnimationFrame(look);
          stream.getTracks().forEach(function (t) { t.stop(); });
          document.getElementById("kiosk-card").value = codes[0].rawValue;
          document.getElementById("card-form").submit();
        }).catch(function () { requestAnimationFrame(look); });
      };
      look();
    }).catch(function () { button.hidden = true; });
  });
})();
