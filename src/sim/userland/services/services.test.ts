import { describe, expect, it } from 'vitest';
import { testHost, type TestHost } from '../testkit.ts';
import { fsMkdir, fsWrite } from '../fsapi.ts';
import { marker } from '../install.ts';
import { NGINX_DEFAULT_CONF, NGINX_INDEX_HTML } from './nginx-files.ts';

function install(t: TestHost, path: string, id: string): void {
  fsWrite(t.k, 1, path, marker(id), { mode: 0o755 });
}

function withNginx(): TestHost {
  const t = testHost();
  install(t, '/usr/sbin/nginx', 'nginx');
  for (const d of ['/etc/nginx', '/etc/nginx/conf.d', '/usr/share/nginx', '/usr/share/nginx/html']) fsMkdir(t.k, 1, d);
  fsWrite(t.k, 1, '/usr/share/nginx/html/index.html', NGINX_INDEX_HTML);
  fsWrite(t.k, 1, '/etc/nginx/conf.d/default.conf', NGINX_DEFAULT_CONF);
  return t;
}

describe('nginx', () => {
  it('runs a master and one worker per CPU, serves the welcome page and logs in the image format', () => {
    const t = withNginx();
    expect(t.run("nginx -g 'daemon off;' > /tmp/out 2> /tmp/err &").exitCode).toBe(0);
    const ps = t.run('ps -eo user,rss,args | grep [n]ginx').stdout;
    expect(ps).toContain('root      6144 nginx: master process nginx -g daemon off;');
    expect(ps.match(/nginx: worker process/g)?.length).toBe(t.k.state.machine.cpus);
    const page = t.run('curl -s http://127.0.0.1/');
    expect(page.stdout).toBe(NGINX_INDEX_HTML);
    expect(page.stdout.length).toBe(615);
    const log = t.run('cat /tmp/out').stdout;
    expect(log).toMatch(/^127\.0\.0\.1 - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/7\.88\.1" "-"\n$/);
    const err = t.run('cat /tmp/err').stdout;
    expect(err).toMatch(/\[notice\] \d+#\d+: using the "epoll" event method\n/);
    expect(err).toMatch(/\[notice\] \d+#\d+: start worker process \d+\n/);
    expect(t.ul.crashes).toEqual([]);
  });

  it('answers 404 with its CRLF error page and curl -I shows the headers', () => {
    const t = withNginx();
    t.run("nginx -g 'daemon off;' >/dev/null 2>&1 &");
    const r = t.run('curl -sI http://127.0.0.1/');
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.27\.3\r\nDate: .+ GMT\r\nContent-Type: text\/html\r\nContent-Length: 615\r\nLast-Modified: .+ GMT\r\nConnection: keep-alive\r\nETag: "[0-9a-f]+-267"\r\nAccept-Ranges: bytes\r\n\r\n$/);
    const nf = t.run('curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1/nope');
    expect(nf.stdout).toBe('404');
    expect(t.run('curl -s http://127.0.0.1/nope').stdout).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n');
  });

  it('stops gracefully on SIGQUIT with the notices nginx prints', () => {
    const t = withNginx();
    t.run("nginx -g 'daemon off;' >/dev/null 2> /tmp/err &");
    const before = t.run('cat /tmp/err').stdout;
    t.run('kill -QUIT $(cat /var/run/nginx.pid)');
    const after = t.run('cat /tmp/err').stdout.slice(before.length);
    const lines = after.trim().split('\n').map((l) => l.replace(/^\S+ \S+ /, ''));
    expect(lines[0]).toMatch(/^\[notice\] (\d+)#\1: signal 3 \(SIGQUIT\) received, shutting down$/);
    expect(lines).toContainEqual(expect.stringMatching(/^\[notice\] (\d+)#\1: gracefully shutting down$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\[notice\] \d+#\d+: worker process \d+ exited with code 0$/));
    expect(lines[lines.length - 1]).toMatch(/^\[notice\] (\d+)#\1: exit$/);
    expect(t.run('ps -e | grep -c nginx').stdout).toBe('0\n');
    expect(t.run('curl -s http://127.0.0.1/').exitCode).toBe(7);
  });
});

describe('redis', () => {
  it('logs the 7.4 banner and answers redis-cli through the kernel', () => {
    const t = testHost();
    install(t, '/usr/bin/redis-server', 'redis-server');
    install(t, '/usr/bin/redis-cli', 'redis-cli');
    t.run('redis-server > /tmp/redis.log &');
    const log = t.run('cat /tmp/redis.log').stdout.split('\n');
    expect(log[1]).toMatch(/^\d+:C \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} \* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo$/);
    expect(log[2]).toMatch(/\* Redis version=7\.4\.2, bits=64, commit=00000000, modified=0, pid=\d+, just started$/);
    expect(log[log.length - 2]).toMatch(/^\d+:M .* \* Ready to accept connections tcp$/);
    expect(t.run('redis-cli ping').stdout).toBe('PONG\n');
    expect(t.run('redis-cli set greeting hello').stdout).toBe('OK\n');
    expect(t.run('redis-cli -h 127.0.0.1 -p 6379 get greeting').stdout).toBe('hello\n');
    expect(t.run('redis-cli get missing').stdout).toBe('\n');
    expect(t.run('redis-cli incr n; redis-cli incr n').stdout).toBe('1\n2\n');
    const bad = t.run('redis-cli -p 6380 ping');
    expect(bad).toMatchObject({ exitCode: 1, stderr: 'Could not connect to Redis at 127.0.0.1:6380: Connection refused\n' });
    expect(t.ul.crashes).toEqual([]);
  });
});

describe('python3 -m http.server and busybox httpd', () => {
  it('serves a directory listing of its cwd and logs each request', () => {
    const t = testHost();
    install(t, '/usr/bin/python3', 'python3');
    t.run('mkdir -p /srv/www/sub && echo hi > /srv/www/b.txt && echo x > /srv/www/A.txt');
    t.run('cd /srv/www && python3 -m http.server > /tmp/py.out 2> /tmp/py.err &');
    expect(t.run('cat /tmp/py.out').stdout).toBe('Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...\n');
    const page = t.run('curl -s http://localhost:8000/').stdout;
    expect(page).toBe('<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n<li><a href="A.txt">A.txt</a></li>\n<li><a href="b.txt">b.txt</a></li>\n<li><a href="sub/">sub/</a></li>\n</ul>\n<hr>\n</body>\n</html>\n');
    expect(t.run('curl -s http://localhost:8000/b.txt').stdout).toBe('hi\n');
    expect(t.run('cat /tmp/py.err').stdout).toMatch(/^127\.0\.0\.1 - - \[\d\d\/[A-Z][a-z]{2}\/\d{4} \d\d:\d\d:\d\d\] "GET \/ HTTP\/1\.1" 200 -\n/);
  });

  it('busybox httpd -f -p serves files from -h', () => {
    const t = testHost();
    install(t, '/usr/bin/httpd', 'httpd');
    t.run('mkdir -p /www && echo hello > /www/index.html');
    t.run('httpd -f -p 8080 -h /www &');
    expect(t.run('curl -s localhost:8080').stdout).toBe('hello\n');
    expect(t.run('curl -s -o /dev/null -w "%{http_code}\\n" localhost:8080/x').stdout).toBe('404\n');
  });
});

describe('the official images\' entrypoint', () => {
  it('announces the nginx hook scripts, then execs nginx (which logs its notices)', () => {
    const t = withNginx();
    install(t, '/docker-entrypoint.sh', 'docker-entrypoint.sh');
    t.run('mkdir /docker-entrypoint.d');
    for (const f of ['10-listen-on-ipv6-by-default.sh', '15-local-resolvers.envsh', '20-envsubst-on-templates.sh', '30-tune-worker-processes.sh']) {
      t.run(`echo '#!/bin/sh' > /docker-entrypoint.d/${f} && chmod 755 /docker-entrypoint.d/${f}`);
    }
    t.run("/docker-entrypoint.sh nginx -g 'daemon off;' > /tmp/out 2> /tmp/err &");
    expect(t.run('cat /tmp/out').stdout).toBe(
      [
        '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
        '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
        '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
        '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
        '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
        '',
      ].join('\n'),
    );
    expect(t.run('cat /tmp/err').stdout).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] (\d+)#\1: using the "epoll" event method\n/);
    expect(t.run('ps -eo args | grep "^nginx: master"').stdout).toBe('nginx: master process nginx -g daemon off;\n');
  });

  it('nginx stops fast on SIGTERM', () => {
    const t = withNginx();
    t.run("nginx -g 'daemon off;' >/dev/null 2> /tmp/err &");
    const before = t.run('cat /tmp/err').stdout.length;
    t.run('kill $(cat /var/run/nginx.pid)');
    const lines = t.run('cat /tmp/err').stdout.slice(before).trim().split('\n').map((l) => l.replace(/^\S+ \S+ /, ''));
    expect(lines[0]).toMatch(/^\[notice\] (\d+)#\1: signal 15 \(SIGTERM\) received, exiting$/);
    expect(lines).not.toContainEqual(expect.stringMatching(/gracefully/));
    expect(lines[lines.length - 1]).toMatch(/exit$/);
  });
});

describe('redis-cli on a terminal', () => {
  it('quotes strings and tags integers, nil and errors', () => {
    const t = testHost();
    install(t, '/usr/bin/redis-server', 'redis-server');
    install(t, '/usr/bin/redis-cli', 'redis-cli');
    t.run('redis-server > /dev/null &');
    let out = '';
    t.ul.onTtyOutput('pts/0', (s) => (out += s));
    t.ul.ttyInput('pts/0', 'redis-cli set a 1; redis-cli get a; redis-cli incr a; redis-cli get nope; redis-cli bogus x\n');
    expect(out).toContain('OK\r\n"1"\r\n(integer) 2\r\n(nil)\r\n(error) ERR unknown command \'bogus\', with args beginning with: \'x\' \r\n');
  });
});
