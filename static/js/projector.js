// The projector view: every few seconds, fetch its live part again (rendered by the server
// from the same template as the first load) and put it in place. The fetched page is this
// site's own HTML, escaped by Jinja; it is parsed into nodes, never written as a string.
// Times are shown in the browser's own time zone. Without this script the page still shows
// its first load.
(function () {
  "use strict";

  const PERIOD_MS = 4000;
  const root = document.getElementById("projector-live");

  function localTimes(scope) {
    scope.querySelectorAll("time[data-local-time]").forEach((node) => {
      const when = new Date(node.getAttribute("datetime"));
      if (!Number.isNaN(when.getTime())) {
        node.textContent = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
      }
    });
  }

  localTimes(document);
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
