// The Integrations panel: the Fire alert form and what the fakes of the services around Slack received,
// from /sandbox/api/integrations (refetched with the rest of the page on every server-sent change).

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

const when = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

function stamp(ms) {
  const t = /** @type {HTMLTimeElement} */ (el('time', 'when', when.format(new Date(ms))));
  t.dateTime = new Date(ms).toISOString();
  return t;
}

/** @returns {Promise<{ enabled: boolean, pages?: any[], webhooks?: any[], tickets?: any[], wikiPages?: any[], statusPage?: any } | undefined>} */
export async function loadIntegrations() {
  try {
    const res = await fetch('/sandbox/api/integrations', { cache: 'no-store' });
    return res.ok ? await res.json() : undefined;
  } catch (e) {
    console.error('sandbox integrations refresh failed', e);
    return undefined;
  }
}

function pageItem(p) {
  return el(
    'li',
    `integration-item ${p.status}`,
    el('span', `pill ${p.status}`, p.status),
    el('span', 'item-title', p.summary),
    el(
      'span',
      'item-meta',
      `${p.service} · ${p.severity} · dedup key `,
      el('code', '', p.dedupKey),
      ' · ',
      stamp(p.at),
    ),
  );
}

function webhookItem(w) {
  const verdict = w.valid ? 'signature valid' : `signature invalid${w.reason ? `: ${w.reason}` : ''}`;
  return el(
    'li',
    `integration-item ${w.valid ? 'valid' : 'invalid'}`,
    el('span', `pill ${w.valid ? 'valid' : 'invalid'}`, verdict),
    el('span', 'item-title', w.type ?? '(no type)', w.incident ? ` · ${w.incident}` : ''),
    el(
      'span',
      'item-meta',
      'webhook-id ',
      el('code', '', w.id ?? '(none)'),
      ` · HTTP ${w.status}${w.repeat ? ' · a retry of one already processed' : ''} · `,
      stamp(w.at),
    ),
  );
}

function ticketItem(t) {
  const state = t.done ? 'resolved' : 'open';
  const link = /** @type {HTMLAnchorElement} */ (el('a', '', t.key));
  link.href = t.url;
  link.target = '_blank';
  link.rel = 'noopener';
  const item = el(
    'li',
    `integration-item ${state}`,
    el('span', `pill ${state}`, t.status),
    el('span', 'item-title', link, ' ', t.summary),
    el(
      'span',
      'item-meta',
      `${t.assignee ? `assigned to ${t.assignee}` : 'unassigned'}${t.due ? ` · due ${t.due}` : ''} · labels `,
      el('code', '', t.labels.join(' ')),
    ),
  );
  if (!t.done) {
    const close = /** @type {HTMLButtonElement} */ (el('button', 'link-button', 'Close in Jira'));
    close.type = 'button';
    close.dataset.key = t.key;
    item.append(close);
  }
  return item;
}

/** The storage-format elements a review page uses, drawn as the HTML element of the same meaning. */
const STORAGE_TAGS = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'hr',
  'strong',
  'em',
  'code',
  'a',
  'table',
  'tbody',
  'tr',
  'th',
  'td',
  'ul',
  'ol',
  'li',
  'blockquote',
]);

/**
 * A page's storage format drawn as Confluence would show it. It is parsed as XML and rebuilt element by element from
 * the known ones (never assigned as HTML), so whatever the body holds, nothing in it runs; a code macro becomes a
 * <pre> of its text, and only http, https and mailto links are kept.
 */
function storageView(xml) {
  const doc = new DOMParser().parseFromString(
    `<root xmlns:ac="urn:ac" xmlns:ri="urn:ri">${xml}</root>`,
    'application/xml',
  );
  if (doc.getElementsByTagName('parsererror').length) return el('p', 'wiki-error', 'This body is not well-formed XML.');
  const draw = (node) => {
    if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.CDATA_SECTION_NODE)
      return document.createTextNode(node.nodeValue ?? '');
    if (node.nodeType !== Node.ELEMENT_NODE) return document.createTextNode('');
    const name = node.nodeName;
    if (name === 'ac:structured-macro') {
      const body = [...node.childNodes].find((c) => c.nodeName === 'ac:plain-text-body');
      return el('pre', 'wiki-code', body?.textContent ?? '');
    }
    const children = [...node.childNodes].map(draw);
    if (!STORAGE_TAGS.has(name)) return el('span', '', ...children);
    const out = el(name, '', ...children);
    if (name === 'a') {
      const href = node.getAttribute('href') ?? '';
      if (/^(https?:|mailto:)/i.test(href)) /** @type {HTMLAnchorElement} */ (out).href = href;
      /** @type {HTMLAnchorElement} */ (out).target = '_blank';
      /** @type {HTMLAnchorElement} */ (out).rel = 'noopener noreferrer';
    }
    return out;
  };
  return el('div', 'wiki-body', ...[...doc.documentElement.childNodes].map(draw));
}

function wikiItem(w) {
  const source = el('details', 'wiki-source', el('summary', '', 'Storage format'), el('pre', '', w.body));
  return el(
    'li',
    'integration-item wiki',
    el('span', 'pill', `v${w.version}`),
    el('span', 'item-title', w.title),
    el('span', 'item-meta', 'page id ', el('code', '', w.id), ' · ', stamp(w.at)),
    el('details', 'wiki-page', el('summary', '', 'Read the page'), storageView(w.body), source),
  );
}

const COMPONENT_STATUS = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

function componentItem(c) {
  const ok = c.status === 'operational';
  return el(
    'li',
    `integration-item ${ok ? 'valid' : 'invalid'}`,
    el('span', `pill ${ok ? 'valid' : 'invalid'}`, COMPONENT_STATUS[c.status] ?? c.status),
    el('span', 'item-title', c.name),
  );
}

function statusIncidentItem(i) {
  const over = i.status === 'resolved';
  return el(
    'li',
    `integration-item ${over ? 'resolved' : 'open'}`,
    el('span', `pill ${over ? 'resolved' : 'open'}`, i.status),
    el('span', 'item-title', i.name),
    ...i.updates.map((u) =>
      el('span', 'item-meta', el('strong', '', u.status), ' · ', stamp(Date.parse(u.at)), ' · ', u.body),
    ),
    el('span', 'item-meta', 'shortlink ', el('code', '', i.shortlink)),
  );
}

/** Draws the lists and says whether the panel exists; the sidebar entry shows only when the sandbox runs its fakes (no CONFIG_FILE). */
export function renderIntegrations(data) {
  $('integrations-entry').hidden = !data?.enabled;
  if (!data?.enabled) return false;
  const pages = data.pages ?? [];
  $('pages-list').replaceChildren(
    ...(pages.length ? pages.map(pageItem) : [el('li', 'empty', 'Nobody has been paged yet.')]),
  );
  const webhooks = data.webhooks ?? [];
  $('webhooks-list').replaceChildren(
    ...(webhooks.length ? webhooks.map(webhookItem) : [el('li', 'empty', 'No webhook has gone out yet.')]),
  );
  const tickets = data.tickets ?? [];
  $('tickets-list').replaceChildren(
    ...(tickets.length ? tickets.map(ticketItem) : [el('li', 'empty', 'No follow-up has become a ticket yet.')]),
  );
  const wikiPages = data.wikiPages ?? [];
  $('wiki-list').replaceChildren(
    ...(wikiPages.length ? wikiPages.map(wikiItem) : [el('li', 'empty', 'No review has been published yet.')]),
  );
  const statusPage = data.statusPage ?? { components: [], incidents: [] };
  $('status-components').replaceChildren(...statusPage.components.map(componentItem));
  $('status-incidents').replaceChildren(
    ...(statusPage.incidents.length
      ? statusPage.incidents.map(statusIncidentItem)
      : [el('li', 'empty', 'Nothing has been posted on the status page yet.')]),
  );
  return true;
}

const OUTCOMES = {
  prompted: 'Firebreak posted about it in #incidents.',
  declared: 'Firebreak declared an incident.',
  attached: 'Firebreak added it to the open incident’s timeline.',
  ignored:
    'Firebreak had nothing new to do: a prompt for this alert group is already waiting, or nothing is open for it.',
  duplicate: 'Firebreak had already received this very delivery.',
};

/**
 * Wires the Fire alert form. `act(path, body)` posts as the page's other actions do (refusals become toasts);
 * `openChannel(id)` shows a conversation.
 */
export function wireIntegrations(act, openChannel) {
  // Closing a ticket "in Jira": the fake sends its signed webhook to Firebreak, which marks the follow-up done.
  $('tickets-list').addEventListener('click', async (event) => {
    const button = /** @type {HTMLElement} */ (event.target).closest('button[data-key]');
    if (!(button instanceof HTMLButtonElement)) return;
    button.disabled = true;
    await act('close-ticket', { key: button.dataset.key });
    button.disabled = false;
  });
  const form = /** @type {HTMLFormElement} */ ($('fire-alert'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
    submit.disabled = true;
    const answer = await act('alert', {
      alertname: String(data.get('alertname') ?? '').trim(),
      severity: String(data.get('severity')),
      summary: String(data.get('summary') ?? '').trim(),
      status: String(data.get('status')),
    });
    submit.disabled = false;
    const result = $('fire-result');
    if (!answer?.bot) return result.replaceChildren();
    const outcome = answer.bot.body?.outcome;
    const said = OUTCOMES[outcome] ?? `Firebreak answered HTTP ${answer.bot.status}.`;
    const open = el('button', 'link-button', 'Open #incidents');
    open.type = 'button';
    open.addEventListener('click', () => openChannel('CINCIDENTS'));
    result.replaceChildren(said, ' ', open);
  });
}
