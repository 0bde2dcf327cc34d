import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { collectSharedState } from '../../analyzers/shared-state/collect-state.js';

function collect(text: string, path = 'src/state.ts') {
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return collectSharedState({ path, text, sourceFile });
}

describe('shared-state collect', () => {
  it('keeps the module-level bindings that can hold state, with how they are declared and initialised', () => {
    const local = collect(`
import { EventEmitter as Emitter } from 'node:events';
import * as lru from 'lru-cache';
export const bus = new Emitter();
export let counter = 0;
var legacy;
export { legacy };
const cache = new lru.LRUCache({ max: 10 });
export const instance = Registry.getInstance();
export const frozen = Object.freeze({ a: 1 });
export const list = [1, 2];
const privateList: number[] = [];
export const answer = 42;
export declare let ambient: number;
export default new Date(0);
`);
    expect(local?.variables).toEqual([
      { name: 'bus', line: 4, exported: true, keyword: 'const', init: { type: 'new', callee: 'Emitter', root: 'Emitter' }, mutated: false, lazyInstance: false },
      { name: 'counter', line: 5, exported: true, keyword: 'let', init: { type: 'other' }, mutated: false, lazyInstance: false },
      { name: 'legacy', line: 6, exported: true, keyword: 'var', init: { type: 'none' }, mutated: false, lazyInstance: false },
      { name: 'cache', line: 8, exported: false, keyword: 'const', init: { type: 'new', callee: 'LRUCache', root: 'lru' }, mutated: false, lazyInstance: false },
      { name: 'instance', line: 9, exported: true, keyword: 'const', init: { type: 'call', callee: 'getInstance', root: 'Registry' }, mutated: false, lazyInstance: false },
      { name: 'list', line: 11, exported: true, keyword: 'const', init: { type: 'literal' }, mutated: false, lazyInstance: false },
      { name: 'default', line: 15, exported: true, keyword: 'default', init: { type: 'new', callee: 'Date', root: 'Date' }, mutated: false, lazyInstance: false },
    ]);
    expect(local?.imports).toEqual([
      { local: 'Emitter', specifier: 'node:events', imported: 'EventEmitter' },
      { local: 'lru', specifier: 'lru-cache', imported: '*' },
    ]);
  });

  it('notices contents changed inside functions, not at load time', () => {
    const local = collect(`
const byId = new Map<string, number>();
const seen = new Set<string>();
const totals: Record<string, number> = {};
const queue: string[] = [];
const loadOnly = new Map<string, number>();
const assigned = {};
let conn: Db | undefined;
loadOnly.set('a', 1);
export function touch(id: string) {
  byId.set(id, 1);
  totals[id] += 1;
  delete totals.old;
  queue.push(id);
  Object.assign(assigned, { id });
  conn ??= new Db();
  return seen.has(id);
}
`);
    expect(local?.variables.map((v) => [v.name, v.mutated, v.lazyInstance])).toEqual([
      ['byId', true, false],
      ['seen', false, false],
      ['totals', true, false],
      ['queue', true, false],
      ['loadOnly', false, false],
      ['assigned', true, false],
      ['conn', false, true],
    ]);
    expect(local?.reaches).toEqual({ touch: ['assigned', 'byId', 'conn', 'queue', 'seen', 'totals'] });
  });

  it('follows exported declarations through private helpers to the state they reach', () => {
    const local = collect(`
const store = new Map<string, string>();
function read(k: string) { return store.get(k); }
function write(k: string, v: string) { store.set(k, v); }
export const get = (k: string) => read(k);
export default function (k: string, v: string) { write(k, v); }
export function unrelated() { return 1; }
function helper() { return store.size; }
export { helper as size };
`);
    expect(local?.reaches).toEqual({ default: ['store'], get: ['store'], helper: ['store'] });
  });

  it('describes classes: what they extend and whether they keep their own instance', () => {
    const local = collect(`
import { EventEmitter } from 'events';
export class Bus extends EventEmitter<{ a: [] }> {}
class Config {
  private static instance?: Config;
  static get(): Config { return (Config.instance ??= new Config()); }
}
export default class {
  static getInstance() { return 1; }
}
class Plain extends base.Model implements Thing {}
`);
    expect(local?.classes).toEqual([
      { name: 'Bus', line: 3, exported: true, singleton: false, extends: { callee: 'EventEmitter', root: 'EventEmitter' } },
      { name: 'Config', line: 4, exported: false, singleton: true },
      { name: 'default', line: 8, exported: true, singleton: true },
      { name: 'Plain', line: 11, exported: false, singleton: false, extends: { callee: 'Model', root: 'base' } },
    ]);
  });

  it('records the imported names the file uses as values, and which it mutates', () => {
    const local = collect(`
import { cache, bus, typeOnly, reexported, shadowed } from './state.js';
import type { Types } from './types.js';
import * as ns from './barrel.js';
import def from './def.js';
export { reexported };
type T = typeof typeOnly;
bus.on('x', () => undefined);
export function handle(shadowed: number) {
  cache.set('k', 1);
  ns.registry.push(1);
  const x: Types = ns.read();
  return def + shadowed + x;
}
`);
    expect(local?.uses).toEqual([
      { local: 'bus', mutated: false },
      { local: 'cache', mutated: true },
      { local: 'def', mutated: false },
      { local: 'ns', member: 'read', mutated: false },
      { local: 'ns', member: 'registry', mutated: true },
    ]);
    expect(local?.variables).toEqual([]);
  });

  it('returns nothing for a file with no state and no imports in use', () => {
    expect(collect(`
export const A = 1;
export function f() { return A; }
export type X = string;
export interface Y { a: number }
export class Z {}
`)).toEqual({ variables: [], classes: [{ name: 'Z', line: 6, exported: true, singleton: false }], imports: [], uses: [], reaches: {} });
    expect(collect(`export const A = 1;\nexport function f() { return A; }\n`)).toBeUndefined();
  });
});
