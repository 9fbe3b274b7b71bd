// Progressive enhancement: clicking a marked statement opens its details beside the text.
// Without this file the links jump to the same details below the article (#s-<id>).
(function () {
  "use strict";
  var panel = document.getElementById("panel");
  if (!panel) { return; }
  function show(id) {
    var source = document.getElementById("s-" + id);
    if (!source) { return false; }
    while (panel.firstChild) { panel.removeChild(panel.firstChild); }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "×";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () { panel.hidden = true; });
    panel.appendChild(close);
    var copy = source.cloneNode(true);
    copy.removeAttribute("id");
    copy.className = "statement detail";
    panel.appendChild(copy);
    panel.hidden = false;
    var open = document.querySelectorAll(".statement.open");
    for (var i = 0; i < open.length; i++) { open[i].classList.remove("open"); }
    source.classList.add("open");
    return true;
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    while (target && target !== document && !(target.tagName === "A" && target.hasAttribute("data-s"))) {
      target = target.parentNode;
    }
    if (!target || target === document) { return; }
    if (show(target.getAttribute("data-s"))) { event.preventDefault(); }
  });
})();
