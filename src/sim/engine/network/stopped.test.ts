import { describe, expect, it } from 'vitest';
import { createHost } from '../../host/host.ts';
import { setSeams } from '../containers/seams.ts';

describe('docker network connect/disconnect of a stopped container', () => {
  it('records the endpoint and attaches it at start', () => {
    const h = createHost({ seed: 21 });
    h.run('docker create --name app alpine sleep 1000');
    expect(h.run("docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' app").stdout).toBe('bridge \n');
    h.run('docker network create backend');
    expect(h.run('docker network connect backend app')).toMatchObject({ exitCode: 0, stderr: '' });
    expect(h.run('docker network connect backend app').exitCode).toBe(0);
    expect(h.run('docker network connect host app')).toMatchObject({ exitCode: 1, stderr: 'Error response from daemon: container cannot be disconnected from host network or connected to host network\n' });
    expect(h.run("docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' app").stdout).toBe('backend bridge \n');
    h.run('docker start app');
    const ips = h.run("docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}' app").stdout;
    expect(ips).toBe('backend=172.18.0.2 bridge=172.17.0.2 \n');
    expect(h.run('docker exec app ip -4 addr show eth1').stdout).toContain('172.18.0.2/16');
    h.run('docker stop -t 0 app');
    expect(h.run('docker network disconnect backend app').exitCode).toBe(0);
    const again = h.run('docker network disconnect backend app');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/^Error response from daemon: container [0-9a-f]{64} is not connected to the network backend\n$/);
  });
});

describe('docker create that fails after its volumes were resolved', () => {
  it('drops the volume references (and the anonymous volumes) so volume rm works', () => {
    const h = createHost({ seed: 22 });
    h.run('docker pull alpine');
    setSeams(h.engine, { prepareRootfs: () => ({ error: 'no space left on device' }) });
    const r = h.run('docker create -v named:/data -v /anon alpine');
    expect(r.exitCode).toBe(1);
    expect(h.engine.state.volumes.refs).toEqual({});
    expect(h.run('docker volume ls -q').stdout).toBe('named\n');
    expect(h.run('docker volume rm named')).toMatchObject({ exitCode: 0, stdout: 'named\n' });
  });

  it('a bad mount spec leaves no volume behind', () => {
    const h = createHost({ seed: 23 });
    h.run('docker pull alpine');
    const r = h.run("docker create -v /anon -v named:/x --mount type=volume,target=rel alpine");
    expect(r.exitCode).not.toBe(0);
    expect(h.run('docker volume ls -q').stdout).toBe('');
  });
});
