// Small progressive enhancements; every form also works without JavaScript.
(function () {
  "use strict";
  // Quick replies: fill the reply box with the chosen text, ready to edit.
  document.querySelectorAll("[data-fill]").forEach(function (button) {
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-fill"));
      if (!box) { return; }
      box.value = button.getAttribute("data-text");
      box.focus();
    });
  });
  // Ask before actions that tell the resident something final or remove something.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // One submit per click: phones on slow networks invite a second tap.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; }
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  });
})();
// A page shown again from the back/forward cache must accept its forms again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sent]").forEach(function (form) { delete form.dataset.sent; });
});
