import { describe, expect, it } from 'vitest';
import { parsePortSpec, parsePortSpecs } from './ports.ts';

describe('go-connections/nat port specs', () => {
  it('parses the -p forms', () => {
    expect(parsePortSpec('80')).toEqual([{ port: '80/tcp', hostIp: '', hostPort: '' }]);
    expect(parsePortSpec('8080:80')).toEqual([{ port: '80/tcp', hostIp: '', hostPort: '8080' }]);
    expect(parsePortSpec('127.0.0.1:53:53/udp')).toEqual([{ port: '53/udp', hostIp: '127.0.0.1', hostPort: '53' }]);
    expect(parsePortSpec('[::1]:7000:7000')).toEqual([{ port: '7000/tcp', hostIp: '::1', hostPort: '7000' }]);
    expect(parsePortSpec('8080-8081:80-81')).toEqual([
      { port: '80/tcp', hostIp: '', hostPort: '8080' },
      { port: '81/tcp', hostIp: '', hostPort: '8081' },
    ]);
    expect(parsePortSpec('8000-8010:80')).toEqual([{ port: '80/tcp', hostIp: '', hostPort: '8000-8010' }]);
  });
  it('rejects bad specs with nat texts', () => {
    expect(parsePortSpec('abc')).toEqual({ error: 'invalid containerPort: abc' });
    expect(parsePortSpec('99999:80')).toEqual({ error: 'invalid hostPort: 99999' });
    expect(parsePortSpec('80/xyz')).toEqual({ error: 'invalid proto: xyz' });
    expect(parsePortSpec('1-2:3-5')).toEqual({ error: 'invalid ranges specified for container and host Ports: 3-5 and 1-2' });
    expect(parsePortSpec('1.2.3:80:80')).toEqual({ error: 'invalid IP address: 1.2.3' });
  });
  it('gathers bindings per port', () => {
    const r = parsePortSpecs(['8080:80', '127.0.0.1:9090:80']);
    expect(r).toEqual({ exposed: ['80/tcp'], bindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '9090' }] } });
  });
});
