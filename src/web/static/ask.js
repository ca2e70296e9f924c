// Progressive enhancement for the ask-an-expert and follow-up forms: an upload progress bar,
// a live "get urgent help" hint while typing, and articles that may already answer the question.
// Without JavaScript the forms post normally and the server does all of this on submit.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-ask-form]');
  Array.prototype.forEach.call(forms, function (form) {
    enhanceUpload(form);
    var description = form.querySelector('#description');
    if (description) enhanceTyping(description);
  });

  function enhanceUpload(form) {
    var input = form.querySelector('input[type="file"]');
    var box = form.querySelector('.upload-progress');
    if (!input || !box || !window.XMLHttpRequest || !window.FormData) return;
    var bar = box.querySelector('progress');
    var text = box.querySelector('.upload-progress-text');
    form.addEventListener('submit', function (event) {
      if (!input.files || input.files.length === 0) return;
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      box.hidden = false;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        text.textContent = percent < 100 ? 'Uploading: ' + percent + '%' : 'Checking your files…';
      });
      xhr.addEventListener('load', function () {
        // Redirected on (to /ask/received, or /case?done=…): go there. Compared whole, as
        // "/ask/received" starts with "/ask".
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL && xhr.responseURL !== form.action) {
          window.location.assign(xhr.responseURL);
          return;
        }
        // A rejected form comes back as a page with the problems marked: show it.
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener('error', function () {
        box.hidden = true;
        if (button) button.disabled = false;
        text.textContent = '';
        window.alert('The upload did not complete. Please check your connection and try again.');
      });
      xhr.send(new FormData(form));
    });
  }

  function enhanceTyping(description) {
    var live = document.getElementById('triage-live');
    var suggestions = document.getElementById('ask-suggestions');
    var timer = 0;
    var last = '';
    description.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(check, 600);
    });
    if (description.value.trim().length >= 20) check();

    function check() {
      var text = description.value.trim();
      if (text === last) return;
      last = text;
      if (text.length < 20) { show(live, ''); show(suggestions, ''); return; }
      fetch('/api/triage', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ text: text }) })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) renderTriage(data); })
        .catch(function () {});
      fetch('/api/search?limit=3&q=' + encodeURIComponent(text.slice(0, 200)), { headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) renderSuggestions(data); })
        .catch(function () {});
    }

    function renderTriage(data) {
      if (data.level === 'routine') { show(live, ''); return; }
      var box = document.createElement('div');
      box.className = 'urgent ' + (data.level === 'emergency' ? 'urgent--now' : 'urgent--today');
      var title = document.createElement('p');
      title.className = 'urgent-title';
      title.textContent = data.title;
      var body = document.createElement('p');
      body.textContent = data.message;
      box.appendChild(title);
      box.appendChild(body);
      show(live, box);
    }

    function renderSuggestions(data) {
      if (!data.confident || !data.results || data.results.length === 0) { show(suggestions, ''); return; }
      var wrap = document.createElement('div');
      var heading = document.createElement('p');
      heading.className = 'suggestions-title';
      heading.textContent = 'These articles may answer your question:';
      var list = document.createElement('ul');
      data.results.forEach(function (r) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = r.url;
        a.target = '_blank';
        a.rel = 'noopener';
        a.textContent = r.title + ' (opens in a new tab)';
        li.appendChild(a);
        list.appendChild(li);
      });
      wrap.appendChild(heading);
      wrap.appendChild(list);
      show(suggestions, wrap);
    }

    function show(container, content) {
      if (!container) return;
      container.textContent = '';
      if (content) container.appendChild(content);
    }
  }
})();
