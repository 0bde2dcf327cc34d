/**
 * How a route path says that part of it is not known statically.
 *
 * Seam reads code and never runs it, so a prefix computed at run time from something the code
 * does not contain (a value read from the environment without a default, a function of a
 * request, a plugin loaded by glob) cannot be known. Such a part is written as one marker,
 * `{unknown:NAME}`, where NAME is what the code calls the value (`{unknown:CONTEXT_PATH}`,
 * `{unknown:process.env.API_PREFIX}`). A marker is never a path parameter: it matches nothing
 * a gateway could route, so exporters leave such routes out of gateway configs, OpenAPI and
 * service stubs and list them in the report instead.
 */

const OPEN = '{unknown:';

/** The marker for an unknown part; NAME loses characters that would end or split it. */
export function unknownPart(name: string): string {
  const clean = name.replace(/[{}/\s]+/g, '_').slice(0, 80);
  return `${OPEN}${clean || 'value'}}`;
}

/** Does this route path contain a part Seam could not read? */
export function hasUnknownPart(path: string): boolean {
  return path.includes(OPEN);
}

/** The names of the unknown parts of a path, in order (`['CONTEXT_PATH']`). */
export function unknownPartNames(path: string): string[] {
  const names: string[] = [];
  const re = /\{unknown:([^}]*)\}/g;
  for (let m = re.exec(path); m; m = re.exec(path)) names.push(m[1]!);
  return names;
}
