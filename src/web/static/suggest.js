// As-you-type suggestions for question boxes (ARIA 1.2 combobox with a listbox popup).
// Progressive enhancement: without JavaScript the form simply submits to /search.
(function () {
  'use strict';
  var boxes = document.querySelectorAll('input[data-suggest]');
  Array.prototype.forEach.call(boxes, setUp);

  function setUp(input) {
    var listId = input.id + '-suggestions';
    var list = document.getElementById(listId);
    var status = document.getElementById(input.id + '-status');
    if (!list || !status) return;
    var items = [];
    var active = -1;
    var timer = 0;
    var lastQuery = '';
    var controller = null;

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' && items.length) { event.preventDefault(); move(1); }
      else if (event.key === 'ArrowUp' && items.length) { event.preventDefault(); move(-1); }
      else if (event.key === 'Escape') { close(); }
      else if (event.key === 'Enter' && active >= 0 && items[active]) { event.preventDefault(); window.location.href = items[active].url; }
    });
    input.addEventListener('blur', function () { setTimeout(close, 150); });

    function fetchSuggestions() {
      var q = input.value;
      if (q.trim().length < 2) { close(); return; }
      if (q === lastQuery) return;
      lastQuery = q;
      if (controller) controller.abort();
      controller = new AbortController();
      fetch('/api/suggest?q=' + encodeURIComponent(q), { signal: controller.signal, headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { render(data.suggestions || []); })
        .catch(function () { /* aborted or offline: keep the plain form */ });
    }

    function render(suggestions) {
      items = suggestions;
      active = -1;
      input.removeAttribute('aria-activedescendant');
      list.textContent = '';
      suggestions.forEach(function (s, i) {
        var li = document.createElement('li');
        li.id = listId + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = s.title;
        li.addEventListener('mousedown', function (e) { e.preventDefault(); window.location.href = s.url; });
        list.appendChild(li);
      });
      var open = suggestions.length > 0;
      list.hidden = !open;
      input.setAttribute('aria-expanded', open ? 'true' : 'false');
      status.textContent = open ? suggestions.length + (suggestions.length === 1 ? ' suggestion' : ' suggestions') + ' available. Use the up and down arrows to choose.' : '';
    }

    function move(step) {
      var options = list.querySelectorAll('[role="option"]');
      if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
      active = (active + step + options.length) % options.length;
      options[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', options[active].id);
    }

    function close() {
      items = [];
      active = -1;
      list.hidden = true;
      list.textContent = '';
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }
  }
})();
