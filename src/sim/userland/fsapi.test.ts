import { describe, expect, it } from 'vitest';
import { testHost } from './testkit.ts';
import { fsRead, fsReadForExec, fsStat } from './fsapi.ts';
import { isErr } from '../kernel/errno.ts';

/** What fsReadForExec answers must be what readFile then stat(2) answer. */
function twoCalls(t: ReturnType<typeof testHost>, pid: number, path: string): unknown {
  const data = fsRead(t.k, pid, path);
  if (isErr(data)) return data;
  const st = fsStat(t.k, pid, path);
  return { data, file: isErr(st) ? null : { mode: st.mode, uid: st.uid, gid: st.gid } };
}

describe('fsReadForExec (one walk for execve\'s read and stat)', () => {
  it('answers as readFile + stat do: programs, set-user-ID files, scripts, errors, synthetic files', () => {
    const t = testHost();
    expect(t.run('printf "#!/bin/sh\\necho hi\\n" > /root/s.sh; chown 5:6 /root/s.sh; chmod 6755 /root/s.sh; mkdir -p /root/d; chmod 700 /root/d; echo x > /root/d/f').exitCode).toBe(0);
    const pid = t.hu.rootShellPid;
    for (const path of ['/usr/bin/sudo', '/bin/ls', '/root/s.sh', '/root/missing', '/root', '/proc/self/status', '/proc/1/ns/net', '/dev/null', '/root/d/f']) {
      expect(fsReadForExec(t.k, pid, path, () => true), path).toEqual(twoCalls(t, pid, path));
    }
    const sudo = fsReadForExec(t.k, pid, '/usr/bin/sudo', () => true);
    expect(!isErr(sudo) && sudo.file?.mode).toBe(0o4755);
    const s = fsReadForExec(t.k, pid, '/root/s.sh', () => true);
    const n = fsReadForExec(t.k, pid, '/root/s.sh', () => false);
    expect(!isErr(n) && n.file).toBe(null);
    expect(!isErr(s) && s.file).toEqual({ mode: 0o6755, uid: 5, gid: 6 });
  });
});
