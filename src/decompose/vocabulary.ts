/**
 * Words Seam reads in paths and names. Two lists, each a judgement a reviewer can check:
 * layer words describe a module's technical role, not its capability (stripped when naming a
 * service: `order-repository.ts` is about "order"); infrastructure words name what every
 * service needs (a module whose name holds nothing else is a shared-kernel candidate).
 */

/** Technical roles, framework file suffixes and CRUD verbs: never a capability name. */
export const LAYER_WORDS: ReadonlySet<string> = new Set([
  'controller', 'controllers', 'service', 'services', 'repository', 'repositories', 'repo', 'repos',
  'entity', 'entities', 'model', 'models', 'dto', 'dtos', 'route', 'routes', 'router', 'routers',
  'module', 'modules', 'schema', 'schemas', 'handler', 'handlers', 'resolver', 'resolvers',
  'dao', 'store', 'stores', 'provider', 'providers', 'factory', 'factories', 'mapper', 'mappers',
  'serializer', 'serializers', 'validator', 'validators', 'middleware', 'middlewares', 'guard', 'guards',
  'pipe', 'pipes', 'interceptor', 'interceptors', 'filter', 'filters', 'decorator', 'decorators',
  'listener', 'listeners', 'subscriber', 'subscribers', 'consumer', 'consumers', 'producer', 'producers',
  'job', 'jobs', 'worker', 'workers', 'task', 'tasks', 'command', 'commands', 'query', 'queries',
  'event', 'events', 'view', 'views', 'type', 'types', 'interface', 'interfaces', 'impl', 'index',
  'spec', 'test', 'tests', 'mock', 'mocks', 'fixture', 'fixtures', 'constant', 'constants', 'enum', 'enums',
  'request', 'requests', 'response', 'responses', 'input', 'inputs', 'output', 'payload', 'args',
  'create', 'update', 'delete', 'remove', 'get', 'list', 'find', 'add', 'upsert', 'patch',
  'src', 'app', 'apps', 'api', 'lib', 'libs', 'packages', 'package', 'features', 'feature', 'domain', 'domains',
  'd', 'ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'http', 'rest', 'graphql', 'gql', 'dtos', 'helpers', 'helper',
  'util', 'utils', 'common', 'shared', 'core', 'base', 'abstract', 'default', 'main', 'v1', 'v2', 'v3',
  'listener', 'sender', 'senders', 'client', 'clients', 'adapter', 'adapters', 'gateway', 'gateways',
  'processor', 'processors', 'builder', 'builders', 'manager', 'managers', 'facade', 'facades',
  'policy', 'policies', 'strategy', 'strategies', 'usecase', 'usecases', 'use', 'case', 'cases',
  'contract', 'contracts', 'port', 'ports', 'infra', 'infrastructure', 'application', 'presentation',
  'persistence', 'components', 'component', 'pages', 'page', 'screens', 'migrations', 'migration', 'seeds', 'seed',
  'hook', 'hooks', 'register', 'handle', 'process', 'init', 'initialize', 'make', 'build', 'run', 'on', 'to', 'from', 'by', 'with',
  'for', 'of', 'and', 'the', 'is', 'has', 'new', 'set', 'all', 'dispatch', 'send', 'load', 'save',
]);

/** Infrastructure every service needs. */
const INFRASTRUCTURE_WORDS: ReadonlySet<string> = new Set([
  'logger', 'logging', 'log', 'logs', 'config', 'configs', 'configuration', 'env', 'environment', 'settings',
  'error', 'errors', 'exception', 'exceptions', 'codes', 'code', 'http', 'https', 'base', 'abstract',
  'common', 'shared', 'util', 'utils', 'helper', 'helpers', 'lib', 'core', 'types', 'type', 'constants',
  'db', 'database', 'connection', 'connections', 'datasource', 'data', 'source', 'prisma', 'knex', 'typeorm',
  'sequelize', 'mongoose', 'mongo', 'mongodb', 'postgres', 'pg', 'mysql', 'sqlite', 'redis', 'orm', 'client',
  'cache', 'caching', 'crypto', 'hash', 'hashing', 'validation', 'validate', 'pagination', 'paginate',
  'page', 'money', 'date', 'dates', 'time', 'clock', 'string', 'strings', 'uuid', 'id', 'ids',
  'bus', 'queue', 'scheduler', 'cron', 'feature', 'flags', 'flag', 'toggle', 'toggles', 'request',
  'context', 'middleware', 'metrics', 'tracing', 'telemetry', 'monitoring', 'i18n', 'locale',
  'app', 'application', 'server', 'bootstrap', 'container', 'di', 'injector', 'domain', 'result', 'either',
  'filter', 'filters', 'interceptor', 'pipe', 'guard', 'decorator', 'decorators', 'jwt', 'retry', 'timeout',
  'storage', 'files', 'mailer', 'mail', 'email', 'emails', 'sms', 'transport', 'serializer', 'serialization',
  'health', 'constants', 'enum', 'enums', 'model', 'entity', 'repository', 'service', 'controller', 'module',
  'dto', 'schema', 'index', 'main', 'global', 'globals', 'async', 'local', 'event', 'events',
]);

/** Folders that announce shared code. */
export const INFRASTRUCTURE_FOLDERS: ReadonlySet<string> = new Set([
  'shared', 'common', 'lib', 'libs', 'core', 'utils', 'util', 'helpers', 'infrastructure', 'infra',
  'kernel', 'platform', 'framework', 'support', 'config', 'configs', 'base', 'toolkit',
]);

/**
 * Folders for a framework's cross-cutting pieces and app-wide declarations: NestJS documents
 * guards, interceptors, pipes, exception filters, custom decorators and middleware as applied
 * across controllers. Put at the app's source root, beside its entry point (`src/guards/`), they
 * are the application's; inside a feature's folder (`src/orders/guards/`) they are that feature's.
 */
const CROSS_CUTTING_FOLDERS: ReadonlySet<string> = new Set([
  'guards', 'interceptors', 'pipes', 'filters', 'decorators', 'middleware', 'middlewares',
  'types', 'interfaces', 'typings', 'constants', 'enums', 'exceptions', 'errors',
]);

/** File names of an app's entry point or root module: the folder holding one is an app's source root. */
const ENTRY_NAMES: ReadonlySet<string> = new Set(['main', 'app', 'server', 'app.module', 'bootstrap']);

/** `main.ts`, `app.ts`, `server.ts`, `app.module.ts`, `bootstrap.ts`: the file name of an app's entry point or root module. */
export function hasEntryName(path: string): boolean {
  return ENTRY_NAMES.has(baseName(path).toLowerCase());
}

/** The source roots of the apps among these modules: the folders holding an entry point (`src/main.ts` -> `src`). */
export function appSourceRoots(modules: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const m of modules) if (hasEntryName(m)) out.add(directories(m).join('/'));
  return out;
}

/**
 * The cross-cutting folder at an app's source root that holds the module (`src/guards`), if one
 * does; folders named for a layer may come between (`src/routes/middlewares`), a feature's may not
 * (`src/orders/guards` is the orders feature's).
 */
export function crossCuttingFolder(path: string, roots: ReadonlySet<string>): string | undefined {
  const dirs = directories(path);
  for (let i = 0; i < dirs.length; i++) {
    if (!CROSS_CUTTING_FOLDERS.has(dirs[i]!.toLowerCase())) continue;
    for (let j = i; j >= 0; j--) {
      if (roots.has(dirs.slice(0, j).join('/'))) return dirs.slice(0, i + 1).join('/');
      if (j > 0 && !LAYER_WORDS.has(dirs[j - 1]!.toLowerCase())) break;
    }
  }
  return undefined;
}

/** Route segments that say nothing about the capability: `api`, `v1`, `rest`, audiences like `admin`. */
export function isRouteNoise(segment: string): boolean {
  return /^(api|apis|rest|public|private|internal|external|admin|v\d+(\.\d+)?|graphql)$/i.test(segment) || /^[:{*]/.test(segment) || segment === '';
}

/** Lower-case word tokens of a path segment or identifier: `OrderItemsController` -> order, items, controller. */
export function tokens(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** The file name without its directory and extensions (`order.service.ts` -> `order.service`). */
export function baseName(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  return file.replace(/\.d\.ts$/, '').replace(/\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/, '');
}

export function directories(path: string): string[] {
  const parts = path.split('/');
  parts.pop();
  return parts;
}

/** Whether the module sits in a folder its authors named for shared code (`lib/`, `shared/`, `common/`). */
export function inSharedFolder(path: string): boolean {
  return directories(path).some((d) => INFRASTRUCTURE_FOLDERS.has(d.toLowerCase()));
}

/** True when every word of the module's file name is an infrastructure word, or it sits in a shared folder. */
export function hasGenericName(path: string): boolean {
  if (inSharedFolder(path)) return true;
  const words = tokens(baseName(path));
  return words.length > 0 && words.every((w) => INFRASTRUCTURE_WORDS.has(w) || LAYER_WORDS.has(w));
}

/** Words that name an entry point or a composition root. */
const COMPOSITION_WORDS: ReadonlySet<string> = new Set([
  'main', 'app', 'application', 'server', 'index', 'bootstrap', 'boot', 'start', 'startup', 'setup',
  'container', 'root', 'module', 'routes', 'router', 'api', 'wiring', 'register', 'registry', 'worker', 'cli',
  // a GraphQL schema module that gathers every resolver (`gql-schema.ts`)
  'schema', 'gql', 'graphql',
]);

/** `main.ts`, `app.module.ts`, `server.ts`, `index.ts`: every word of the file name names an entry point. */
export function hasCompositionName(path: string): boolean {
  const words = tokens(baseName(path));
  return words.length > 0 && words.every((w) => COMPOSITION_WORDS.has(w));
}

/** A framework composition unit by its file-name convention: NestJS `*.module.ts`. */
export function isFrameworkModule(path: string): boolean {
  return tokens(baseName(path)).at(-1) === 'module';
}

/**
 * A light English stemmer for capability words, enough to meet `orders`/`order`,
 * `categories`/`category`, `reporting`/`report`, `shipping`/`ship`.
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith('ing')) {
    w = w.slice(0, -3);
    if (w.length > 2 && w.at(-1) === w.at(-2) && !/[aeiouls]/.test(w.at(-1)!)) w = w.slice(0, -1);
    return w;
  }
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

/**
 * The capability word of a module's file name, stemmed: its first word that is neither a layer
 * nor an infrastructure word. Compound names put the owning aggregate first
 * (`order-item.repository.ts` -> order, `customer-address.entity.ts` -> customer).
 */
export function capabilityStem(path: string): string | undefined {
  const word = tokens(baseName(path)).find((t) => t.length >= 3 && !/^\d+$/.test(t) && !LAYER_WORDS.has(t) && !INFRASTRUCTURE_WORDS.has(t));
  return word === undefined ? undefined : stem(word);
}

/**
 * The feature folder of a module: its nearest folder whose name is neither a technical layer
 * (`controllers`, `dto`, `src`) nor shared code (`lib`, `common`); none in a purely layered tree.
 */
export function featureFolder(path: string): string | undefined {
  const dirs = directories(path);
  for (let i = dirs.length - 1; i >= 0; i--) {
    const name = dirs[i]!.toLowerCase();
    if (LAYER_WORDS.has(name) || INFRASTRUCTURE_FOLDERS.has(name) || name.startsWith('.') || name.startsWith('_')) continue;
    return dirs.slice(0, i + 1).join('/');
  }
  return undefined;
}
