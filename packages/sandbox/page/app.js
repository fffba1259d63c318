// The sandbox page: one person's view of the emulated workspace. State comes
// from /sandbox/api/state (refetched on every server-sent change event, or by
// polling when events are unavailable); actions go to /sandbox/api/<action>,
// which plays the Slack client towards the real bot.

import { renderAttachments, renderBlocks } from './blocks.js';
import { loadIntegrations, renderIntegrations, wireIntegrations } from './integrations.js';
import { renderModal } from './modal.js';
import { emoji, mrkdwn } from './mrkdwn.js';

/**
 * The element index.html gives this id; where its kind matters (a dialog, a form, a select) the caller says so
 * with a JSDoc cast, which the page's tsconfig checks.
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** The modal dialog (index.html's <dialog id="modal">). */
const modalDialog = () => /** @type {HTMLDialogElement} */ ($('modal'));
/** The sidebar's Apps → Firebreak entry: the person's Home tab rather than a conversation. */
const HOME = 'home';
/** The sidebar's Apps → Integrations entry: the fakes of the services around Slack (integrations.js). */
const INTEGRATIONS = 'integrations';
/** The panes that are not a conversation, by their sidebar id: [main element, its heading]. */
const PANES = { [HOME]: ['home', 'home-heading'], [INTEGRATIONS]: ['integrations', 'integrations-heading'] };

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function button(label, className, onClick, ariaLabel) {
  const b = el('button', className, ...[label].flat());
  b.type = 'button';
  if (ariaLabel) b.setAttribute('aria-label', ariaLabel);
  b.addEventListener('click', onClick);
  return b;
}

const store = {
  user: localStorage.getItem('fb.user') || 'UALICE',
  channel: decodeURIComponent(location.hash.slice(1)) || localStorage.getItem('fb.channel') || 'CINCIDENTS',
  state: null,
  fetchedAt: 0,
  seen: JSON.parse(localStorage.getItem('fb.seen') || '{}'),
  dismissed: new Set(),
  /** The modal on screen: { id, hash, showErrors, close }. */
  modal: null,
  /** A view the person closed: ignored until the server stops reporting it. */
  closing: null,
  /** Rendered message nodes by key, with the data they were rendered from. */
  nodes: new Map(),
  renderedChannel: null,
  /** Whether the sandbox runs its fakes (no CONFIG_FILE): the Integrations panel exists only then. */
  integrations: false,
};

// --- talking to the server ----------------------------------------------------

function toast(message) {
  const t = el('div', 'toast', el('span', '', message));
  t.append(button('×', 'icon-button', () => t.remove(), 'Dismiss'));
  const pane = PANES[store.channel];
  $(pane ? `${pane[0]}-toasts` : 'toasts').append(t);
  setTimeout(() => t.remove(), 8000);
}

/** Posts an action as the current person; shows refusals; returns the answer or undefined. */
async function act(path, body) {
  try {
    const res = await fetch(`/sandbox/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: store.user, ...body }),
    });
    const answer = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
    if (!answer.ok) throw new Error(answer.error);
    if (answer.problem) toast(answer.problem);
    return answer;
  } catch (e) {
    toast(e.message);
    return undefined;
  } finally {
    refresh();
  }
}

let inflight = null;
let again = false;
function refresh() {
  if (inflight) {
    again = true;
    return inflight;
  }
  inflight = (async () => {
    try {
      const q = new URLSearchParams({ user: store.user, channel: store.channel });
      const [res, integrations] = await Promise.all([
        fetch(`/sandbox/api/state?${q}`, { cache: 'no-store' }),
        loadIntegrations(),
      ]);
      if (integrations) store.integrations = renderIntegrations(integrations);
      if (res.ok) {
        store.state = await res.json();
        store.fetchedAt = performance.now();
        render();
      }
    } catch (e) {
      // The next event or poll tries again.
      console.error('sandbox refresh failed', e);
    } finally {
      inflight = null;
      if (again) {
        again = false;
        refresh();
      }
    }
  })();
  return inflight;
}

let pollTimer;
function setLive(live) {
  $('live').textContent = live ? 'live' : 'polling';
  $('live').classList.toggle('off', !live);
  clearInterval(pollTimer);
  if (!live) pollTimer = setInterval(refresh, 2000);
}

function listen() {
  if (!('EventSource' in window)) return setLive(false);
  const events = new EventSource('/sandbox/api/events');
  events.onopen = () => setLive(true);
  events.onmessage = () => refresh();
  events.onerror = () => setLive(false);
}

// --- lookups --------------------------------------------------------------------

const userById = (id) => store.state?.users.find((u) => u.id === id);
const conversation = (id) => store.state?.conversations.find((c) => c.id === id);

const baseCtx = {
  userName: (id) => userById(id)?.name,
  channelName: (id) => conversation(id)?.name,
  openChannel: (id) => (conversation(id) ? selectChannel(id) : toast('That channel is private to its members.')),
  onAction: () => toast('This button works only in messages.'),
  people: () => store.state.users.filter((u) => !u.isBot),
  channels: () => store.state.conversations.filter((c) => c.kind === 'channel' && !c.isArchived),
};

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const clockFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const tsDate = (ts) => new Date(Number(ts.split('.')[0]) * 1000);
const seenKey = (id) => `${store.user}:${id}`;

function selectChannel(id) {
  if (id === HOME) return openHome();
  if (id === INTEGRATIONS) return openIntegrations();
  store.channel = id;
  localStorage.setItem('fb.channel', id);
  history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  showPane();
  refresh();
  $('composer-input').focus();
}

/** Opens the Home tab as Slack does: the bot hears app_home_opened and publishes it afresh. */
function openHome() {
  store.channel = HOME;
  localStorage.setItem('fb.channel', HOME);
  history.replaceState(null, '', `#${HOME}`);
  showPane();
  $('home-heading').focus();
  return act('home/open', {});
}

function openIntegrations() {
  store.channel = INTEGRATIONS;
  localStorage.setItem('fb.channel', INTEGRATIONS);
  history.replaceState(null, '', `#${INTEGRATIONS}`);
  showPane();
  $('integrations-heading').focus();
  return refresh();
}

function showPane() {
  $('home').hidden = store.channel !== HOME;
  $('integrations').hidden = store.channel !== INTEGRATIONS;
  $('conversation').hidden = !!PANES[store.channel];
}

// --- rendering --------------------------------------------------------------------

function render() {
  const s = store.state;
  showPane();
  if (PANES[store.channel]) {
    renderUsers();
    renderSidebar();
    if (store.channel === HOME) renderHome();
    else if (!store.integrations) return selectChannel('CINCIDENTS');
    else document.title = 'Integrations · Firebreak sandbox';
    renderCurrentModal();
    renderClock();
    return;
  }
  if (!s.current) {
    const fallback = conversation('CINCIDENTS') ?? s.conversations[0];
    if (fallback && fallback.id !== store.channel) selectChannel(fallback.id);
    return;
  }
  renderUsers();
  renderSidebar();
  renderHeader();
  renderMessages();
  renderComposer();
  renderCurrentModal();
  renderClock();
}

function renderUsers() {
  const select = /** @type {HTMLSelectElement} */ ($('user-switcher'));
  const people = store.state.users.filter((u) => !u.isBot);
  const sig = people.map((u) => u.id).join();
  if (select.dataset.sig !== sig) {
    select.replaceChildren(...people.map((u) => new Option(`${u.realName} (@${u.name})`, u.id)));
    select.dataset.sig = sig;
  }
  select.value = store.user;
}

function convItem(conversation) {
  const unread =
    conversation.id !== store.channel &&
    conversation.lastTs &&
    conversation.lastTs > (store.seen[seenKey(conversation.id)] ?? '');
  const prefix = el(
    'span',
    `conv-prefix${conversation.isPrivate && conversation.kind === 'channel' ? ' icon-lock' : ''}`,
    conversation.kind === 'dm' ? '●' : conversation.isPrivate ? '' : '#',
  );
  const b = button(
    [prefix, el('span', 'conv-name', conversation.name)],
    `conv${unread ? ' unread' : ''}${conversation.isArchived ? ' archived' : ''}`,
    () => selectChannel(conversation.id),
  );
  if (conversation.kind === 'dm') b.append(el('span', 'badge', 'APP'));
  if (conversation.isArchived) b.append(el('span', 'badge archived-badge', 'archived'));
  if (conversation.id === store.channel) b.setAttribute('aria-current', 'page');
  b.title = conversation.isArchived ? `${conversation.name} (archived)` : conversation.name;
  b.dataset.id = conversation.id;
  return el('li', '', b);
}

function renderSidebar() {
  const cs = store.state.conversations;
  const byName = (a, b) => a.name.localeCompare(b.name);
  const focused = /** @type {HTMLElement | null | undefined} */ (document.activeElement?.closest?.('.conv'))?.dataset
    .id;
  $('channels').replaceChildren(
    ...cs
      .filter((c) => c.kind === 'channel' && !c.isArchived)
      .sort(byName)
      .map(convItem),
  );
  $('dms').replaceChildren(...cs.filter((c) => c.kind === 'dm').map(convItem));
  const archived = cs.filter((c) => c.kind === 'channel' && c.isArchived).sort(byName);
  $('archived').replaceChildren(...archived.map(convItem));
  $('archived-heading').hidden = archived.length === 0;
  for (const [id, item] of [
    [HOME, 'home-item'],
    [INTEGRATIONS, 'integrations-item'],
  ]) {
    if (store.channel === id) $(item).setAttribute('aria-current', 'page');
    else $(item).removeAttribute('aria-current');
  }
  if (focused && !PANES[focused])
    /** @type {HTMLElement | null} */ (document.querySelector(`.conv[data-id="${CSS.escape(focused)}"]`))?.focus();
  if (cs.every((c) => c.kind !== 'dm'))
    $('dms').replaceChildren(el('li', 'empty', 'Firebreak writes here when it needs you.'));
}

function renderHeader() {
  const c = store.state.current;
  const name = c.kind === 'dm' ? c.name : `${c.isPrivate ? '' : '#'}${c.name}`;
  const lock = c.kind === 'channel' && c.isPrivate ? [el('span', 'icon-lock', '')] : [];
  $('channel-name').replaceChildren(
    ...lock,
    name,
    ...(c.isArchived ? [el('span', 'badge archived-badge', 'archived')] : []),
  );
  $('channel-topic').replaceChildren(
    c.topic ? mrkdwn(c.topic, baseCtx) : c.kind === 'dm' ? 'Direct messages with Firebreak' : 'No topic set',
  );
  document.title = `${name} · Firebreak sandbox`;
  const pins = c.pins;
  $('pins').hidden = pins.length === 0;
  $('pins-summary').replaceChildren(el('span', 'icon-pin', `${pins.length} pinned`));
  $('pins-list').replaceChildren(
    ...pins.map((pinRecord) =>
      el(
        'li',
        '',
        button(el('span', 'pin-text', mrkdwn(pinRecord.text.slice(0, 140), baseCtx)), 'pin-item', () => {
          const node = document.querySelector(`.msg[data-ts="${CSS.escape(pinRecord.ts)}"]`);
          node?.scrollIntoView({ block: 'center' });
          node?.classList.add('flash');
          setTimeout(() => node?.classList.remove('flash'), 1500);
        }),
      ),
    ),
  );
}

function avatar(user) {
  const hash = [...user.id].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 997, 7);
  return el(
    'div',
    `avatar av-${user.isBot ? 'bot' : hash % 6}`,
    (user.realName || user.name).slice(0, 1).toUpperCase(),
  );
}

function messageNode(message, continued, channel) {
  const author = userById(message.user) ?? {
    id: message.user,
    name: message.user,
    realName: message.user,
    isBot: false,
  };
  const node = el(
    'article',
    `msg${continued ? ' continued' : ''}${message.ephemeral ? ' ephemeral' : ''}${message.pinned ? ' pinned' : ''}${message.replyTo ? ' reply' : ''}`,
  );
  node.dataset.ts = message.ts;
  const ctx = {
    ...baseCtx,
    onAction: (blockElement) =>
      act('button', {
        channel: channel.id,
        messageTs: message.ts,
        actionId: blockElement.action_id,
        ...(blockElement.value !== undefined ? { value: blockElement.value } : {}),
      }),
  };
  const meta = el(
    'div',
    'meta',
    el('span', 'author', author.realName),
    ...(author.isBot ? [el('span', 'badge', 'APP')] : []),
  );
  const when = el('time', 'when', time.format(tsDate(message.ts)));
  when.dateTime = tsDate(message.ts).toISOString();
  meta.append(when);
  if (message.edited) meta.append(el('span', 'edited', '(edited)'));
  const body = el('div', 'msg-body');
  if (message.pinned) body.append(el('div', 'pinned-label icon-pin', 'Pinned'));
  if (message.ephemeral) body.append(el('div', 'ephemeral-label', 'Only visible to you'));
  if (message.replyTo) body.append(el('div', 'reply-label', '↳ in thread'));
  body.append(meta);
  const content = el('div', 'content');
  content.append(message.blocks ? renderBlocks(message.blocks, ctx) : mrkdwn(message.text, ctx));
  if (message.attachments) content.append(renderAttachments(message.attachments, ctx));
  body.append(content);
  if (message.files.length) {
    body.append(
      el(
        'div',
        'files',
        ...message.files.map((fileRecord) => {
          // An image (the stats chart) is shown as Slack shows it, under its title; a document is a link to open.
          const a = fileRecord.image
            ? el('a', 'file-image', el('span', 'file-title', fileRecord.title))
            : el(
                'a',
                'file',
                el('span', 'file-icon', ''),
                el('span', 'file-title', fileRecord.title),
                el('span', 'file-name', fileRecord.name),
              );
          if (fileRecord.image) {
            const img = document.createElement('img');
            img.src = fileRecord.url;
            img.alt = fileRecord.title;
            a.append(img);
          }
          a.href = fileRecord.url;
          a.target = '_blank';
          a.rel = 'noopener';
          return a;
        }),
      ),
    );
  }
  const actionable = channel.kind === 'channel' && !channel.isArchived && channel.isMember && !message.ephemeral;
  if (message.reactions.length) {
    body.append(
      el(
        'div',
        'reactions',
        ...message.reactions.map((reactionEntry) => {
          const b = button(
            `${emoji(reactionEntry.name)} ${reactionEntry.count}`,
            `reaction${reactionEntry.mine ? ' mine' : ''}`,
            () => act('reaction', { channel: channel.id, ts: message.ts, name: reactionEntry.name }),
            `${reactionEntry.name} reaction, ${reactionEntry.count}`,
          );
          b.setAttribute('aria-pressed', String(reactionEntry.mine));
          b.disabled = !actionable;
          return b;
        }),
      ),
    );
  }
  if (message.ephemeral) {
    body.append(
      button('Dismiss', 'link-button', () => {
        store.dismissed.add(message.ts);
        renderMessages();
      }),
    );
  }
  node.append(
    continued ? el('div', 'avatar-space', el('time', 'hover-time', time.format(tsDate(message.ts)))) : avatar(author),
    body,
  );
  if (actionable) {
    const mine = message.reactions.some((r) => r.name === 'pushpin' && r.mine);
    node.append(
      el(
        'div',
        'msg-actions',
        button(
          '📌',
          `tool${mine ? ' on' : ''}`,
          () => act('reaction', { channel: channel.id, ts: message.ts, name: 'pushpin' }),
          mine ? 'Remove 📌 reaction' : 'React with 📌',
        ),
        button(message.pinned ? 'Unpin' : 'Pin', 'tool', () => act('pin', { channel: channel.id, ts: message.ts })),
        button('Add to incident timeline', 'tool', () => act('shortcut', { channel: channel.id, ts: message.ts })),
        button('Declare from message', 'tool', () =>
          act('declare-from-message', { channel: channel.id, ts: message.ts }),
        ),
      ),
    );
    node.querySelector('.msg-actions').setAttribute('role', 'toolbar');
    node.querySelector('.msg-actions').setAttribute('aria-label', 'Message actions');
  }
  return node;
}

/** Message list: nodes are reused while their data is unchanged, so focus and scroll stay put. */
function renderMessages() {
  const c = store.state.current;
  const list = $('messages');
  if (store.renderedChannel !== `${store.user}:${c.id}`) {
    list.replaceChildren();
    store.nodes.clear();
    store.renderedChannel = `${store.user}:${c.id}`;
    list.dataset.stick = 'true';
  }
  const nearBottom = list.dataset.stick === 'true' || list.scrollHeight - list.scrollTop - list.clientHeight < 120;
  delete list.dataset.stick;
  const items = [
    {
      key: 'intro',
      sig: c.name,
      make: () =>
        el(
          'div',
          'intro',
          c.kind === 'dm' ? 'This is your conversation with Firebreak.' : `This is the very beginning of #${c.name}.`,
        ),
    },
  ];
  let prev;
  for (const m of c.messages) {
    if (m.ephemeral && store.dismissed.has(m.ts)) continue;
    const d = day.format(tsDate(m.ts));
    if (!prev || day.format(tsDate(prev.ts)) !== d)
      items.push({ key: `day:${d}`, sig: d, make: () => el('div', 'day', el('span', '', d)) });
    const continued =
      !!prev &&
      prev.user === m.user &&
      !m.ephemeral &&
      !prev.ephemeral &&
      !m.replyTo &&
      tsDate(m.ts).getTime() - tsDate(prev.ts).getTime() < 5 * 60_000 &&
      day.format(tsDate(prev.ts)) === d;
    const sig = JSON.stringify([m, continued, c.isArchived, c.isMember]);
    items.push({ key: `${m.ephemeral ? 'e' : 'm'}:${m.ts}`, sig, make: () => messageNode(m, continued, c) });
    prev = m;
  }
  let cursor = list.firstChild;
  const keep = new Set();
  for (const item of items) {
    const old = store.nodes.get(item.key);
    let node = old?.node;
    if (!old || old.sig !== item.sig) {
      node = item.make();
      if (old) {
        if (cursor === old.node) cursor = old.node.nextSibling;
        old.node.remove();
      }
      store.nodes.set(item.key, { sig: item.sig, node });
    }
    keep.add(item.key);
    if (node === cursor) cursor = cursor.nextSibling;
    else list.insertBefore(node, cursor);
  }
  for (const [key, { node }] of store.nodes) {
    if (!keep.has(key)) {
      node.remove();
      store.nodes.delete(key);
    }
  }
  if (nearBottom) list.scrollTop = list.scrollHeight;
  if (c.lastTs) {
    store.seen[seenKey(c.id)] = c.lastTs;
    localStorage.setItem('fb.seen', JSON.stringify(store.seen));
  }
}

/** The Home tab, redrawn only when Firebreak publishes a new one; focus stays on the same button, or the heading. */
function renderHome() {
  const view = $('home-view');
  const home = store.state.home;
  const sig = `${store.user}:${home?.hash ?? ''}`;
  document.title = 'Firebreak · Home · Firebreak sandbox';
  if (view.dataset.sig === sig) return;
  view.dataset.sig = sig;
  const buttons = () => [.../** @type {NodeListOf<HTMLElement>} */ (view.querySelectorAll('button, a'))];
  const focusedAt = buttons().indexOf(/** @type {HTMLElement} */ (document.activeElement));
  const ctx = {
    ...baseCtx,
    onAction: (e) =>
      act('home/button', { actionId: e.action_id, ...(e.value !== undefined ? { value: e.value } : {}) }),
  };
  view.replaceChildren(home ? renderBlocks(home.blocks, ctx) : el('p', 'intro', 'Opening your Home tab…'));
  if (focusedAt >= 0) (buttons()[focusedAt] ?? $('home-heading')).focus();
}

function renderComposer() {
  const c = store.state.current;
  const canPost = !c.isArchived && c.isMember;
  $('composer').hidden = !canPost;
  $('archived-banner').hidden = !c.isArchived;
  $('archived-banner').textContent = c.isArchived
    ? `You are viewing #${c.name}, an archived channel. Its history stays readable; nobody can post here.`
    : '';
  $('join-banner').hidden = c.isArchived || c.isMember;
  $('join-text').textContent = `You are not a member of #${c.name}.`;
  const input = /** @type {HTMLTextAreaElement} */ ($('composer-input'));
  input.placeholder = c.kind === 'dm' ? 'Message Firebreak' : `Message #${c.name}`;
}

function renderCurrentModal() {
  const dialog = modalDialog();
  const m = store.state.modal;
  if (store.closing && m?.id !== store.closing) store.closing = null;
  if (!m || m.id === store.closing) {
    if (dialog.open) {
      dialog.close();
      focusMain();
    }
    store.modal = null;
    return;
  }
  if (store.modal?.id === m.id && store.modal.hash === m.hash) return;
  if (!dialog.open) dialog.showModal();
  const close = async (values) => {
    store.closing = m.id;
    store.modal = null;
    dialog.close();
    focusMain();
    await act('view/close', { viewId: m.id, values });
  };
  const ctx = {
    ...baseCtx,
    // A button in the modal: Firebreak answers by updating the modal (views.update), redrawn from the state.
    onAction: (e) =>
      act('view/button', { viewId: m.id, actionId: e.action_id, ...(e.value !== undefined ? { value: e.value } : {}) }),
    submit: async (values) => {
      const answer = await act('view/submit', { viewId: m.id, values });
      if (answer?.open && store.modal?.id === m.id) store.modal.showErrors(answer.errors);
    },
    close,
  };
  const { showErrors } = renderModal(dialog, m, ctx);
  store.modal = { id: m.id, hash: m.hash, showErrors, close };
  if (Object.keys(m.errors).length) showErrors(m.errors);
}

const focusMain = () => $(PANES[store.channel]?.[1] ?? 'composer-input').focus();

function duration(ms) {
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const min = minutes % 60;
  return [d && `${d}d`, h && `${h}h`, min && `${min}m`].filter(Boolean).join(' ') || '0m';
}

function renderClock() {
  const s = store.state;
  if (!s) return;
  const now = new Date(s.now + (performance.now() - store.fetchedAt));
  $('clock-now').textContent = clockFormat.format(now);
  /** @type {HTMLTimeElement} */ ($('clock-now')).dateTime = now.toISOString();
  $('clock-offset').textContent = s.offsetMs > 0 ? `${duration(s.offsetMs)} ahead of real time` : 'real time';
}

/**
 * What Slack's client sends for typed text: `@alice` becomes a mention and
 * `#general` a channel link (commands get `<@U…|name>`, as with should_escape);
 * in messages &, < and > are escaped, so typed markup stays text.
 */
function encode(text, isCommand) {
  const s = store.state;
  const escaped = isCommand ? text : text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .replace(/(^|[\s(])@([\w.-]+)/g, (match, pre, name) => {
      const u = s.users.find((x) => x.name === name);
      return u ? `${pre}<@${u.id}${isCommand ? `|${u.name}` : ''}>` : match;
    })
    .replace(/(^|[\s(])#([\w-]+)/g, (match, pre, name) => {
      const c = s.conversations.find((x) => x.kind === 'channel' && x.name === name);
      return c ? `${pre}<#${c.id}|${c.name}>` : match;
    });
}

// --- wiring -----------------------------------------------------------------------

function wire() {
  $('user-switcher').addEventListener('change', (event) => {
    store.user = /** @type {HTMLSelectElement} */ (event.target).value;
    localStorage.setItem('fb.user', store.user);
    store.modal = null;
    if (modalDialog().open) modalDialog().close();
    // Each person has their own Home tab: opening it as the new person draws theirs.
    if (store.channel === HOME) openHome();
    else refresh();
  });
  $('modal').addEventListener('cancel', (event) => {
    // Esc: close through Slack, so the bot hears view_closed when it asked to.
    event.preventDefault();
    store.modal?.close();
  });
  const input = /** @type {HTMLTextAreaElement} */ ($('composer-input'));
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      /** @type {HTMLFormElement} */ ($('composer')).requestSubmit();
    }
  });
  input.addEventListener('input', () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
  });
  $('declare-shortcut').addEventListener('click', () => act('global-shortcut', {}));
  $('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    input.style.height = 'auto';
    const channel = store.channel;
    const isCommand = text.startsWith('/');
    const answer = isCommand
      ? await act('command', { channel, text: encode(text, true) })
      : await act('message', { channel, text: encode(text, false) });
    if (!answer && !input.value) input.value = text;
  });
  window.addEventListener('hashchange', () => {
    const id = decodeURIComponent(location.hash.slice(1));
    if (id && id !== store.channel) selectChannel(id);
  });
  $('home-item').addEventListener('click', openHome);
  $('integrations-item').addEventListener('click', openIntegrations);
  wireIntegrations(act, selectChannel);
  $('join-button').addEventListener('click', () => act('join', { channel: store.channel }));
  // index.html's clock buttons.
  const advanceButtons = () =>
    /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('[data-advance]'));
  for (const b of advanceButtons()) {
    b.addEventListener('click', async () => {
      const all = advanceButtons();
      for (const x of all) x.disabled = true;
      await act('clock', { ms: Number(b.dataset.advance) });
      for (const x of all) x.disabled = false;
      b.focus();
    });
  }
  setInterval(renderClock, 1000);
}

wire();
listen();
if (store.channel === HOME) openHome();
else refresh();
