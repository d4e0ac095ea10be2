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
