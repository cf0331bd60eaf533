// Loaded before the modules, as a classic script: if anything fails that no
// view catches (a script that does not load, an unexpected exception), the
// window says so in Swedish instead of staying blank.
(function () {
  'use strict';

  function show(detail) {
    var main = document.getElementById('main');
    if (!main || document.getElementById('unexpected-error')) return;
    var box = document.createElement('div');
    box.id = 'unexpected-error';
    box.className = 'banner banner-error';
    box.setAttribute('role', 'alert');
    var p = document.createElement('p');
    p.className = 'banner-heading';
    p.textContent = 'Ett oväntat fel inträffade i Samdok. Starta om programmet; om felet kvarstår, kontakta den som förvaltar Samdok.';
    var details = document.createElement('details');
    details.className = 'banner-detail';
    var summary = document.createElement('summary');
    summary.textContent = 'Visa detaljer';
    var pre = document.createElement('pre');
    pre.textContent = String(detail);
    details.append(summary, pre);
    box.append(p, details);
    main.prepend(box);
  }

  window.addEventListener('error', function (event) {
    var where = event.filename ? ' (' + event.filename + ':' + event.lineno + ')' : '';
    show((event.message || 'Fel') + where);
  });
  window.addEventListener('unhandledrejection', function (event) {
    var reason = event.reason;
    show(reason && reason.message ? reason.message : JSON.stringify(reason));
  });
}());
