// The eGFR calculator, as you type. Progressive enhancement: without JavaScript the form is a
// plain GET form. With it, the same server endpoint (/api/egfr) works out the result, so the
// equation and the wording exist once; this script only places them on the page.
(function () {
  'use strict';
  var form = document.querySelector('form[data-egfr-form]');
  var resultBox = document.querySelector('[data-egfr-result]');
  var status = document.getElementById('egfr-status');
  var convertForm = document.querySelector('form[data-convert-form]');
  if (!form || !resultBox || !status || !window.fetch || !window.URLSearchParams || !window.FormData) return;

  var FIELDS = ['creatinine', 'unit', 'age', 'sex'];
  var timer = 0;
  var controller = null;
  var lastQuery = null;

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  if (convertForm) convertForm.addEventListener('submit', carryValues);

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  }

  function currentValues() {
    var data = new FormData(form);
    var values = {};
    FIELDS.forEach(function (f) { values[f] = String(data.get(f) || '').trim(); });
    return values;
  }

  function update() {
    var values = currentValues();
    var params = new URLSearchParams();
    FIELDS.forEach(function (f) { params.set(f, values[f]); });
    var query = params.toString();
    if (query === lastQuery) return;
    lastQuery = query;
    if (controller) controller.abort();
    // Nothing to work out until every field has something in it.
    if (FIELDS.some(function (f) { return values[f] === ''; })) {
      FIELDS.forEach(function (f) { if (values[f] === '') setProblem(f, ''); });
      if (resultBox.textContent !== '') clearResult('');
      return;
    }
    controller = new AbortController();
    fetch('/api/egfr?' + query, { signal: controller.signal, headers: { accept: 'application/json' } })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        removeSummary();
        if (answer.ok) showResult(answer.body, params);
        else showProblems(values, (answer.body.error && answer.body.error.fields) || []);
      })
      .catch(function () { /* aborted or offline: the form still submits */ });
  }

  function showResult(data, params) {
    FIELDS.forEach(function (f) { setProblem(f, ''); });
    resultBox.innerHTML = data.html;
    status.textContent = data.summary;
    replaceQuery(params);
  }

  // Fields still empty are not complained about while the person is filling the form in.
  function showProblems(values, problems) {
    var first = '';
    FIELDS.forEach(function (f) {
      var problem = problems.filter(function (p) { return p.field === f; })[0];
      var message = problem && values[f] !== '' ? problem.message : '';
      setProblem(f, message);
      if (message && !first) first = message;
    });
    clearResult(first);
  }

  function clearResult(announcement) {
    resultBox.textContent = '';
    status.textContent = announcement;
    replaceQuery(null);
  }

  function setProblem(field, message) {
    var error = document.getElementById(field + '-error');
    if (!error) return;
    var text = error.querySelector('[data-message]');
    if (text) text.textContent = message;
    error.hidden = message === '';
    var controls = field === 'sex' ? form.querySelectorAll('input[name="sex"]') : [document.getElementById(field)];
    Array.prototype.forEach.call(controls, function (control) {
      if (!control) return;
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    });
    var described = field === 'sex' ? error.closest('fieldset') : document.getElementById(field);
    if (described) {
      var ids = (described.getAttribute('aria-describedby') || '').split(' ').filter(function (id) { return id && id !== error.id; });
      if (message) ids.push(error.id);
      if (ids.length) described.setAttribute('aria-describedby', ids.join(' '));
      else described.removeAttribute('aria-describedby');
    }
    var wrapper = error.closest('.field, fieldset');
    if (wrapper) wrapper.classList.toggle('field--error', message !== '');
  }

  function removeSummary() {
    var summary = document.querySelector('.error-summary');
    if (summary) summary.remove();
  }

  // Keeps the address shareable: the result's fields, plus the converter's if it was used.
  function replaceQuery(params) {
    var next = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (f) {
      if (params) next.set(f, params.get(f));
      else next.delete(f);
    });
    var search = next.toString();
    window.history.replaceState(null, '', window.location.pathname + (search ? '?' + search : ''));
  }

  // The converter is its own form; it carries the calculator's current values so its answer
  // does not wipe the result.
  function carryValues() {
    Array.prototype.forEach.call(convertForm.querySelectorAll('input[data-carry]'), function (input) { input.remove(); });
    var values = currentValues();
    // Half a calculation would come back as errors: carry the values only when all are there.
    if (FIELDS.some(function (f) { return !values[f]; })) return;
    FIELDS.forEach(function (f) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = f;
      input.value = values[f];
      input.setAttribute('data-carry', f);
      convertForm.appendChild(input);
    });
  }
})();
