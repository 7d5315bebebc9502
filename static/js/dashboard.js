// The live dashboard: reads the session's live.json every few seconds and redraws the two
// tables. The JSON holds the words too (a student's state, the session's state), worked out
// once in Python (domain/verdicts.py, domain/class_sessions.py); this only places them.
// Nicknames are typed by students, so every value goes in with textContent, never as HTML.
// Without this script the page still works, with its Refresh link.
(function () {
  "use strict";

  const PERIOD_MS = 4000;
  const root = document.getElementById("live");
  if (!root || !window.fetch) {
    return;
  }
  const part = (name) => root.querySelector('[data-live="' + name + '"]');

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function studentRow(student) {
    const row = element("tr");
    const name = element("th");
    name.scope = "row";
    const link = element("a", student.nickname);
    link.href = root.dataset.studentUrl + student.attempt_id; // the student's own page
    name.appendChild(link);
    row.appendChild(name);
    const progress = element("td");
    progress.appendChild(element("span", student.answered + " / " + student.total, "progress-text"));
    const bar = element("progress", student.answered + " of " + student.total);
    bar.max = student.total;
    bar.value = student.answered;
    progress.appendChild(document.createTextNode(" "));
    progress.appendChild(bar);
    row.appendChild(progress);
    row.appendChild(element("td", student.score + " / " + student.total));
    row.appendChild(element("td", student.state));
    return row;
  }

  function questionRow(question) {
    const row = element("tr");
    row.appendChild(element("td", String(question.number)));
    const prompt = element("th", question.prompt + " ");
    prompt.scope = "row";
    prompt.appendChild(element("span", "Answer: " + question.answer, "meta"));
    row.appendChild(prompt);
    row.appendChild(element("td", String(question.answered)));
    row.appendChild(element("td", question.correct_text));
    const wrong = element("ul", undefined, "wrong-list");
    question.wrong.forEach((choice) => {
      wrong.appendChild(element("li", choice.choice + ": " + choice.count));
    });
    const cell = element("td");
    cell.appendChild(wrong);
    row.appendChild(cell);
    return row;
  }

  function show(data) {
    const students = data.students.map(studentRow);
    if (students.length === 0) {
      const empty = element("tr", undefined, "empty");
      const cell = element("td", data.nobody_yet);
      cell.colSpan = 4;
      empty.appendChild(cell);
      students.push(empty);
    }
    part("students").replaceChildren(...students);
    part("questions").replaceChildren(...data.questions.map(questionRow));
    part("joined").textContent = String(data.students.length);
    part("state").textContent = data.state;
    const updated = element("time", data.as_of);
    updated.setAttribute("datetime", data.as_of_iso);
    updated.dataset.localTime = "time";
    part("updated").replaceChildren("Updated at ", updated);
    if (window.quizappLocalTimes) {
      window.quizappLocalTimes(part("updated"));
    }
  }

  function update() {
    fetch(root.dataset.liveUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(show)
      .catch(() => {
        part("updated").textContent = "Could not update; trying again. Use Refresh if it lasts.";
      })
      .finally(() => {
        window.setTimeout(update, PERIOD_MS);
      });
  }

  window.setTimeout(update, PERIOD_MS);
})();
