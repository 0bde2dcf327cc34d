/**
 * Facts: what `extract(root, options)` learns about a repository, as plain JSON.
 * Every path is repo-relative and posix. Arrays are sorted deterministically by the
 * producer so that the same input always serialises to the same bytes.
 * The JSON Schema for this document lives in schema/facts.schema.json.
 */
export const FACTS_SCHEMA_VERSION = 1 as const;

export type ImportKind = 'runtime' | 'type-only' | 'dynamic' | 're-export';

export interface ModuleFact {
  /** repo-relative posix path, e.g. `src/services/order-service.ts` */
  path: string;
  /** number of lines in the file */
  lines: number;
  bytes: number;
  /** name of the workspace package that contains the module, if any */
  package?: string;
  language: 'ts' | 'tsx' | 'js' | 'jsx' | 'dts';
  /** sha256 of the file contents (hex, first 16 chars): the key for incremental re-analysis */
  hash: string;
  /** true when the file failed to parse cleanly or a stage crashed on it (`analyzer-crash`): facts for it are partial */
  partial?: boolean;
}

export interface ImportEdge {
  from: string;
  to: string;
  kind: ImportKind;
  /** imported names as the target exports them (`default`, `*` for namespace / side-effect-free star) */
  names: string[];
  line: number;
}

export interface ExternalImport {
  from: string;
  /** npm package name (`@nestjs/common`, `express`) or `node:fs` for builtins */
  package: string;
  kind: ImportKind;
}

export type SymbolUsage = 'call' | 'new' | 'type' | 'read' | 'extends' | 'decorator' | 'jsx';

export interface SymbolRef {
  from: string;
  /** the module that declares the symbol (barrels followed where possible) */
  to: string;
  symbol: string;
  usage: Partial<Record<SymbolUsage, number>>;
}

/**
 * The plugin that found a route: an open set (a new framework plugin brings its own name); the
 * plan and exporters never branch on it. The names of the bundled plugins, for reference:
 */
export const ROUTE_FRAMEWORKS = ['express', 'nestjs', 'koa', 'fastify', 'nextjs', 'nuxt', 'sveltekit', 'astro', 'solid-start', 'medusa', 'hono'] as const;
export type RouteFramework = string;

export interface RouteFact {
  /** upper-case HTTP method, or `ALL` */
  method: string;
  /**
   * full path with every mounting prefix applied, `:param` style, always starting with `/`; a part
   * that cannot be read statically is the marker `{unknown:NAME}` (see route-path.ts), never a `:param`
   */
  path: string;
  framework: RouteFramework;
  /** module containing the handler (where the route is registered) */
  module: string;
  line: number;
  /** handler name when one is visible (`OrdersController.create`, `createOrder`) */
  handler?: string;
  /**
   * what the path assumes, for a reader to check (`API_PREFIX is not set: its default 'api' is
   * used (src/config.ts:4)`); absent when the path is read from literals alone
   */
  notes?: string[];
}

/** The ORM or query technology of a data access: an open set, like RouteFramework. Bundled plugins: */
export const DATA_VIAS = ['typeorm', 'prisma', 'sequelize', 'mongoose', 'mikroorm', 'knex', 'sql', 'drizzle', 'mongodb', 'medusa'] as const;
export type DataVia = string;

export interface DataAccessFact {
  module: string;
  /** table or collection name as the database knows it */
  table: string;
  access: 'read' | 'write';
  via: DataVia;
  line: number;
  /** ORM entity or model name when the access goes through one */
  entity?: string;
  /**
   * true when the access is one table of a single query written at this line (raw SQL, a query
   * builder chain): the accesses of one module and line then form one statement (a join)
   */
  statement?: true;
}

export interface EntityFact {
  /** class or model name (`Order`) */
  name: string;
  table: string;
  via: DataVia;
  module: string;
  line: number;
}

/**
 * Schema history: a table created, altered or dropped by a migration or a schema file (`CREATE
 * TABLE` in SQL, `knex.schema.createTable`, `queryInterface.createTable`, ...). Never data access;
 * a table created there and not dropped is still a table of the application.
 */
export interface DdlFact {
  table: string;
  change: 'create' | 'alter' | 'drop';
  /** the source module or `.sql` file */
  module: string;
  line: number;
}

export interface CoChangeFact {
  a: string;
  b: string;
  /** Code Maat degree: 100 * shared / mean(commitsA, commitsB), rounded */
  degree: number;
  shared: number;
  commitsA: number;
  commitsB: number;
}

export interface AuthorFact {
  module: string;
  authors: { name: string; commits: number }[];
}

export interface HistoryFact {
  head: string;
  commitsRead: number;
  /** commits ignored because they touched more than `maxFilesPerCommit` files */
  commitsIgnored: number;
  options: { minRevs: number; minShared: number; minDegree: number; maxFilesPerCommit: number };
  /** per module: number of commits that touched it */
  revisions: { module: string; commits: number }[];
}

export type SharedStateKind =
  | 'singleton'
  | 'mutable-export'
  | 'cache'
  | 'event-bus'
  | 'async-local-storage';

export interface SharedStateFact {
  /** `module#name` */
  id: string;
  kind: SharedStateKind;
  module: string;
  name: string;
  line: number;
  /** modules (other than the defining one) that import and use it, sorted */
  users: string[];
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: DiagnosticSeverity;
  /** stable machine code: `parse-error`, `analyzer-crash`, `unresolved-import`, `skipped-large-file`, ... */
  code: string;
  /** repo-relative file the diagnostic is about, when there is one */
  file?: string;
  line?: number;
  message: string;
}

export interface WorkspacePackageFact {
  name: string;
  /** repo-relative folder of the package (`packages/orders`), `.` for the root */
  dir: string;
}

/**
 * What kind of deployable an app is. Frontends, SDKs, CLIs and tooling are reported and kept out
 * of services by default; backends and workers (and the libraries they use) are cut.
 */
export const APP_KINDS = ['backend', 'worker', 'frontend', 'cli', 'sdk', 'library', 'tooling'] as const;
export type AppKind = (typeof APP_KINDS)[number];

export interface AppFact {
  /** package name, or package name / folder for an app inside a package */
  name: string;
  kind: AppKind;
  /** repo-relative folder (`.` for the root) */
  root: string;
  /** the files that start it (bootstrap, UI mount), sorted; empty for file-routed apps and libraries */
  entries: string[];
  /** the framework its routes or UI use, when one is visible */
  framework?: string;
}

/**
 * An explicit unit of the code's own structure (a NestJS `@Module`): the architect's boundary,
 * strong evidence for the cut.
 */
export interface UnitFact {
  /** `<module>#<class>` */
  id: string;
  kind: string;
  name: string;
  /** the file declaring the unit */
  module: string;
  line: number;
  /** files declaring its parts (controllers, providers), sorted, the unit's own file left out */
  members: string[];
  /** ids of the units it imports, sorted */
  imports: string[];
}

export interface Facts {
  schemaVersion: typeof FACTS_SCHEMA_VERSION;
  tool: { name: 'seam'; version: string };
  /** base name of the analyzed folder (never an absolute path: output must not depend on where the repo sits) */
  root: string;
  /** tsconfig files used, repo-relative */
  tsconfigs: string[];
  packages: WorkspacePackageFact[];
  /** the repository's deployables (backend apps, workers, frontends, CLIs, SDKs, libraries, tooling) */
  apps?: AppFact[];
  /** explicit units of the code's own structure (NestJS modules), sorted by id */
  units?: UnitFact[];
  /** the framework and ORM plugins that ran (enabled by the repository's package.json dependencies), sorted */
  plugins?: string[];
  modules: ModuleFact[];
  imports: ImportEdge[];
  externalImports: ExternalImport[];
  symbols: SymbolRef[];
  routes: RouteFact[];
  entities: EntityFact[];
  dataAccess: DataAccessFact[];
  /** DDL of migrations and schema files, sorted by module, line, table (absent: none seen) */
  ddl?: DdlFact[];
  sharedState: SharedStateFact[];
  history: HistoryFact | null;
  coChange: CoChangeFact[];
  authors: AuthorFact[];
  diagnostics: Diagnostic[];
}
