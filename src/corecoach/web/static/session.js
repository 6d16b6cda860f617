/* corecoach session player: hold/rest timers, set ticks, and the "this hurts" button.
 * Plain JavaScript, no dependencies. Everything it does is mirrored in the log form, which also
 * works without it (the player's extras are hidden until this script shows them). */
(function () {
  "use strict";

  var form = document.getElementById("session-form");
  if (!form) { return; }
  var running = null;

  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { return; }
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.25);
    } catch (e) { /* sound is a nicety */ }
    if (navigator.vibrate) { navigator.vibrate(200); }
  }

  /* Store the "this hurts" press at once (the log may never be sent); the form is the fallback. */
  function report(exerciseId, pain) {
    var token = form.querySelector("input[name=csrf_token]");
    if (!window.fetch || !token) { return; }
    var body = new URLSearchParams();
    body.append("csrf_token", token.value);
    body.append("exercise_id", exerciseId);
    body.append("pain_nrs", pain);
    window.fetch("/session/hurt", { method: "POST", body: body, credentials: "same-origin" }).catch(function () {});
  }

  function stopTimer() {
    if (!running) { return; }
    window.clearInterval(running.id);
    running.button.classList.remove("running");
    running.button.setAttribute("aria-pressed", "false");
    running = null;
  }

  function startTimer(button, seconds) {
    var card = button.closest(".exercise");
    var clock = card.querySelector(".clock");
    var wasThis = running && running.button === button;
    stopTimer();
    if (wasThis) { clock.textContent = ""; return; }
    var left = seconds;
    clock.classList.remove("done");
    clock.textContent = left + " s";
    button.classList.add("running");
    button.setAttribute("aria-pressed", "true");
    running = {
      button: button,
      id: window.setInterval(function () {
        left -= 1;
        if (left <= 0) {
          stopTimer();
          clock.textContent = clock.getAttribute("data-done");
          clock.classList.add("done");
          beep();
        } else {
          clock.textContent = left + " s";
        }
      }, 1000)
    };
  }

  function field(name) { return form.elements.namedItem(name); }

  function ticksDone(card) {
    var bySet = {};
    card.querySelectorAll(".set-tick").forEach(function (box) {
      var n = box.getAttribute("data-set");
      bySet[n] = (bySet[n] === undefined ? true : bySet[n]) && box.checked;
    });
    return Object.keys(bySet).filter(function (n) { return bySet[n]; }).length;
  }

  function anyTicked(card) {
    return Array.prototype.some.call(card.querySelectorAll(".set-tick"), function (b) { return b.checked; });
  }

  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  document.querySelectorAll(".exercise").forEach(function (card) {
    var key = card.getAttribute("data-key");

    card.querySelectorAll(".timer").forEach(function (button) {
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        startTimer(button, parseInt(button.getAttribute("data-seconds"), 10));
      });
    });

    card.querySelectorAll(".set-tick").forEach(function (box) {
      box.addEventListener("change", function () {
        var sets = field(key + ".sets");
        if (sets && anyTicked(card)) { sets.value = String(ticksDone(card)); }
        var rest = card.querySelector(".timer.rest");
        if (box.checked && rest && !(running && running.button === rest)) {
          startTimer(rest, parseInt(rest.getAttribute("data-seconds"), 10));
        }
      });
    });

    var open = card.querySelector(".hurt-open");
    var panel = card.querySelector(".hurt-panel");
    var message = card.querySelector(".stopped-msg");
    if (!open) { return; }
    open.addEventListener("click", function () { panel.hidden = !panel.hidden; });
    card.querySelectorAll(".pain").forEach(function (button) {
      button.addEventListener("click", function () {
        var pain = button.getAttribute("data-pain");
        stopTimer();
        var during = field(key + ".pain_during");
        if (during) { during.value = pain; }
        var stopped = field(key + ".stopped");
        if (stopped) { stopped.checked = true; }
        var done = field(key + ".done");
        if (done) { done.checked = true; }
        var clean = field(key + ".clean_form");
        if (clean) { clean.value = "no"; }
        var sets = field(key + ".sets");
        if (sets) { sets.value = String(ticksDone(card)); }
        card.classList.add("stopped");
        report(card.getAttribute("data-exercise"), pain);
        panel.hidden = true;
        open.hidden = true;
        var text = message.getAttribute("data-text").replace("{p}", pain);
        if (parseInt(pain, 10) > 5) { text += " " + message.getAttribute("data-regress"); }
        message.textContent = text;
        message.hidden = false;
      });
    });
  });
})();
