// The projector view: every few seconds, fetch its live part again (rendered by the server
// from the same template as the first load) and put it in place. The fetched page is this
// site's own HTML, escaped by Jinja; it is parsed into nodes, never written as a string.
// Times are shown in the browser's own time zone (local_time.js). Without this script the
// page still shows its first load.
(function () {
  "use strict";

  const root = document.getElementById("projector-live");
  const PERIOD_MS = Number(root && root.dataset.period) || 4000;

  function localTimes(scope) {
    if (window.quizappLocalTimes) {
      window.quizappLocalTimes(scope);
    }
  }

  if (!root || !window.fetch || !window.DOMParser) {
    return;
  }

  function update() {
    fetch(root.dataset.liveUrl, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then((text) => {
        const parsed = new DOMParser().parseFromString(text, "text/html");
        localTimes(parsed.body);
        root.replaceChildren(...Array.from(parsed.body.childNodes));
      })
      .catch(() => {})
      .finally(() => {
        window.setTimeout(update, PERIOD_MS);
      });
  }

  window.setTimeout(update, PERIOD_MS);
})();
