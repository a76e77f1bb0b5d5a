/**
 * applyContainersEvent: the only writer of EngineState.containers. It copies
 * what it keeps out of each event (copyPlain: clonePlain's copies, kept fast for
 * V8), so the event log never aliases live state, and keeps the indexes (names,
 * init PIDs, exec PIDs) in step.
 */

import type { EngineState } from '../state.ts';
import type { EngineEvent } from '../events.ts';
import { copyContainerRecord, copyNetworkSettings, copyPlain } from '../copy.ts';
import type { Attachment } from './types.ts';
import { keepRecent } from './log-keep.ts';

/** Keep the index of containers whose attachments hold undelivered output. */
function markPending(st: EngineState['containers'], id: string, attachments: Attachment[]): void {
  const any = attachments.some((a) => !!(a.pendingOut || a.pendingErr));
  st.pendingIds ??= {};
  if (any) st.pendingIds[id] = true;
  else delete st.pendingIds[id];
}

export function applyContainersEvent(s: EngineState, e: EngineEvent): void {
  const st = s.containers;
  switch (e.type) {
    case 'container.created': {
      const c = copyContainerRecord(e.container);
      st.byId[c.Id] = c;
      st.names[c.Name] = c.Id;
      st.logs[c.Id] = [];
      return;
    }
    case 'container.stateChanged': {
      const c = st.byId[e.id];
      if (!c) return;
      c.State = copyPlain(e.state);
      c.rt.lifecycle = copyPlain(e.lifecycle);
      c.RestartCount = e.restartCount;
      return;
    }
    case 'container.taskCreated': {
      const c = st.byId[e.id];
      if (!c) return;
      c.rt.task = copyPlain(e.task);
      st.byInitPid[e.task.initPid] = e.id;
      return;
    }
    case 'container.taskDeleted': {
      const c = st.byId[e.id];
      if (!c) return;
      if (c.rt.task && st.byInitPid[c.rt.task.initPid] === e.id) delete st.byInitPid[c.rt.task.initPid];
      c.rt.task = null;
      return;
    }
    case 'container.runtimeChanged': {
      const c = st.byId[e.id];
      if (c) Object.assign(c.rt, copyPlain(e.patch));
      return;
    }
    case 'container.pathsSet': {
      const c = st.byId[e.id];
      if (c) Object.assign(c, copyPlain(e.paths));
      return;
    }
    case 'container.renamed': {
      const c = st.byId[e.id];
      if (!c) return;
      if (st.names[e.oldName] === e.id) delete st.names[e.oldName];
      st.names[e.name] = e.id;
      c.Name = e.name;
      return;
    }
    case 'container.updated': {
      const c = st.byId[e.id];
      if (c) Object.assign(c.HostConfig, copyPlain(e.hostConfig));
      return;
    }
    case 'container.networkSettingsChanged': {
      const c = st.byId[e.id];
      if (c) c.NetworkSettings = copyNetworkSettings(e.settings);
      return;
    }
    case 'container.endpointsChanged': {
      const c = st.byId[e.id];
      if (c) c.EndpointsConfig = copyPlain(e.endpoints);
      return;
    }
    case 'container.mountsChanged': {
      const c = st.byId[e.id];
      if (c) c.Mounts = copyPlain(e.mounts);
      return;
    }
    case 'container.logged': {
      const log = st.logs[e.id];
      if (!log) return;
      const bytes = st.logBytes ?? (st.logBytes = {});
      let n = bytes[e.id] ?? 0;
      for (const x of e.entries) {
        log.push({ stream: x.stream, log: x.log, timeMs: x.timeMs });
        n += x.log.length;
      }
      bytes[e.id] = keepRecent(log, n);
      return;
    }
    case 'container.attached': {
      const c = st.byId[e.id];
      if (c) c.rt.attachments.push(copyPlain(e.attachment));
      return;
    }
    case 'container.attachmentsClosed': {
      const c = st.byId[e.id];
      if (c) c.rt.attachments = copyPlain(e.remaining);
      if (c) markPending(st, e.id, c.rt.attachments);
      return;
    }
    case 'container.attachmentsChanged': {
      const c = st.byId[e.id];
      if (c) c.rt.attachments = copyPlain(e.attachments);
      if (c) markPending(st, e.id, c.rt.attachments);
      return;
    }
    case 'container.drainingChanged':
      st.draining = copyPlain(e.draining);
      return;
    case 'container.ptyChanged': {
      const c = st.byId[e.id];
      if (c) c.rt.pty = e.pty;
      return;
    }
    case 'container.stdinChanged': {
      const c = st.byId[e.id];
      if (c) c.rt.stdin = e.stdin ? { pipe: e.stdin.pipe, held: e.stdin.held } : null;
      return;
    }
    case 'container.waiterAdded': {
      const c = st.byId[e.id];
      if (c) c.rt.waiters.push({ pipe: e.pipe, condition: e.condition });
      return;
    }
    case 'container.waitersAnswered': {
      const c = st.byId[e.id];
      if (c) c.rt.waiters = copyPlain(e.remaining);
      return;
    }
    case 'container.removed': {
      const c = st.byId[e.id];
      if (!c) return;
      if (st.names[c.Name] === e.id) delete st.names[c.Name];
      if (c.rt.task && st.byInitPid[c.rt.task.initPid] === e.id) delete st.byInitPid[c.rt.task.initPid];
      for (const ex of Object.values(st.execs)) {
        if (ex.ContainerID !== e.id) continue;
        if (ex.rt.pid != null && st.byExecPid[ex.rt.pid] === ex.ID) delete st.byExecPid[ex.rt.pid];
        delete st.execs[ex.ID];
      }
      delete st.logs[e.id];
      if (st.logBytes) delete st.logBytes[e.id];
      if (st.pendingIds) delete st.pendingIds[e.id];
      delete st.byId[e.id];
      return;
    }
    case 'container.healthChanged': {
      const c = st.byId[e.id];
      if (!c) return;
      if (e.health) c.State.Health = copyPlain(e.health);
      else delete c.State.Health;
      c.rt.health = e.rt ? copyPlain(e.rt) : null;
      return;
    }
    case 'container.execRemoved': {
      const x = st.execs[e.id];
      if (!x) return;
      if (x.rt.pid != null && st.byExecPid[x.rt.pid] === x.ID) delete st.byExecPid[x.rt.pid];
      const c = st.byId[x.ContainerID];
      if (c?.ExecIDs) {
        c.ExecIDs = c.ExecIDs.filter((i) => i !== x.ID);
        if (c.ExecIDs.length === 0) c.ExecIDs = null;
      }
      delete st.execs[e.id];
      return;
    }
    case 'container.execCreated': {
      const x = copyPlain(e.exec);
      st.execs[x.ID] = x;
      const c = st.byId[x.ContainerID];
      if (c) c.ExecIDs = [...(c.ExecIDs ?? []), x.ID];
      return;
    }
    case 'container.execChanged': {
      const x = st.execs[e.id];
      if (!x) return;
      const { rt, ...rest } = copyPlain(e.patch);
      Object.assign(x, rest);
      if (rt) Object.assign(x.rt, rt);
      if (rt?.pid != null && x.Running) st.byExecPid[rt.pid] = x.ID;
      if (e.patch.Running === false && x.rt.pid != null && st.byExecPid[x.rt.pid] === x.ID) {
        delete st.byExecPid[x.rt.pid];
        const c = st.byId[x.ContainerID];
        if (c?.ExecIDs) {
          c.ExecIDs = c.ExecIDs.filter((i) => i !== x.ID);
          if (c.ExecIDs.length === 0) c.ExecIDs = null;
        }
      }
      return;
    }
    default:
      return;
  }
}
