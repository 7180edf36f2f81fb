// Reloads the preview page when its notes file is rebuilt, on the
// server-sent events from /events.
(function () {
  var header = document.querySelector("header[data-file]");
  if (!header) return;
  var file = header.getAttribute("data-file");
  var build = Number(header.getAttribute("data-build"));
  var events = new EventSource("/events");
  events.addEventListener("build", function (e) {
    var msg = JSON.parse(e.data);
    if (msg.file === file && msg.build > build) location.reload();
  });
})();
