// Runs inside the browser page (read as text, never bundled or instrumented):
// the visible elements a Find (see driver.ts) describes, in document order.
(find) => {
  const matches = (text, want) => {
    if (want === undefined) return true;
    const t = text.replace(/\s+/g, ' ').trim();
    return typeof want === 'string' ? t.includes(want) : new RegExp(want.re, want.flags).test(t);
  };
  const textOf = (node) => node?.textContent ?? '';
  // Roughly the accessible name: aria-label, aria-labelledby, the <label> (without its
  // nested controls and "(optional)" marker), else the text.
  const nameOf = (el) => {
    if (el.hasAttribute('aria-label')) return el.getAttribute('aria-label');
    const by = el.getAttribute('aria-labelledby');
    if (by)
      return by
        .split(/\s+/)
        .map((id) => textOf(document.getElementById(id)))
        .join(' ');
    if (el.labels?.length) {
      const label = el.labels[0].cloneNode(true);
      for (const n of label.querySelectorAll('select, input, textarea, .optional')) n.remove();
      return textOf(label);
    }
    return textOf(el);
  };
  const nameIs = (el, want) => {
    if (want === undefined) return true;
    const n = nameOf(el).replace(/\s+/g, ' ').trim();
    return typeof want === 'string' ? n === want : new RegExp(want.re, want.flags).test(n);
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  const resolve = (f) => {
    const scopes = f.within ? resolve(f.within) : [document];
    const found = new Set();
    for (const scope of scopes) {
      for (const el of scope.querySelectorAll(f.css)) {
        if (!visible(el) || !matches(textOf(el), f.text) || !nameIs(el, f.name)) continue;
        if (f.has && !el.querySelector(f.has)) continue;
        found.add(el);
      }
    }
    const all = [...found];
    return f.last ? all.slice(-1) : all;
  };
  return resolve(find);
};
