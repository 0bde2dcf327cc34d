/**
 * Service names a person would use. In order of evidence: the dominant route group of the
 * service's routes (`/api/v1/orders/...` -> `orders`), then the table it writes most, then the
 * capability words of its file, folder and symbol names with layer words stripped
 * (`order-item.repository.ts` -> `order-item`). Never `cluster-3`.
 * Names are claimed largest service first; a name whose stem (`order` ~ `orders`) is taken
 * falls through to the service's next candidate, and only then gets a `-2` suffix.
 */
import type { Facts } from '../shared/facts.js';
import { compareStrings } from '../shared/sort.js';
import { routeGrouping } from './route-group.js';
import { baseName, directories, INFRASTRUCTURE_FOLDERS, LAYER_WORDS, stem, tokens } from './vocabulary.js';
import { pushTo } from './multimap.js';

export interface NamingIndex {
  routes: Map<string, string[]>;
  tables: Map<string, Map<string, number>>;
  symbols: Map<string, string[]>;
}

export function namingIndex(facts: Facts): NamingIndex {
  const routes = new Map<string, string[]>();
  const groupOf = routeGrouping(facts.routes);
  for (const r of facts.routes) {
    const g = groupOf(r.path);
    if (g) pushTo(routes, r.module, g);
  }
  const tables = new Map<string, Map<string, number>>();
  const touch = (module: string, table: string, w: number) => {
    let t = tables.get(module);
    if (!t) tables.set(module, (t = new Map()));
    t.set(table, (t.get(table) ?? 0) + w);
  };
  for (const a of facts.dataAccess) touch(a.module, a.table, a.access === 'write' ? 2 : 1);
  for (const e of facts.entities) touch(e.module, e.table, 2);
  const symbols = new Map<string, string[]>();
  for (const s of facts.symbols) {
    const list = symbols.get(s.to);
    if (!list) symbols.set(s.to, [s.symbol]);
    else if (!list.includes(s.symbol)) list.push(s.symbol);
  }
  return { routes, tables, symbols };
}

export function kebab(text: string): string {
  return tokens(text).join('-');
}

/** `orders` and `order`, `categories` and `category` share a stem. */
function nameStem(name: string): string {
  return name.split('-').map(stem).join('-');
}

function ranked(counts: Map<string, number>): string[] {
  return [...counts].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0])).map(([k]) => k);
}

function capabilityWords(text: string): string {
  return tokens(text)
    .filter((t) => !LAYER_WORDS.has(t) && !/^\d+$/.test(t))
    .join('-');
}

/** Candidate names for a service, best first. */
export function nameCandidates(modules: readonly string[], index: NamingIndex): string[] {
  const out: string[] = [];
  const routeCounts = new Map<string, number>();
  for (const m of modules) for (const g of index.routes.get(m) ?? []) routeCounts.set(g, (routeCounts.get(g) ?? 0) + 1);
  out.push(...ranked(routeCounts).map(kebab));

  const tableCounts = new Map<string, number>();
  for (const m of modules) for (const [t, w] of index.tables.get(m) ?? []) tableCounts.set(t, (tableCounts.get(t) ?? 0) + w);
  out.push(...ranked(tableCounts).map(kebab));

  // words by stem, remembering the most frequent spelling
  const byStem = new Map<string, { score: number; spellings: Map<string, number> }>();
  const vote = (word: string, score: number) => {
    if (word === '') return;
    const s = nameStem(word);
    let entry = byStem.get(s);
    if (!entry) byStem.set(s, (entry = { score: 0, spellings: new Map() }));
    entry.score += score;
    entry.spellings.set(word, (entry.spellings.get(word) ?? 0) + score);
  };
  for (const m of modules) {
    vote(capabilityWords(baseName(m)), 1);
    const dir = directories(m).at(-1);
    if (dir && !INFRASTRUCTURE_FOLDERS.has(dir.toLowerCase())) vote(capabilityWords(dir), 1);
    for (const s of index.symbols.get(m) ?? []) vote(capabilityWords(s), 0.5);
  }
  const stems = [...byStem].sort((a, b) => b[1].score - a[1].score || compareStrings(a[0], b[0]));
  for (const [, entry] of stems) out.push(ranked(entry.spellings)[0]!);

  const found = [...new Set(out.filter((n) => n !== ''))];
  if (found.length > 0) return found;
  // nothing but layer words anywhere: the first file's name, then its folder's, as they are
  const fallback = [...modules].sort(compareStrings).flatMap((m) => [kebab(baseName(m)), kebab(directories(m).at(-1) ?? '')]).find((n) => n !== '');
  return [fallback ?? 'service'];
}

export interface NamedGroup {
  modules: readonly string[];
  /** a name the user gave (pin or seed): taken as is */
  fixed?: string;
}

/** Give each group a unique name; the returned array is parallel to `groups`. */
export function assignNames(groups: readonly NamedGroup[], index: NamingIndex, taken: Iterable<string> = []): string[] {
  const names: string[] = new Array(groups.length);
  const usedStems = new Set<string>();
  const used = new Set<string>();
  for (const t of taken) {
    used.add(t);
    usedStems.add(nameStem(t));
  }
  const claim = (i: number, name: string) => {
    names[i] = name;
    used.add(name);
    usedStems.add(nameStem(name));
  };
  groups.forEach((g, i) => {
    if (g.fixed !== undefined && !used.has(g.fixed)) claim(i, g.fixed);
  });
  const order = groups
    .map((g, i) => ({ g, i }))
    .filter(({ i }) => names[i] === undefined)
    .sort((a, b) => b.g.modules.length - a.g.modules.length || compareStrings(a.g.modules[0] ?? '', b.g.modules[0] ?? ''));
  for (const { g, i } of order) {
    const candidates = g.fixed !== undefined ? [g.fixed] : nameCandidates(g.modules, index);
    const free = candidates.find((c) => !usedStems.has(nameStem(c)));
    if (free) {
      claim(i, free);
      continue;
    }
    const base = candidates[0]!;
    let k = 2;
    while (used.has(`${base}-${k}`)) k++;
    claim(i, `${base}-${k}`);
  }
  return names;
}
