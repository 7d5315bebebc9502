// Times in the reader's own time zone: the server writes each time as
// <time datetime="…Z" data-local-time="time|datetime|date">…UTC</time>, and this script shows
// it in the browser's zone (the teacher's clock). Without it the page still shows UTC, and
// says so. Scripts that redraw part of a page call window.quizappLocalTimes(part).
(function () {
  "use strict";

  const STYLES = {
    time: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
    datetime: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" },
    date: { day: "numeric", month: "short", year: "numeric" },
  };

  function localTimes(scope) {
    scope.querySelectorAll("time[data-local-time]").forEach((node) => {
      const when = new Date(node.getAttribute("datetime"));
      const style = STYLES[node.dataset.localTime] || STYLES.datetime;
      if (!Number.isNaN(when.getTime())) {
        node.textContent = when.toLocaleString([], style);
        node.title = when.toUTCString();
      }
    });
  }

  window.quizappLocalTimes = localTimes;
  localTimes(document);
})();
