// The live preview's reload (make serve; macros/render/preview.py), as a file: the site's
// Content-Security-Policy runs no inline script, so MkDocs' own reload script, which it writes
// inline into each page, never ran. This is that script's logic (mkdocs/livereload/__init__.py):
// GET /livereload/<epoch>/<id> answers with the epoch of the newest site once it is newer than the
// page's (or after a minute with the same), and a newer one reloads the page. The page's epoch is
// the data-epoch of this script's element, written by the preview's server into every page.
(function () {
  "use strict";
  var epoch = Number(document.currentScript.dataset.epoch);
  var id = Math.floor(Math.random() * 1e15);  // the page's number in the server's log
  var request, timeout;

  function poll() {
    request = new XMLHttpRequest();
    request.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timeout = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    request.open("GET", "/livereload/" + epoch + "/" + id);
    request.send();
  }

  function stop() {
    if (request) {
      request.onloadend = null;
      request.abort();
    }
    clearTimeout(timeout);
    request = timeout = undefined;
  }

  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") {
      poll();
    }
  });
  document.addEventListener("visibilitychange", function () {
    stop();
    if (document.visibilityState === "visible") {
      poll();
    }
  });
  window.addEventListener("beforeunload", stop);
})();
