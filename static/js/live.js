// A student's page in a class the teacher leads: every 2 seconds, ask whether the class's
// stage changed (a conditional request: an unchanged stage is a 304 with no body) and reload
// when it did; count down a question's time when it has one. Without this script the waiting
// pages reload themselves (a meta refresh) and the Refresh link does the rest.
(function () {
  "use strict";

  const PERIOD_MS = 2000;
  const root = document.getElementById("live-student");
  if (!root || !window.fetch) {
    return;
  }
  const shown = root.dataset.stage;

  function poll() {
    fetch(root.dataset.stageUrl, {
      cache: "no-store",
      credentials: "same-origin",
      headers: { "If-None-Match": '"' + shown + '"' },
    })
      .then((response) => {
        if (response.status === 200) {
          return response.text().then((stage) => {
            if (stage !== shown) {
              window.location.reload();
            }
          });
        }
        return undefined;
      })
      .catch(() => {})
      .finally(() => {
        window.setTimeout(poll, PERIOD_MS);
      });
  }
  window.setTimeout(poll, PERIOD_MS);

  // Counted from the seconds the server gave, so a device whose clock is wrong counts right.
  const timer = root.querySelector("[data-seconds]");
  if (timer) {
    const deadline = Date.now() + Number(timer.dataset.seconds) * 1000;
    const left = timer.querySelector("[data-seconds-left]");
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      left.textContent = String(seconds);
      if (seconds === 0) {
        window.location.reload();
      } else {
        window.setTimeout(tick, 1000);
      }
    };
    tick();
  }
})();
