/* The matcher's progress page: every few seconds the page is fetched again and only #job-progress is swapped, in
   place of a meta refresh (which reloads the whole page under a screen reader's feet). The status line keeps its
   place in the page and role="status", so a changed message is announced; the progress bar just moves.
   Without this file the page still works: the "Opdatér" button fetches it by hand. */
(function () {
  "use strict";

  function update(current, fresh) {
    // The status line is the first child in every state; it stays the same element (a live region that is
    // replaced is often not read), only its text and look change. Everything after it is swapped.
    var status = current.querySelector("#job-status");
    var freshStatus = fresh.querySelector("#job-status");
    if (!status || !freshStatus) { return; }
    Array.prototype.slice.call(current.children).forEach(function (node) {
      if (node !== status) { node.remove(); }
    });
    Array.prototype.slice.call(fresh.children).forEach(function (node) {
      if (node.id !== "job-status") { current.appendChild(node); }
    });
    status.className = freshStatus.className;
    if (status.textContent !== freshStatus.textContent) { status.textContent = freshStatus.textContent; }
    if (!fresh.hasAttribute("data-running")) { current.removeAttribute("data-running"); }
    reveal(current);
  }

  function reveal(root) {
    root.querySelectorAll(".when-script").forEach(function (node) { node.hidden = false; });
  }

  function poll(region) {
    var seconds = Number(region.getAttribute("data-refresh-seconds")) || 2;
    window.setTimeout(function () {
      window.fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (text) {
          var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("job-progress");
          if (fresh) { update(region, fresh); }
          if (region.hasAttribute("data-running")) { poll(region); }
        })
        .catch(function () { poll(region); });  // a dropped connection: try again, the button still works
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var region = document.getElementById("job-progress");
    if (!region || !region.hasAttribute("data-running")) { return; }
    reveal(region);
    poll(region);
  });
})();
