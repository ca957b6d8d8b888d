// The Studio's little JavaScript: chapters, live prediction, build progress, word selection.
// Shipped with the package: the Studio works with no internet.
(function () {
  "use strict";
  const player = document.getElementById("player");
  if (player) {
    document.querySelectorAll("button.play").forEach(function (button) {
      button.addEventListener("click", function () {
        player.currentTime = parseFloat(button.dataset.start);
        player.play();
      });
    });
    const rows = Array.from(document.querySelectorAll("tr.chapter"));
    player.addEventListener("timeupdate", function () {
      let current = null;
      rows.forEach(function (row) { if (parseFloat(row.dataset.start) <= player.currentTime + 0.05) current = row; });
      rows.forEach(function (row) { row.classList.toggle("playing", row === current); });
    });
  }

  const form = document.getElementById("month-form");
  const predict = document.getElementById("predict");
  if (form && predict) {
    let timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(predict.dataset.url, {method: "POST", body: new FormData(form), credentials: "same-origin"})
          .then(function (r) { return r.json(); })
          .then(function (answer) {
            const state = document.getElementById("predict-state");
            if (answer.error) { state.textContent = answer.error; state.className = "bad"; return; }
            document.getElementById("predicted").textContent = answer.clock;
            state.textContent = answer.in_window ? predict.dataset.ok || "✓" : predict.dataset.bad || "✗";
            state.className = answer.in_window ? "ok" : "bad";
          })
          .catch(function () {});
      }, 600);
    });
  }

  // A segment spoken afresh (a fixed word, a changed paragraph) can be heard at once, while the
  // rest of the programme is still spoken, levelled and joined.
  const showChanged = function (ids) {
    const box = document.getElementById("changed");
    const list = document.getElementById("changed-segments");
    ids.forEach(function (id) {
      if (list.querySelector('li[data-segment="' + CSS.escape(id) + '"]')) { return; }
      const li = document.createElement("li");
      li.dataset.segment = id;
      li.textContent = id + " ";
      const player = document.createElement("audio");
      player.controls = true;
      player.preload = "none";
      player.src = box.dataset.audio + encodeURIComponent(id);
      li.appendChild(player);
      list.appendChild(li);
    });
    if (ids.length) { box.hidden = false; }
  };

  const progress = document.getElementById("progress");
  if (progress && progress.dataset.running === "yes") {
    const poll = function () {
      fetch(progress.dataset.url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (job) {
        const bar = document.getElementById("progress-bar");
        if (job.total) { bar.max = job.total; bar.value = job.done; document.getElementById("progress-count").textContent = job.done + "/" + job.total; }
        const log = document.getElementById("progress-log");
        log.innerHTML = "";
        job.messages.forEach(function (m) { const li = document.createElement("li"); li.textContent = m; log.appendChild(li); });
        showChanged(job.changed || []);
        if (job.finished) { window.location.reload(); return; }
        setTimeout(poll, 500);
      }).catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 500);
  }

  const written = document.getElementById("lexicon-written");
  if (written) {
    document.querySelectorAll("td.text").forEach(function (cell) {
      cell.addEventListener("mouseup", function () {
        const chosen = String(window.getSelection()).trim();
        if (chosen && chosen.length <= 80) { written.value = chosen; }
      });
    });
  }

  // A copy button copies the text of the element named by data-copy (the public key, a summary to
  // paste): the Clipboard API where the page is trusted, else select-and-copy. "Copied" shows in the
  // button's .copied neighbour when it has one, else on the button itself.
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      const source = document.getElementById(button.dataset.copy);
      const field = source.value !== undefined;
      const text = field ? source.value : source.textContent.trim();
      const status = button.parentElement.querySelector(".copied");
      const done = function () {
        const word = button.dataset.done || "✓";
        if (status) { status.textContent = word; } else { button.textContent = word; }
      };
      const fallback = function () {
        if (field) {
          source.select();
        } else {
          const range = document.createRange();
          range.selectNodeContents(source);
          window.getSelection().removeAllRanges();
          window.getSelection().addRange(range);
        }
        try { if (document.execCommand("copy")) done(); } catch (e) { /* selected: Ctrl+C copies */ }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
  });

  document.querySelectorAll("button[data-print], button.print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  document.querySelectorAll("form[data-confirm]").forEach(function (f) {
    f.addEventListener("submit", function (event) { if (!window.confirm(f.dataset.confirm)) event.preventDefault(); });
  });
})();

