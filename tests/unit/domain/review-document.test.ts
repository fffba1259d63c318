import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { IncidentEvent } from '../../../src/domain/incident-event';
import { emptyAnswers, type ReviewData } from '../../../src/domain/review';
import { timeFormatter, timelineFormatter } from '../../../src/domain/review-clock';
import {
  describeCadence,
  KEY_CELL_MAX,
  renderReviewDocument,
  TRUNCATED_NOTE,
} from '../../../src/domain/review-document';
import { changeEntry, type TimelineEntry } from '../../../src/domain/timeline';
import { baseIncident, change, largeIncident, message, note, shuffled } from '../../support/review-data';

const GOLDEN_DIR = path.join(__dirname, 'golden');
const MIN = 60_000;

/** A realistic small incident: every section has something in it, plus hostile text in the answers. */
function smallIncident(): ReviewData {
  const ev = (iso: string, actor: string, change: IncidentEvent['change']): IncidentEvent => ({
    change,
    actor,
    at: new Date(iso),
  });
  const events: IncidentEvent[] = [
    ev('2026-03-04T02:40:00Z', 'UALICE', {
      kind: 'declared',
      title: 'Checkout errors after deploy',
      severity: 'SEV3',
      commander: 'UALICE',
      isPrivate: false,
    }),
    ev('2026-03-04T02:42:00Z', 'UALICE', { kind: 'role', role: 'comms', from: null, to: 'UBOB' }),
    ev('2026-03-04T02:44:00Z', 'UALICE', { kind: 'status', from: 'triage', to: 'investigating', message: null }),
    ev('2026-03-04T02:50:00Z', 'UALICE', { kind: 'severity', from: 'SEV3', to: 'SEV2' }),
    ev('2026-03-04T02:55:00Z', 'UALICE', { kind: 'role', role: 'scribe', from: null, to: 'UCAROL' }),
    ev('2026-03-04T03:05:00Z', 'UALICE', {
      kind: 'status',
      from: 'investigating',
      to: 'identified',
      message: 'Bad config in deploy 1234',
    }),
    ev('2026-03-04T03:30:00Z', 'UALICE', {
      kind: 'status',
      from: 'identified',
      to: 'monitoring',
      message: 'Rolled back',
    }),
    ev('2026-03-04T04:10:00Z', 'UALICE', { kind: 'status', from: 'monitoring', to: 'resolved', message: null }),
    ev('2026-03-05T09:00:00Z', 'UALICE', { kind: 'status', from: 'resolved', to: 'closed', message: null }),
  ];
  const threadParent = message(
    '2026-03-04T02:58:00Z',
    'UBOB',
    'Error rate on /checkout is 12%, see <https://grafana.example.com/d/abc?from=now-1h&amp;to=now|the dashboard>',
    {
      key: true,
      keyReason: 'pin',
    },
  );
  threadParent.threadTs = threadParent.slackTs;
  const timeline: TimelineEntry[] = [
    ...events.map(changeEntry),
    message(
      '2026-03-04T02:46:00Z',
      'UCAROL',
      'Seeing 500s from payments-api since the 02:30 deploy. <!channel> heads up',
    ),
    threadParent,
    message('2026-03-04T03:01:00Z', 'UDAVE', 'Looks like `PAYMENTS_TIMEOUT` went from 5s to 5ms &lt;facepalm&gt;', {
      threadTs: threadParent.slackTs,
    }),
    message(
      '2026-03-04T03:12:00Z',
      'UALICE',
      'Rolling back to 1233 now. <@UCAROL> please watch <#C99|payments-alerts>',
      {
        key: true,
        keyReason: 'pin',
        edited: true,
      },
    ),
    note('2026-03-04T03:20:00Z', 'UCAROL', 'Rollback finished at 03:19; error rate falling.\nNext check at 03:45.'),
    message('2026-03-04T03:50:00Z', 'UBOB', 'Error rate back to 0.1% baseline *for 20 minutes*'),
    message('2026-03-04T04:05:00Z', 'UCAROL', '- Customers retried OK\n- No data loss'),
  ];
  const answers = {
    ...emptyAnswers(),
    summary:
      'A config change in deploy 1234 cut the payments timeout to 5ms.\nCheckout failed for 12% of requests for about 50 minutes.',
    customerImpact: 'About 1,800 failed checkouts; customers could retry.',
    rootCause:
      '# Heading\n| pipe | table |\n|---|---|\n<script>alert(1)</script>\nThe timeout unit was changed from `s` to `ms` by a [refactor](https://example.com/pr/99).',
    contributingFactors: '- No unit in the config key name\n- Canary only checks latency\n1. Review missed it',
    detection: 'Alert on the 5xx rate fired after 6 minutes.',
    wentWell: '',
    wentBadly: 'Rollback took 14 minutes &amp; needed a manual approval.',
    lessons: 'Units belong in names.\n\nCanaries must check errors too.',
    actionItems: 'ignored: the parsed items are rendered',
  };
  return {
    incident: baseIncident({
      resolvedAt: new Date('2026-03-04T04:10:00Z'),
      closedAt: new Date('2026-03-05T09:00:00Z'),
    }),
    closedAt: new Date('2026-03-05T09:00:00Z'),
    events,
    timeline,
    participants: ['UCAROL', 'UALICE', 'UDAVE', 'UBOB', 'UALICE'],
    answers,
    actionItems: [
      { text: 'Rename PAYMENTS_TIMEOUT to PAYMENTS_TIMEOUT_MS', owner: 'UDAVE', due: '2026-03-18' },
      { text: 'Canary checks the 5xx rate | not only latency', owner: 'UBOB', due: null },
      { text: 'Make rollbacks one click', owner: null, due: null },
    ],
    people: {
      UALICE: { name: 'Alice Chen', tz: 'America/Los_Angeles' },
      UBOB: { name: 'Bob_Smith', tz: 'Europe/London' },
      UCAROL: { name: 'carol', tz: null },
    },
    updateEvery: 30 * MIN,
  };
}

function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(
      `missing golden file ${file}: run UPDATE_GOLDEN=1 npx jest ${path.basename(__filename)} once and review it`,
    );
  // Compared as strings so a failure shows the diff; byte-for-byte equal when this passes.
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** A copy with the order-free arrays shuffled. */
const shuffledData = (d: ReviewData, seed: number): ReviewData => ({
  ...d,
  timeline: shuffled(d.timeline, seed),
  events: shuffled(d.events, seed + 1),
  participants: shuffled(d.participants, seed + 2),
  feedback: d.feedback && shuffled(d.feedback, seed + 3),
});

/** The small incident after three participants answered the closing feedback form. */
function withFeedback(): ReviewData {
  return {
    ...smallIncident(),
    feedback: [
      { user: 'UCAROL', rating: 3, change: 'Page the database team sooner.\nAlso: a | pipe and <!channel>' },
      { user: 'UALICE', rating: 5, change: null },
      { user: 'UNOBODY', rating: 1, change: '# not a heading' },
    ],
  };
}

describe('golden files', () => {
  test.each([
    ['small-incident.md', smallIncident],
    ['large-incident.md', () => largeIncident()],
    ['incident-with-feedback.md', withFeedback],
  ])('%s', (name, build) => {
    const doc = renderReviewDocument(build());
    expectGolden(name, doc);
    expect(renderReviewDocument(build())).toBe(doc);
    for (const seed of [1, 2, 3]) expect(renderReviewDocument(shuffledData(build(), seed))).toBe(doc);
  });

  test('same-time entries without a Slack ts render the same in any order', () => {
    const d = smallIncident();
    const iso = '2026-03-04T03:20:00Z';
    d.timeline.push(
      note(iso, 'UBOB', 'second note, same second'),
      change(iso, 'UALICE', 'Comms: <@UBOB>'),
      note(iso, 'UBOB', 'a third'),
    );
    const doc = renderReviewDocument(d);
    for (const seed of [4, 5, 6, 7]) expect(renderReviewDocument(shuffledData(d, seed))).toBe(doc);
  });
});

describe('sections', () => {
  const doc = renderReviewDocument(smallIncident());
  const section = (title: string) => {
    const start = doc.indexOf(`\n## ${title}\n`);
    expect(start).toBeGreaterThanOrEqual(0);
    const next = doc.indexOf('\n## ', start + 1);
    return doc.slice(start, next === -1 ? undefined : next);
  };

  test('header with names, raw ids for unknown people, sorted unique participants', () => {
    expect(doc.startsWith('# INC-42: Checkout errors after deploy\n')).toBe(true);
    expect(doc).toContain('- **Commander:** @Alice Chen\n');
    expect(doc).toContain('- **Comms:** @Bob\\_Smith\n');
    expect(doc).toContain('- **Participants:** @Alice Chen, @Bob\\_Smith, @carol, @UDAVE\n');
    expect(doc).toContain('- **Private:** no\n');
  });

  test('an incident an alert opened names the alert, its source and a link to its generator', () => {
    expect(doc).not.toContain('Opened by alert');
    const base = smallIncident();
    const withOrigin = (url: string | null) =>
      renderReviewDocument({
        ...base,
        incident: { ...base.incident, origin: { source: 'prom', alertName: 'High_Errors', url } },
      });
    expect(withOrigin('https://prom.example/graph?g0.expr=rate(x)')).toContain(
      '- **Private:** no\n- **Opened by alert:** High\\_Errors (source prom), [generator](https://prom.example/graph?g0.expr=rate%28x%29)\n',
    );
    expect(withOrigin(null)).toContain('- **Opened by alert:** High\\_Errors (source prom)\n');
  });

  test('metrics in UTC plus the commander’s local time, with the local date when it differs', () => {
    expect(section('Key metrics')).toContain(
      '- **Declared:** 2026-03-04 02:40 UTC (2026-03-03 18:40 America/Los\\_Angeles)\n',
    );
    expect(section('Key metrics')).toContain('- **Closed:** 2026-03-05 09:00 UTC (01:00 America/Los\\_Angeles)\n');
    expect(section('Key metrics')).toContain('- **Time to resolve:** 1h 30m\n');
    expect(section('Key metrics')).toMatch(
      /- \*\*Update cadence:\*\* \d+ updates \(target every 30m\), longest gap \S+, \d+ intervals? of 30m without an update, \d+% of the time covered\n/,
    );
  });

  test('a drill is titled as one', () => {
    const d = smallIncident();
    expect(renderReviewDocument(d).split('\n')[0]).not.toContain('[DRILL]');
    d.incident = { ...d.incident, isDrill: true, drillPlan: 'db-failover' };
    expect(renderReviewDocument(d).split('\n')[0]).toMatch(/^# \[DRILL\] INC-\d+: /);
  });

  test('an empty answer, and no action items', () => {
    expect(section('What went well')).toContain('_Not answered._');
    const d = smallIncident();
    d.actionItems = [];
    expect(renderReviewDocument(d)).toContain('## Action items\n\n_None._\n');
  });

  test('the action item table escapes the pipe', () => {
    expect(section('Action items')).toContain('| Canary checks the 5xx rate \\| not only latency | @Bob\\_Smith | — |');
  });

  test('Slack mrkdwn becomes plain names, channels and links', () => {
    const appendix = section('Appendix: full timeline');
    expect(appendix).toContain('@carol please watch \\#payments-alerts');
    expect(appendix).toContain('see the dashboard (https://grafana.example.com/d/abc?from=now-1h&to=now)');
    expect(appendix).toContain('5ms \\<facepalm\\>');
    expect(appendix).toContain('@channel heads up');
  });

  test('thread replies and edits are marked', () => {
    expect(section('Appendix: full timeline')).toMatch(/· @UDAVE \*\(↳ thread reply\)\*: Looks like/);
    expect(section('Key timeline')).toMatch(/\*Pinned:\* Rolling back to 1233 .* \(edited\) \|/);
    expect(section('Appendix: full timeline')).toMatch(/Rolling back to 1233 .*\(edited\)\n/);
  });

  test('the timeline writes each date once, on the first line of its day, and the local date when it turns over', () => {
    const at = timelineFormatter('Asia/Kolkata');
    expect(
      [
        '2026-03-04T10:15:00Z',
        '2026-03-04T12:00:00Z',
        '2026-03-04T18:40:00Z',
        '2026-03-04T19:00:00Z',
        '2026-03-05T00:10:00Z',
        '2026-03-05T01:00:00Z',
      ].map((iso) => at(new Date(iso))),
    ).toEqual([
      '2026-03-04 10:15 UTC (15:45 Asia/Kolkata)',
      '12:00 UTC (17:30 Asia/Kolkata)',
      '18:40 UTC (2026-03-05 00:10 Asia/Kolkata)',
      '19:00 UTC (00:30 Asia/Kolkata)',
      '2026-03-05 00:10 UTC (05:40 Asia/Kolkata)',
      '01:00 UTC (06:30 Asia/Kolkata)',
    ]);
    const utc = timelineFormatter(null);
    expect(
      ['2026-03-04T23:59:00Z', '2026-03-05T00:00:00Z', '2026-03-05T00:01:00Z'].map((iso) => utc(new Date(iso))),
    ).toEqual(['2026-03-04 23:59 UTC', '2026-03-05 00:00 UTC', '00:01 UTC']);
    // The first line behind a local date other than its UTC date says so.
    expect(timelineFormatter('America/Los_Angeles')(new Date('2026-03-04T02:40:00Z'))).toBe(
      '2026-03-04 02:40 UTC (2026-03-03 18:40 America/Los\\_Angeles)',
    );
  });

  test('the cadence line states its target and counts the intervals without an update', () => {
    const MIN_ = 60_000;
    const line = describeCadence({
      expectedEvery: 30 * MIN_,
      windowStart: new Date(0),
      windowEnd: new Date(400 * MIN_),
      updates: 13,
      longestGap: 182 * MIN_,
      missed: 6,
      covered: 208 * MIN_,
      keptRatio: 0.52,
    });
    expect(line).toBe(
      '13 updates (target every 30m), longest gap 3h 2m, 6 intervals of 30m without an update, 52% of the time covered',
    );
  });

  test('UTC commanders and unknown zones get one clock', () => {
    expect(timeFormatter('Etc/UTC')(new Date('2026-03-04T10:15:42Z'))).toBe('2026-03-04 10:15 UTC');
    expect(timeFormatter('Not/AZone')(new Date('2026-03-04T10:15:42Z'))).toBe('2026-03-04 10:15 UTC');
    expect(timeFormatter(null)(new Date('2026-03-04T10:15:42Z'))).toBe('2026-03-04 10:15 UTC');
    expect(timeFormatter('Asia/Kolkata')(new Date('2026-03-04T10:15:42Z'))).toBe(
      '2026-03-04 10:15 UTC (15:45 Asia/Kolkata)',
    );
    expect(timeFormatter('Pacific/Auckland')(new Date('2026-03-04T23:59:00Z'))).toBe(
      '2026-03-04 23:59 UTC (2026-03-05 12:59 Pacific/Auckland)',
    );
  });
});

describe('local times across offset changes', () => {
  /** The straightforward way: one Intl call per date. */
  const direct = (tz: string) => {
    const f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    return (d: Date) => {
      const p: Record<string, string> = {};
      for (const part of f.formatToParts(d)) p[part.type] = part.value;
      return { date: `${p.year}-${p.month}-${p.day}`, clock: `${p.hour}:${p.minute}` };
    };
  };

  test.each([
    ['America/New_York', 2],
    ['Europe/London', 2],
    ['Australia/Lord_Howe', 2], // a 30-minute DST shift
    ['America/St_Johns', 2], // -3:30 / -2:30
    ['Pacific/Chatham', 2], // +13:45 / +12:45
    ['Asia/Kathmandu', 0], // +5:45, no DST: checked around 2026-01-01 only
  ])('%s matches Intl minute by minute around each of its %d 2026 transitions', (tz, transitions) => {
    const expected = direct(tz);
    const offset = (ms: number) => {
      const { date, clock } = expected(new Date(ms));
      return Date.parse(`${date}T${clock}:00Z`) - Math.floor(ms / MIN) * MIN;
    };
    const start = Date.parse('2026-01-01T00:00:00Z');
    const windows = [start];
    for (let h = 0; h < 365 * 24; h++) {
      const t = start + h * 60 * MIN;
      if (offset(t) !== offset(t + 60 * MIN)) windows.push(t);
    }
    expect(windows).toHaveLength(1 + transitions);
    for (const t of windows) {
      // Fresh formatter per window, walked forwards, so the cache is exercised the way a document uses it.
      const format = timeFormatter(tz);
      for (let m = -90; m <= 150; m++) {
        const d = new Date(t + m * MIN + 17_000);
        const { date, clock } = expected(d);
        const utcDate = d.toISOString().slice(0, 10);
        const local = date === utcDate ? `(${clock} ` : `(${date} ${clock} `;
        expect(format(d)).toContain(local);
      }
    }
  });
});

describe('long text', () => {
  test('a 50,000-character answer is kept in full', () => {
    const d = smallIncident();
    const long = 'word '.repeat(10_000).trim();
    d.answers.lessons = long;
    expect(renderReviewDocument(d)).toContain(`## Lessons\n\n${long}\n`);
  });

  test('a long key entry is cut in the key timeline only', () => {
    const d = smallIncident();
    const long = `${'a'.repeat(KEY_CELL_MAX)}TAIL`;
    d.timeline.push(message('2026-03-04T03:55:00Z', 'UBOB', long, { key: true, keyReason: 'reaction' }));
    const doc = renderReviewDocument(d);
    const [key, appendix] = doc.split('## Appendix: full timeline');
    expect(key).toContain(`*Reaction:* ${'a'.repeat(KEY_CELL_MAX)}${TRUNCATED_NOTE} |`);
    expect(key).not.toContain('TAIL');
    expect(appendix).toContain(`${long}\n`);
  });
});

describe('injection', () => {
  const PAYLOADS = [
    '</details>',
    '# x',
    '[a](javascript:alert(1))',
    '![img](http://x)',
    '<!channel>',
    '<script>alert(1)</script>',
    '| a | b |\n|---|---|',
  ];
  const HEADINGS = new Set([
    '# INC-42: Checkout errors after deploy',
    ...[
      'Key metrics',
      'Summary',
      'Customer impact',
      'Root cause',
      'Contributing factors',
      'Detection',
      'What went well',
      'What went badly',
      'Lessons',
      'Action items',
      'Key timeline',
      'Appendix: full timeline',
      'Appendix: feedback',
    ].map((h) => `## ${h}`),
  ]);
  /** True when `ch` occurs not preceded by an odd number of backslashes, i.e. as syntax. */
  const hasUnescaped = (text: string, ch: string) =>
    new RegExp(`(^|[^\\\\])(\\\\\\\\)*${ch.replace(/[[\]\\^$.|?*+()]/g, '\\$&')}`, 'm').test(text);

  function hostile(payload: string): ReviewData {
    const d = smallIncident();
    d.incident = { ...d.incident, title: payload, category: payload, channelName: payload };
    for (const q of Object.keys(d.answers) as (keyof typeof d.answers)[]) d.answers[q] = `${payload}\n${payload}`;
    d.actionItems = [{ text: payload, owner: 'UEVIL', due: payload }];
    d.feedback = [{ user: 'UEVIL', rating: 2, change: `${payload}\n${payload}` }];
    d.people = {
      ...d.people,
      UEVIL: { name: payload, tz: null },
      UALICE: { name: payload, tz: 'America/Los_Angeles' },
    };
    d.timeline.push(
      message('2026-03-04T03:56:00Z', 'UEVIL', `${payload}\n${payload}`, { key: true, keyReason: 'pin' }),
    );
    d.timeline.push(note('2026-03-04T03:57:00Z', 'UEVIL', payload));
    return d;
  }

  test.each(PAYLOADS)('%j cannot add headings, links, images, HTML or table rows', (payload) => {
    const doc = renderReviewDocument(hostile(payload));
    const lines = doc.split('\n');
    // The title is user text too: compare without it.
    // The title is user text too: it is checked on its own below.
    for (const line of lines.slice(1)) {
      if (/^ {0,3}#/.test(line)) expect(HEADINGS).toContain(line);
      // Block syntax at a line start: HTML, quote, list, setext/thematic break, fence, indented code.
      expect(line).not.toMatch(/^( {0,3}(<|>|[+*] |\d+[.)]|=+\s*$|-+\s*$|`{3}|~{3})| {4})/);
      // Our own list items only: header fields and appendix entries.
      if (line.startsWith('- ')) expect(line).toMatch(/^- (\*\*[A-Z][a-z ]+:\*\* |(\d{4}-\d\d-\d\d )?\d\d:\d\d UTC)/);
    }
    expect(lines[0]).toMatch(/^# INC-42: [^\n]*$/);
    expect(hasUnescaped(doc, '[')).toBe(false);
    expect(hasUnescaped(doc, '<')).toBe(false);
    expect(hasUnescaped(doc, '`')).toBe(false);
    expect(doc).not.toContain('<!channel>');
    expect(doc).not.toContain('<script>');
  });

  test('table rows keep their column count whatever the text', () => {
    const doc = renderReviewDocument(hostile('| a | b |\n|---|---|'));
    for (const line of doc.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 2;
      expect(cells).toBe(3);
    }
  });

  test('<!channel> renders as inert text', () => {
    const doc = renderReviewDocument(hostile('<!channel>'));
    expect(doc).toContain('@channel');
  });
});

test('10,000 entries render, ending with the last entry', () => {
  const d = largeIncident(10_000, 99);
  const last = d.timeline.reduce((a, b) => (b.at.getTime() >= a.at.getTime() ? b : a));
  last.text = 'THE VERY LAST ENTRY';
  const doc = renderReviewDocument(d);
  expect(doc.trimEnd().split('\n').at(-1)).toContain('THE VERY LAST ENTRY');
  const appendix = doc.slice(doc.indexOf('## Appendix: full timeline'));
  expect(appendix.split('\n').filter((l) => /^- (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC · /.test(l))).toHaveLength(10_000);
  // Five days and a few hours: the date is written once per day, not on 10,000 lines.
  expect(appendix.split('\n').filter((l) => /^- \d{4}-/.test(l))).toHaveLength(6);
});

test('the type and custom fields are listed with the facts, a dropped field under its stored label', () => {
  const data = smallIncident();
  data.incident = {
    ...data.incident,
    type: 'security',
    fields: {
      vector: { label: 'Attack vector', kind: 'select', value: 'phishing' },
      owner: { label: 'Security owner', kind: 'user', value: 'UBOB' },
      retired: { label: 'Region *(old)*', kind: 'text', value: 'eu_west' },
    },
  };
  const facts = renderReviewDocument(data).split('\n');
  expect(facts).toEqual(
    expect.arrayContaining([
      '- **Type:** security',
      '- **Attack vector:** phishing',
      '- **Security owner:** @Bob\\_Smith',
      '- **Region \\*(old)\\*:** eu\\_west',
    ]),
  );
  expect(renderReviewDocument(smallIncident())).not.toContain('**Type:**');
});

test('the roles the policy adds are listed after the scribe', () => {
  const data = smallIncident();
  data.incident = { ...data.incident, extraRoles: { 'security-lead': 'UBOB' } };
  const facts = renderReviewDocument(data).split('\n');
  const scribe = facts.findIndex((l) => l.startsWith('- **Scribe:**'));
  expect(facts[scribe + 1]).toBe('- **Role security-lead:** @Bob\\_Smith');
});
