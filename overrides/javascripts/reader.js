/* The reader's settings (ISSUE 16, 适老化): text size and high contrast, remembered on the device under
   the site's scope (javascripts/scope.js, __md_get/__md_set, as Material keeps its colour scheme).
   Loaded in <head>, after scope.js: the saved settings apply to <html> before the page is drawn; once
   the page is read, the bar (overrides/main.html, block announce) is shown and its buttons work. */
(function () {
  var SIZES = ["standard", "large", "larger"];
  var root = document.documentElement;

  function saved(name, allowed) {
    try {
      var value = __md_get(name);
      return allowed.indexOf(value) >= 0 ? value : allowed[0];
    } catch (error) {
      return allowed[0];
    }
  }

  function apply(size, contrast) {
    root.setAttribute("data-text-size", size);
    root.setAttribute("data-contrast", contrast);
  }

  apply(saved("__text_size", SIZES), saved("__contrast", ["normal", "high"]));

  document.addEventListener("DOMContentLoaded", function () {
    var bar = document.querySelector(".reader-tools");
    if (!bar) return;
    var sizes = bar.querySelectorAll("[data-text-size]");
    var contrast = bar.querySelector("[data-contrast-toggle]");

    function show() {
      var size = root.getAttribute("data-text-size");
      sizes.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-text-size") === size));
      });
      contrast.setAttribute("aria-pressed", String(root.getAttribute("data-contrast") === "high"));
    }

    sizes.forEach(function (button) {
      button.addEventListener("click", function () {
        var size = button.getAttribute("data-text-size");
        __md_set("__text_size", size);
        apply(size, root.getAttribute("data-contrast"));
        show();
      });
    });
    contrast.addEventListener("click", function () {
      var next = root.getAttribute("data-contrast") === "high" ? "normal" : "high";
      __md_set("__contrast", next);
      apply(root.getAttribute("data-text-size"), next);
      show();
    });
    show();
    bar.hidden = false;
  });
})();
