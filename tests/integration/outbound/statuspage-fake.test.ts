// The Statuspage fake against ../shared/integration-specs/statuspage-v1/: authentication, the wrapped bodies and
// their validation, the response shapes, search and the unresolved list, so the bot's tests assert against what
// the real API would answer.
import { FakeStatuspage } from '@firebreak/service-fakes';

const KEY = 'sp-test-key';
const PAGE = 'pg0000000001';
const sp = new FakeStatuspage().addPage(PAGE, KEY, [
  { id: 'cmp000000001', name: 'API' },
  { id: 'cmp000000002', name: 'Website' },
]);
beforeAll(() => sp.start());
afterAll(() => sp.stop());

/** The fields of the API's Incident and Component these tests read. */
interface Shown {
  id: string;
  name: string;
  status: string;
  incident_updates: { body: string }[];
}

async function call(method: string, path: string, body?: unknown, auth: string | null = `OAuth ${KEY}`) {
  const res = await fetch(`${sp.url}/v1/pages/${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown };
}

const ids = (res: { body: unknown }) => (res.body as Shown[]).map((i) => i.id);
const names = (res: { body: unknown }) => (res.body as Shown[]).map((i) => i.name);

describe('Statuspage API v1 fake', () => {
  test('create answers 201 with the Incident shape; components are a map of id to status', async () => {
    const created = await call('POST', `${PAGE}/incidents`, {
      incident: {
        name: 'Service disruption (INC-1)',
        status: 'investigating',
        body: 'Errors on the API.',
        component_ids: ['cmp000000001'],
        components: { cmp000000001: 'partial_outage' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[a-z0-9]{12}$/),
      name: 'Service disruption (INC-1)',
      status: 'investigating',
      impact: 'major',
      page_id: PAGE,
      shortlink: expect.stringMatching(/^https:\/\/stspg\.io\//),
      resolved_at: null,
      components: [{ id: 'cmp000000001', name: 'API', status: 'partial_outage', page_id: PAGE }],
      incident_updates: [
        {
          body: 'Errors on the API.',
          status: 'investigating',
          affected_components: [
            { code: 'cmp000000001', name: 'API', old_status: 'operational', new_status: 'partial_outage' },
          ],
        },
      ],
    });
    const id = (created.body as Shown).id;

    const patched = await call('PATCH', `${PAGE}/incidents/${id}`, {
      incident: { status: 'resolved', body: 'Fixed.', components: { cmp000000001: 'operational' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'resolved', impact: 'none', resolved_at: expect.any(String) });
    expect((patched.body as Shown).incident_updates.map((u) => u.body)).toEqual(['Fixed.', 'Errors on the API.']);
    expect((await call('GET', `${PAGE}/incidents/${id}`)).body).toMatchObject({ id, status: 'resolved' });

    const open = await call('POST', `${PAGE}/incidents`, { incident: { name: 'Service disruption (INC-2)' } });
    expect((open.body as Shown).status).toBe('investigating');
    expect(names(await call('GET', `${PAGE}/incidents/unresolved`))).toEqual(['Service disruption (INC-2)']);
    const found = await call('GET', `${PAGE}/incidents?q=${encodeURIComponent('(INC-1)')}`);
    expect(ids(found)).toEqual([id]);
    expect(ids(await call('GET', `${PAGE}/incidents?limit=1&page=2`))).toEqual([id]);
    expect(((await call('GET', `${PAGE}/components`)).body as Shown[]).map((c) => c.status)).toEqual([
      'operational',
      'operational',
    ]);
    expect((await call('GET', `${PAGE}/components/cmp000000002`)).body).toMatchObject({ name: 'Website' });
  });

  test.each([
    ['no Authorization', null, 401],
    ['a key the fake does not know', 'OAuth nope', 401],
    ['a Bearer scheme', `Bearer ${KEY}`, 401],
  ])('%s is 401 with an ErrorEntity', async (_name, auth, status) => {
    const res = await call('GET', `${PAGE}/incidents`, undefined, auth);
    expect(res).toEqual({ status, body: { message: expect.any(String) } });
  });

  test('?api_key= authenticates too; an unknown page, incident or component is 404', async () => {
    const res = await fetch(`${sp.url}/v1/pages/${PAGE}/components?api_key=${KEY}`);
    expect(res.status).toBe(200);
    expect((await call('GET', 'nosuchpage/incidents')).status).toBe(404);
    expect((await call('GET', `${PAGE}/incidents/nosuchincident`)).status).toBe(404);
    expect((await call('PATCH', `${PAGE}/incidents/nosuchincident`, { incident: { status: 'resolved' } })).status).toBe(
      404,
    );
    expect((await call('GET', `${PAGE}/components/nosuch`)).status).toBe(404);
  });

  test.each([
    ['a body not wrapped in "incident"', { name: 'x' }, 400],
    ['not JSON', 'name=x', 400],
    ['no name', { incident: { status: 'investigating' } }, 422],
    ['a name over 255 characters', { incident: { name: 'n'.repeat(256) } }, 422],
    ['an unknown status', { incident: { name: 'x', status: 'broken' } }, 422],
    ['a body over 25000 characters', { incident: { name: 'x', body: 'b'.repeat(25_001) } }, 422],
    ['an unknown component', { incident: { name: 'x', components: { nosuch: 'major_outage' } } }, 422],
    ['an unknown component status', { incident: { name: 'x', components: { cmp000000001: 'on_fire' } } }, 422],
    ['component_ids not a list', { incident: { name: 'x', component_ids: 'cmp000000001' } }, 422],
  ])('a create with %s is refused, %i, and creates nothing', async (_name, body, status) => {
    const before = sp.incidents(PAGE).length;
    const res = await call('POST', `${PAGE}/incidents`, body);
    expect(res).toEqual({ status, body: { message: expect.any(String) } });
    expect(sp.incidents(PAGE)).toHaveLength(before);
  });

  test('420 and 429 faults carry Retry-After; a 500 fault answers an ErrorEntity', async () => {
    for (const status of [420, 429]) {
      sp.failNext('list', { status, retryAfter: 3 });
      const res = await fetch(`${sp.url}/v1/pages/${PAGE}/incidents`, { headers: { authorization: `OAuth ${KEY}` } });
      expect(res.status).toBe(status);
      expect(res.headers.get('retry-after')).toBe('3');
    }
    sp.failNext('create', { status: 500 });
    expect(await call('POST', `${PAGE}/incidents`, { incident: { name: 'x' } })).toEqual({
      status: 500,
      body: { message: 'Internal Server Error' },
    });
  });
});
