import { describe, expect, test } from 'vitest';
import { defaultAction, isValidSignal, signalDescription, signalName, signalNumber, standardSignals } from './signals.ts';

describe('signal names and numbers (signal(7), x86-64)', () => {
  test('parses names with or without SIG, any case, and numbers', () => {
    expect(signalNumber('TERM')).toBe(15);
    expect(signalNumber('SIGTERM')).toBe(15);
    expect(signalNumber('sigkill')).toBe(9);
    expect(signalNumber('15')).toBe(15);
    expect(signalNumber('0')).toBe(0);
    expect(signalNumber('HUP')).toBe(1);
    expect(signalNumber('SYS')).toBe(31);
    expect(signalNumber('CHLD')).toBe(17);
    expect(signalNumber('IOT')).toBe(6);
    expect(signalNumber('POLL')).toBe(29);
  });
  test('real-time signals relative to RTMIN and RTMAX', () => {
    expect(signalNumber('RTMIN')).toBe(34);
    expect(signalNumber('SIGRTMIN+3')).toBe(37);
    expect(signalNumber('RTMAX-1')).toBe(63);
    expect(signalNumber('RTMAX+1')).toBeNull();
  });
  test('rejects unknown names and out-of-range numbers', () => {
    expect(signalNumber('FOO')).toBeNull();
    expect(signalNumber('65')).toBeNull();
    expect(signalNumber('')).toBeNull();
    expect(isValidSignal(64)).toBe(true);
    expect(isValidSignal(-1)).toBe(false);
  });
  test('names numbers back', () => {
    expect(signalName(15)).toBe('SIGTERM');
    expect(signalName(9)).toBe('SIGKILL');
    expect(signalName(34)).toBe('SIGRTMIN');
    expect(signalName(35)).toBe('SIGRTMIN+1');
    expect(signalName(63)).toBe('SIGRTMAX-1');
    expect(signalName(0)).toBeNull();
    expect(signalName(32)).toBeNull();
  });
  test('default actions', () => {
    expect(defaultAction(15)).toBe('term');
    expect(defaultAction(9)).toBe('term');
    expect(defaultAction(11)).toBe('core');
    expect(defaultAction(17)).toBe('ignore');
    expect(defaultAction(28)).toBe('ignore');
    expect(defaultAction(19)).toBe('stop');
    expect(defaultAction(20)).toBe('stop');
    expect(defaultAction(18)).toBe('cont');
    expect(defaultAction(40)).toBe('term');
  });
  test('strsignal texts shells print', () => {
    expect(signalDescription(9)).toBe('Killed');
    expect(signalDescription(15)).toBe('Terminated');
    expect(signalDescription(2)).toBe('Interrupt');
    expect(signalDescription(35)).toBe('Real-time signal 1');
  });
  test('kill -l lists 31 standard signals in order', () => {
    const all = standardSignals();
    expect(all).toHaveLength(31);
    expect(all[0]).toEqual({ number: 1, name: 'SIGHUP' });
    expect(all[30]).toEqual({ number: 31, name: 'SIGSYS' });
  });
});
