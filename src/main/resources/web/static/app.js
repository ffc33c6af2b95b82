// Progressive enhancement only: every page works without this file.
// 1. The browser's time zone, for dates on the pages (a cookie the server reads; UTC until set).
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("mailflow_tz=" + zone) < 0) {
      document.cookie = "mailflow_tz=" + zone + "; Path=/; SameSite=Strict; Max-Age=31536000";
    }
  } catch (e) { /* no Intl: dates stay in UTC */ }
})();
// 2. A button with data-confirm asks before it submits (deletions).
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button[data-confirm]") : null;
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopPropagation();
  }
}, true);
