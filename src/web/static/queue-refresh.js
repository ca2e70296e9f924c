// Keeps the staff consultation queue fresh: every so often, fetch the same address with
// format=fragment and put the new rows in the table. Progressive enhancement: without
// JavaScript the page and its filters work as they are, and a reload shows the latest list.
// Nothing is fetched while the tab is hidden, nor while the keyboard focus is inside the table
// (replacing the rows would throw the focus away).
(function () {
  'use strict';
  var table = document.querySelector('table[data-queue-refresh]');
  if (!table || !window.fetch || !window.URL) return;
  var body = table.querySelector('tbody');
  var stamp = document.getElementById('queue-updated');
  var seconds = Number(table.getAttribute('data-queue-refresh'));
  var interval = (seconds >= 30 && seconds <= 60 ? seconds : 45) * 1000;
  var timer = 0;
  var busy = false;
  var stopped = false;

  function schedule() {
    clearTimeout(timer);
    if (!stopped && !document.hidden) timer = setTimeout(refresh, interval);
  }

  function say(text) {
    if (stamp) stamp.textContent = text;
  }

  function refresh() {
    if (busy || stopped || document.hidden) return;
    if (body.contains(document.activeElement)) { schedule(); return; }
    busy = true;
    var url = new URL(window.location.href);
    url.searchParams.set('format', 'fragment');
    fetch(url.toString(), { credentials: 'same-origin', headers: { Accept: 'text/html' }, cache: 'no-store' })
      .then(function (response) {
        // A redirect means the session ended: the sign-in page is not a list of rows.
        if (response.redirected || !response.ok) throw new Error(response.redirected ? 'signed-out' : 'failed');
        return response.text();
      })
      .then(function (rows) {
        body.innerHTML = rows;
        say('Updated at ' + new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }) + ' (your time).');
      })
      .catch(function (error) {
        if (error && error.message === 'signed-out') {
          stopped = true;
          say('Your session has ended. Reload the page to sign in again.');
        } else {
          say('Could not refresh the list. It will try again shortly.');
        }
      })
      .then(function () {
        busy = false;
        schedule();
      });
  }

  document.addEventListener('visibilitychange', function () {
    if (document.hidden) clearTimeout(timer);
    else refresh();
  });
  schedule();
})();
