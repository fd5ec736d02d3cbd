/* The fair's progressive enhancements: read-aloud with the browser's speech synthesis, and a print button.
   Everything works without this file; the buttons stay hidden when it does not run or is not supported. */
(function () {
  "use strict";

  function readAloud(button) {
    var synth = window.speechSynthesis;
    var label = button.querySelector("span");
    var startLabel = label ? label.textContent : "";
    button.addEventListener("click", function () {
      if (synth.speaking) {
        synth.cancel();
        return;
      }
      var target = document.getElementById(button.getAttribute("data-read-aloud"));
      if (!target) { return; }
      var clone = target.cloneNode(true);
      clone.querySelectorAll("form, script, .fair-tools, .visually-hidden").forEach(function (node) { node.remove(); });
      var utterance = new SpeechSynthesisUtterance(clone.textContent.replace(/\s+/g, " ").trim());
      utterance.lang = button.getAttribute("data-lang") || document.documentElement.lang;
      utterance.rate = 0.9;
      utterance.onend = utterance.onerror = function () {
        button.setAttribute("aria-pressed", "false");
        if (label) { label.textContent = startLabel; }
      };
      button.setAttribute("aria-pressed", "true");
      if (label) { label.textContent = button.getAttribute("data-stop-label") || startLabel; }
      synth.speak(utterance);
    });
    button.setAttribute("aria-pressed", "false");
    button.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
      document.querySelectorAll("[data-read-aloud]").forEach(readAloud);
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
      button.hidden = false;
    });
  });
}());
