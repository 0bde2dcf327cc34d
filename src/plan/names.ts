/**
 * Names the plan derives from names in the analyzed repository. Anything that ends up in a path,
 * a hostname or an identifier goes through here, so a hostile or odd name (`../x`, `con`, `☃`)
 * becomes something safe and the same input always gives the same name.
 */

/** Words of a name: `OrderController.checkout` -> [order, controller, checkout]. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** A DNS-1123 label usable as a folder name, a compose service and a Kubernetes name: `orders`, `order-items`. */
export function slug(name: string, fallback = 'service'): string {
  let s = words(name).join('-').slice(0, 40).replace(/-+$/, '');
  if (!s) s = fallback;
  if (!/^[a-z]/.test(s)) s = `${fallback[0] ?? 's'}-${s}`.slice(0, 40).replace(/-+$/, '');
  return s;
}

/** Give every name a distinct slug, in the order given (later duplicates get `-2`, `-3`). */
export function uniqueSlugs(names: readonly string[], reserved: readonly string[] = []): string[] {
  const taken = new Set(reserved);
  return names.map((n) => {
    const base = slug(n);
    let s = base;
    for (let i = 2; taken.has(s); i++) s = `${base}-${i}`;
    taken.add(s);
    return s;
  });
}

export function camel(name: string): string {
  const ws = words(name);
  return ws.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

export function pascal(name: string): string {
  return words(name)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(
    ' ',
  ),
);

/** A valid, non-reserved TypeScript identifier made from `name` (`op` when nothing is left). */
export function identifier(name: string, fallback = 'op'): string {
  let id = camel(name);
  if (!id) id = fallback;
  if (/^[0-9]/.test(id)) id = `${fallback}${id[0]!.toUpperCase()}${id.slice(1)}`;
  if (RESERVED.has(id)) id = `${id}Op`;
  return id;
}

/** Distinct identifiers, in the order given. */
export function uniqueIdentifiers(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((n) => {
    const base = identifier(n);
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}${i}`;
    taken.add(id);
    return id;
  });
}

/** `order_items` -> `order-item`, `Category` -> `category`: the singular noun of a table or entity, for event names. */
export function singular(name: string): string {
  const ws = words(name);
  const last = ws.pop() ?? 'record';
  const one = /ies$/.test(last) ? last.slice(0, -3) + 'y' : /(ss|us)$/.test(last) ? last : /(xes|ches|shes|sses)$/.test(last) ? last.slice(0, -2) : last.replace(/s$/, '');
  return [...ws, one].join('-');
}

/** Technical roles in a symbol's name: they say how the code is built, not what the caller wants. */
const ROLE_WORDS = new Set([
  'service', 'services', 'repository', 'repositories', 'repo', 'repos', 'dao', 'store', 'helper', 'helpers', 'util', 'utils',
  'manager', 'managers', 'provider', 'providers', 'handler', 'handlers', 'controller', 'facade', 'client', 'adapter', 'gateway',
  'impl', 'default', 'base', 'usecase', 'use', 'case', 'command', 'query', 'internal', 'api', 'module', 'lib', 'core',
]);

/**
 * The use case a cross-service call asks for, named by the domain: `CommentRepository.findById`
 * -> `find comment by id`, `OrderService.getOrder` -> `get order`, `reserveStock` -> `reserve stock`.
 * The object's technical role (repository, service, helper...) is dropped; its domain noun joins
 * the verb unless the member already names it.
 */
export function useCase(symbol: string): string[] {
  const [object, member] = symbol.split('.') as [string, string | undefined];
  const noun = words(object).filter((w) => !ROLE_WORDS.has(w));
  if (member === undefined) return noun.length ? noun : words(object);
  const action = words(member);
  if (action.length === 0) return noun;
  // compare singulars: stripping `(ies|es|s)` alone turns `invoices` into `invoic` but leaves `invoice`
  const stems = new Set(action.map((w) => singular(w)));
  const named = noun.length > 0 && noun.every((w) => stems.has(singular(w)));
  return named || noun.length === 0 ? action : [action[0]!, ...noun, ...action.slice(1)];
}
