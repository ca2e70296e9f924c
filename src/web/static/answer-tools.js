// The answer page's tools with JavaScript: a reply template and an article link are inserted at
// the cursor in the answer instead of reloading the page. Without JavaScript the same forms are
// plain GETs (?template= pre-fills the answer, ?q= lists articles with the Markdown to copy).
(function () {
  'use strict';

  // Inserts text at the cursor (replacing a selection) and tells listeners, such as the live
  // preview, that the text changed.
  function insertAt(area, text) {
    var start = area.selectionStart;
    var end = area.selectionEnd;
    if (typeof area.setRangeText === 'function') {
      area.setRangeText(text, start, end, 'end');
    } else {
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
    }
    area.focus();
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }

  var pickers = document.querySelectorAll('form[data-template-picker]');
  Array.prototype.forEach.call(pickers, function (form) {
    var area = document.getElementById(form.getAttribute('data-insert-target'));
    var select = form.querySelector('select');
    if (!area || !select) return;
    form.addEventListener('submit', function (event) {
      var option = select.options[select.selectedIndex];
      if (!option || option.value === '') return;
      event.preventDefault();
      insertAt(area, option.getAttribute('data-body') || '');
    });
  });

  var searches = document.querySelectorAll('form[data-article-search]');
  Array.prototype.forEach.call(searches, function (form) {
    var results = document.getElementById(form.getAttribute('data-results'));
    var input = form.querySelector('input[name="q"]');
    var url = form.getAttribute('data-lookup-url');
    if (!results || !input || !url || !window.fetch) return;
    var area = document.getElementById(results.getAttribute('data-insert-target'));
    if (!area) return;

    // Buttons the server rendered (a search made without JavaScript) work too.
    Array.prototype.forEach.call(results.querySelectorAll('button[data-insert]'), function (b) { b.hidden = false; });
    results.addEventListener('click', function (event) {
      var button = event.target.closest ? event.target.closest('button[data-insert]') : null;
      if (button) insertAt(area, button.getAttribute('data-insert'));
    });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var q = input.value.trim();
      if (q === '') return;
      fetch(url + '?q=' + encodeURIComponent(q), { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (response) {
          if (!response.ok) throw new Error('lookup failed: ' + response.status);
          return response.json();
        })
        .then(function (data) { show(data.results || [], q); })
        .catch(function () { message('The article search did not work. Please try again.'); });
    });

    function message(text) {
      results.textContent = '';
      var p = document.createElement('p');
      p.textContent = text;
      results.appendChild(p);
    }

    // Built with textContent only: titles and summaries are never parsed as HTML.
    function show(list, q) {
      if (list.length === 0) return message('No published article matches “' + q + '”.');
      results.textContent = '';
      var ul = document.createElement('ul');
      ul.className = 'article-links';
      list.forEach(function (article) {
        var li = document.createElement('li');
        var link = document.createElement('a');
        link.href = article.url;
        link.textContent = article.title;
        var summary = document.createElement('p');
        summary.className = 'hint';
        summary.textContent = article.summary;
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'link-button';
        button.textContent = 'Insert link';
        button.setAttribute('data-insert', '[' + article.title.replace(/[\\[\]]/g, '\\$&') + '](' + article.url + ')');
        li.appendChild(link);
        li.appendChild(summary);
        li.appendChild(button);
        ul.appendChild(li);
      });
      results.appendChild(ul);
    }
  });
})();
