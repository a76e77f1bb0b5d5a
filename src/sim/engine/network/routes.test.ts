import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '../api/types.ts';
import { bootEngine, fakeContainer, type EngineHost } from './testkit.ts';
import { attachContainer } from './attach.ts';

function api(h: EngineHost, method: ApiRequest['method'], path: string, body?: unknown, query: Record<string, string> = {}) {
  return h.engine.handle({ method, path, query, headers: {}, body }, 1);
}

describe('network routes', () => {
  it('GET /networks/bridge answers Docker 28 inspect JSON, with the attached containers', () => {
    const h = bootEngine();
    const c = fakeContainer(h);
    const r = attachContainer(h.engine, c.id, c.pid, { name: 'web' });
    if ('error' in r) throw new Error(r.error);
    const res = api(h, 'GET', '/v1.50/networks/bridge');
    expect(res.status).toBe(200);
    const n = h.engine.state.network.networks[h.engine.state.network.order[0]!]!;
    const ep = r.networks.bridge!;
    expect(JSON.stringify(res.body, null, 4)).toBe(
      JSON.stringify(
        {
          Name: 'bridge',
          Id: n.Id,
          Created: n.Created,
          Scope: 'local',
          Driver: 'bridge',
          EnableIPv4: true,
          EnableIPv6: false,
          IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }] },
          Internal: false,
          Attachable: false,
          Ingress: false,
          ConfigFrom: { Network: '' },
          ConfigOnly: false,
          Containers: { [c.id]: { Name: 'web', EndpointID: ep.EndpointID, MacAddress: ep.MacAddress, IPv4Address: '172.17.0.2/16', IPv6Address: '' } },
          Options: {
            'com.docker.network.bridge.default_bridge': 'true',
            'com.docker.network.bridge.enable_icc': 'true',
            'com.docker.network.bridge.enable_ip_masquerade': 'true',
            'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0',
            'com.docker.network.bridge.name': 'docker0',
            'com.docker.network.driver.mtu': '1500',
          },
          Labels: {},
        },
        null,
        4,
      ),
    );
    expect(n.Created).toMatch(/^2026-01-15T09:00:00(\.\d{1,9})?Z$/);
  });

  it('GET /networks lists all without containers, filters by name, driver and type', () => {
    const h = bootEngine();
    api(h, 'POST', '/networks/create', { Name: 'front', Labels: { tier: 'web' } });
    const c = fakeContainer(h);
    attachContainer(h.engine, c.id, c.pid, { name: 'web' });
    const all = api(h, 'GET', '/networks').body as Array<{ Name: string; Containers: object; IPAM: { Config: unknown } }>;
    expect(all.map((n) => n.Name)).toEqual(['bridge', 'host', 'none', 'front']);
    expect(all.every((n) => Object.keys(n.Containers).length === 0)).toBe(true);
    expect(all[1]?.IPAM.Config).toBeNull();
    const q = (f: object) => (api(h, 'GET', '/networks', undefined, { filters: JSON.stringify(f) }).body as Array<{ Name: string }>).map((n) => n.Name);
    expect(q({ name: ['fro'] })).toEqual(['front']);
    expect(q({ driver: { bridge: true } })).toEqual(['bridge', 'front']);
    expect(q({ type: ['custom'] })).toEqual(['front']);
    expect(q({ label: ['tier=web'] })).toEqual(['front']);
    expect(q({ dangling: ['true'] })).toEqual(['front']);
    expect(api(h, 'GET', '/networks', undefined, { filters: '{"color":["red"]}' }).body).toEqual({ message: "invalid filter 'color'" });
  });

  it('answers create and remove errors with Docker 28 texts', () => {
    const h = bootEngine();
    const create = (b: object) => api(h, 'POST', '/networks/create', b);
    expect(create({ Name: 'front' }).status).toBe(201);
    expect(create({ Name: 'front' })).toMatchObject({ status: 409, body: { message: 'network with name front already exists' } });
    expect(create({ Name: 'bridge' })).toMatchObject({ status: 403, body: { message: 'bridge is a pre-defined network and cannot be created' } });
    expect(create({ Name: 'x', Driver: 'overlay2' })).toMatchObject({ status: 404, body: { message: 'plugin "overlay2" not found' } });
    expect(create({ Name: 'x', IPAM: { Config: [{ Subnet: '10.1.2.0/16', Gateway: '10.9.0.1' }] } })).toMatchObject({
      status: 400,
      body: { message: 'invalid network config:\ninvalid subnet 10.1.2.0/16: it should be 10.1.0.0/16\ninvalid gateway 10.9.0.1: parent subnet 10.1.0.0/16 doesn\'t contain this address' },
    });
    expect(create({ Name: 'x', IPAM: { Config: [{ Subnet: 'banana' }] } }).body).toEqual({ message: 'invalid network config:\ninvalid subnet banana: invalid CIDR block notation' });
    expect(create({ Name: 'x', IPAM: { Config: [{ Subnet: '172.18.5.0/24' }] } })).toMatchObject({ status: 403, body: { message: 'invalid pool request: Pool overlaps with other one on this address space' } });
    expect(api(h, 'DELETE', '/networks/host')).toMatchObject({ status: 403, body: { message: 'host is a pre-defined network and cannot be removed' } });
    expect(api(h, 'DELETE', '/networks/nosuch')).toMatchObject({ status: 404, body: { message: 'network nosuch not found' } });
    expect(api(h, 'GET', '/networks/nosuch')).toMatchObject({ status: 404, body: { message: 'network nosuch not found' } });
    expect(api(h, 'POST', '/networks/front/connect', { Container: 'ghost' })).toMatchObject({ status: 404, body: { message: 'No such container: ghost' } });
  });

  it('POST /networks/prune removes unused user networks and reports their names', () => {
    const h = bootEngine();
    api(h, 'POST', '/networks/create', { Name: 'a' });
    api(h, 'POST', '/networks/create', { Name: 'b' });
    const c = fakeContainer(h);
    attachContainer(h.engine, c.id, c.pid, { name: 'x', networkMode: 'b' });
    expect(api(h, 'POST', '/networks/prune').body).toEqual({ NetworksDeleted: ['a'] });
    expect(api(h, 'POST', '/networks/prune').body).toEqual({ NetworksDeleted: null });
    expect(h.engine.state.network.order.map((id) => h.engine.state.network.networks[id]?.Name)).toEqual(['bridge', 'host', 'none', 'b']);
  });
});
