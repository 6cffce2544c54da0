// Chart tooltips and keyboard moves. Every bar or point of a chart is a mark: a link to the rows
// behind it, named by its <title> (the native tooltip without this script). With the script:
// hovering or focusing a mark shows its day, series and value in a tooltip; a chart is one tab
// stop (the current mark), arrow keys move between its marks, Home and End go to the ends,
// Escape closes the tooltip, Enter follows the link. Text is only ever set as text.
(function () {
  "use strict";

  function setup(figure) {
    var marks = Array.prototype.slice.call(figure.querySelectorAll(".mark"));
    if (!marks.length) return;
    var tip = document.createElement("div");
    tip.className = "tip";
    tip.setAttribute("aria-hidden", "true");
    tip.hidden = true;
    figure.appendChild(tip);
    var current = marks.findIndex(function (mark) { return mark.getAttribute("tabindex") === "0"; });
    if (current < 0) current = 0;

    // The <title> becomes the accessible name, so the browser's own tooltip does not double ours.
    marks.forEach(function (mark, index) {
      var title = mark.querySelector("title");
      mark.setAttribute("aria-label", title ? title.textContent : "");
      if (title) title.remove();
      mark.addEventListener("mouseenter", function () { show(mark); });
      mark.addEventListener("mouseleave", function () { if (document.activeElement !== mark) hide(); });
      mark.addEventListener("focus", function () { select(index, false); show(mark); });
      mark.addEventListener("blur", hide);
    });

    function show(mark) {
      tip.textContent = mark.getAttribute("aria-label");
      tip.hidden = false;
      var box = mark.getBoundingClientRect(), frame = figure.getBoundingClientRect();
      var width = tip.offsetWidth, height = tip.offsetHeight;
      var left = Math.min(Math.max(box.left - frame.left + box.width / 2 - width / 2, 0), frame.width - width);
      var top = box.top - frame.top - height - 6;
      tip.style.left = left + "px";
      tip.style.top = (top < 0 ? box.bottom - frame.top + 6 : top) + "px";
    }

    function hide() { tip.hidden = true; }

    function select(index, focus) {
      marks[current].setAttribute("tabindex", "-1");
      current = index;
      marks[current].setAttribute("tabindex", "0");
      if (focus) marks[current].focus();
    }

    figure.addEventListener("keydown", function (event) {
      if (!event.target.classList || !event.target.classList.contains("mark")) return;
      var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      var next = null;
      if (event.key in moves) next = Math.min(Math.max(current + moves[event.key], 0), marks.length - 1);
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = marks.length - 1;
      else if (event.key === "Escape") { hide(); event.preventDefault(); return; }
      if (next === null) return;
      event.preventDefault();
      select(next, true);
    });
  }

  document.querySelectorAll("figure.chart").forEach(setup);
})();
