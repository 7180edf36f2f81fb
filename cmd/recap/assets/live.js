// Reloads the preview page when its notes file is rebuilt, on the
// server-sent events from /events, and keeps the page where it was
// scrolled: the problems of a build hang over the page and never move it.
(function () {
  var header = document.querySelector("header[data-file]");
  if (!header) return;
  var file = header.getAttribute("data-file");
  var build = Number(header.getAttribute("data-build"));
  var key = "recap-scroll " + location.pathname;
  history.scrollRestoration = "manual";
  var saved = sessionStorage.getItem(key);
  if (saved) {
    sessionStorage.removeItem(key);
    var at = JSON.parse(saved);
    window.scrollTo(at[0], at[1]);
  }
  // The page is shown as it will stay: scrolled back, listening for the
  // next build. Tests wait for this, not for the title.
  document.documentElement.setAttribute("data-shown", String(build));
  var events = new EventSource("/events");
  events.addEventListener("build", function (e) {
    var msg = JSON.parse(e.data);
    if (msg.file !== file || msg.build <= build) return;
    sessionStorage.setItem(key, JSON.stringify([window.scrollX, window.scrollY]));
    location.reload();
  });
})();
