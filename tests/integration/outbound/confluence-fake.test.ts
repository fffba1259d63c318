// The Confluence fake against ../shared/integration-specs/confluence-cloud-v2/: the v2 page shapes, validation,
// unique titles, version numbers and basic auth, so the bot's tests assert against what Confluence would answer.
import { FakeConfluence } from '@firebreak/service-fakes';

const confluence = new FakeConfluence().addAccount('a@example.com', 'tok').addSpace('98305', 'OPS');
beforeAll(() => confluence.start());
afterAll(() => confluence.stop());

const AUTH = `Basic ${Buffer.from('a@example.com:tok').toString('base64')}`;

/** What the tests read of an answer: a page, a list or an error. */
type Answer = Record<string, unknown> & {
  id: string;
  errors: { title: string }[];
  results: unknown[];
  body: { storage: { value: string } };
};

async function call(method: string, path: string, body?: unknown, auth = AUTH) {
  const res = await fetch(`${confluence.url}/wiki/api/v2${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: auth },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Answer };
}

const page = (over: Record<string, unknown> = {}) => ({
  spaceId: '98305',
  status: 'current',
  title: 'INC-1 review',
  body: { representation: 'storage', value: '<p>Hello</p>' },
  ...over,
});

describe('Confluence Cloud v2 pages fake', () => {
  test('create answers 200 with the page; get and list find it, with its storage body when asked', async () => {
    const created = await call('POST', '/pages', page());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      title: 'INC-1 review',
      spaceId: '98305',
      status: 'current',
      version: { number: 1 },
      body: { storage: { representation: 'storage', value: '<p>Hello</p>' } },
      _links: { base: `${confluence.url}/wiki`, webui: expect.stringMatching(/^\/spaces\/OPS\/pages\/\d+\//) },
    });
    const id = created.body.id as string;
    expect(typeof id).toBe('string');

    const got = await call('GET', `/pages/${id}`);
    expect(got.body.body).toEqual({});
    expect((await call('GET', `/pages/${id}?body-format=storage`)).body.body.storage.value).toBe('<p>Hello</p>');

    const listed = await call('GET', `/pages?space-id=98305&title=${encodeURIComponent('INC-1 review')}`);
    expect(listed.body.results).toMatchObject([{ id, title: 'INC-1 review' }]);
    expect((await call('GET', '/pages?space-id=98305&title=nothing')).body.results).toEqual([]);
  });

  test('a title already in the space is refused with 400; the nested body form is read too', async () => {
    const again = await call('POST', '/pages', page());
    expect(again.status).toBe(400);
    expect(again.body.errors[0].title).toContain('same title');
    const nested = await call(
      'POST',
      '/pages',
      page({ title: 'Nested', body: { storage: { representation: 'storage', value: '<p>x</p>' } } }),
    );
    expect(nested.status).toBe(200);
  });

  test('bad requests: no spaceId, no title, a body that is not well-formed XHTML, another representation', async () => {
    expect((await call('POST', '/pages', page({ spaceId: undefined }))).status).toBe(400);
    expect((await call('POST', '/pages', page({ title: '' }))).status).toBe(400);
    const broken = await call(
      'POST',
      '/pages',
      page({ title: 'Broken', body: { representation: 'storage', value: '<p>a & b' } }),
    );
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0].title).toContain('Error parsing xhtml');
    expect(
      (await call('POST', '/pages', page({ title: 'Wiki', body: { representation: 'wiki', value: 'h1. x' } }))).status,
    ).toBe(400);
    expect(confluence.pages.some((p) => ['Broken', 'Wiki'].includes(p.title))).toBe(false);
  });

  test('an unknown space or parent is 404; wrong or missing credentials are 401', async () => {
    expect((await call('POST', '/pages', page({ spaceId: '1', title: 'Nowhere' }))).status).toBe(404);
    expect((await call('POST', '/pages', page({ parentId: '999', title: 'Orphan' }))).status).toBe(404);
    expect((await call('GET', '/pages/999999')).status).toBe(404);
    const wrong = `Basic ${Buffer.from('a@example.com:nope').toString('base64')}`;
    expect((await call('POST', '/pages', page({ title: 'Intruder' }), wrong)).status).toBe(401);
    expect((await call('GET', '/pages?space-id=98305', undefined, '')).status).toBe(401);
  });

  test('update needs the current version plus one (else 409), keeps the title unique, and keeps history', async () => {
    const { body } = await call('POST', '/pages', page({ title: 'Versioned' }));
    const id = body.id as string;
    const update = (version: number, over: Record<string, unknown> = {}) =>
      call('PUT', `/pages/${id}`, {
        id,
        status: 'current',
        title: 'Versioned',
        body: { representation: 'storage', value: `<p>v${version}</p>` },
        version: { number: version },
        ...over,
      });
    expect((await update(3)).status).toBe(409);
    expect((await update(1)).status).toBe(409);
    const ok = await update(2);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id, version: { number: 2 }, body: { storage: { value: '<p>v2</p>' } } });
    expect((await update(3, { title: 'INC-1 review' })).status).toBe(400);
    expect((await update(3, { version: undefined })).status).toBe(400);
    expect((await update(3, { id: '1' })).status).toBe(400);
    expect(confluence.pages.find((p) => p.id === id)).toMatchObject({ version: 2, history: [{}, {}] });
  });

  test('faults: 429 with Retry-After, 500', async () => {
    confluence.failNext('create', { status: 429, retryAfter: 7 });
    const res = await fetch(`${confluence.url}/wiki/api/v2/pages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTH },
      body: JSON.stringify(page({ title: 'Limited' })),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    confluence.failNext('get', { status: 500 });
    expect((await call('GET', '/pages/1')).status).toBe(500);
  });
});
