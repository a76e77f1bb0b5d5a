/**
 * Own-property lookup in plain-object tables. Shell names come from the user
 * ("__proto__", "constructor"): a plain `obj[name]` would find Object.prototype's.
 */

export function own<T>(o: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}
