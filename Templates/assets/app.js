// The "Run backfill" button. It only appears when the page is served by `telemetry-site serve`
// and the visitor is logged in: the CSRF token comes from the server at run time, never from
// the static files. Opened from disk or a plain static host, the section stays hidden.
(function () {
  "use strict";
  var section = document.getElementById("backfill");
  var button = document.getElementById("run-backfill");
  var status = document.getElementById("backfill-status");
  if (!section || !button || !status) return;
  if (location.protocol !== "http:" && location.protocol !== "https:") return;

  function show(text) { status.textContent = text; }

  // 12345 → "12,345", as the pages write counts.
  function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }

  fetch("/api/session", { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (session) {
      if (!session || !session.csrf) return;
      section.hidden = false;
      button.addEventListener("click", function () {
        button.disabled = true;
        show("Running backfill…");
        fetch("/api/automated-signals/telemetry/backfill", {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": session.csrf },
          body: JSON.stringify({ limit: 5000 })
        })
          .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
          .then(function (result) {
            var body = result.body || {};
            if (!result.ok || !body.success) {
              show("Backfill failed: " + (body.error || "unknown error"));
              button.disabled = false;
              return;
            }
            show("Scanned " + grouped(body.scanned) + ", inserted " + grouped(body.inserted) + ", skipped " +
                 grouped(body.skipped) + (body.failed ? ", failed " + grouped(body.failed) : "") + ". Reloading…");
            setTimeout(function () { location.reload(); }, 1200);
          })
          .catch(function () {
            show("The server is unavailable.");
            button.disabled = false;
          });
      });
    })
    .catch(function () { /* plain static host: no server API, keep the button hidden */ });
})();
