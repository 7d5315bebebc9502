// The new-quiz form: while "the best questions" is chosen, the tick list does not count, so it
// is disabled (and greyed) until the teacher chooses to pick by hand. Without this script the
// list stays usable and its legend says when it counts.
(function () {
  "use strict";

  const list = document.getElementById("pick-list");
  const options = document.querySelectorAll('input[name="selection"]');
  if (!list || options.length === 0) {
    return;
  }

  function update() {
    const picked = document.querySelector('input[name="selection"]:checked');
    list.disabled = !picked || picked.value !== "picked";
  }

  options.forEach((option) => option.addEventListener("change", update));
  update();
})();
