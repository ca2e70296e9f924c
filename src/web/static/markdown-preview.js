// Live Markdown preview, for any form that asks for it. The contract (keep it exactly this; the
// answer page and the article editor both rely on it):
//
//   <form …> <input type="hidden" name="csrf" value="…">
//     <textarea data-preview-url="/path/to/preview" data-preview-target="some-element-id">…</textarea>
//   </form>
//   <div id="some-element-id"></div>
//
// - While the textarea is edited (and ~400 ms after the last keystroke), the script POSTs
//   `application/x-www-form-urlencoded` with two fields: `markdown` (the textarea's value) and
//   `csrf` (the value of the enclosing form's `csrf` field), sending `Accept: application/json`.
// - The endpoint answers `{"html": "…"}`: HTML made by our own Markdown renderer with raw HTML
//   off, which this script puts into the target element as it is. Nothing else may be returned.
// - Any other answer (an error, a network failure) leaves the last preview in place and marks the
//   target with `data-preview-state="error"`; `"loading"` while a request is out, removed after.
// - Responses that arrive out of order are ignored: only the latest request's answer is shown.
// Without JavaScript nothing happens here; pages offer a Preview submit button instead.
(function () {
  'use strict';
  var DELAY_MS = 400;
  if (!window.fetch || !window.URLSearchParams) return;
  var areas = document.querySelectorAll('textarea[data-preview-url][data-preview-target]');
  Array.prototype.forEach.call(areas, function (area) {
    var target = document.getElementById(area.getAttribute('data-preview-target'));
    var form = area.form;
    if (!target || !form) return;
    var url = area.getAttribute('data-preview-url');
    var timer = null;
    var latest = 0;

    function csrf() {
      var field = form.elements.namedItem('csrf');
      return field && 'value' in field ? field.value : '';
    }

    function update() {
      var mine = ++latest;
      target.setAttribute('data-preview-state', 'loading');
      var body = new URLSearchParams();
      body.set('markdown', area.value);
      body.set('csrf', csrf());
      fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: body.toString(),
      }).then(function (response) {
        if (!response.ok) throw new Error('preview failed: ' + response.status);
        return response.json();
      }).then(function (data) {
        if (mine !== latest) return;
        if (!data || typeof data.html !== 'string') throw new Error('preview failed: no html');
        target.innerHTML = data.html;
        target.removeAttribute('data-preview-state');
      }).catch(function () {
        if (mine === latest) target.setAttribute('data-preview-state', 'error');
      });
    }

    area.addEventListener('input', function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(update, DELAY_MS);
    });
  });
})();
