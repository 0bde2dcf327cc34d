/**
 * The project configuration: `seam.config.json` at the analyzed repository's root (JSON only:
 * nothing of the repository is ever executed), overridden by command-line flags. Every command
 * resolves the same `SeamConfig` and hands it to the one pipeline, so a setting means the same
 * thing everywhere. JSON Schema: schema/seam-config.schema.json.
 */
import type { CouplingWeights } from './decomposition.js';
import type { AppKind } from './facts.js';

export const CONFIG_FILE = 'seam.config.json';
export const CONFIG_SCHEMA = 'https://seam.dev/schema/seam-config.schema.json';

/** An app as the config names it: overrides what detection found for that root. */
export interface AppConfig {
  name: string;
  kind: AppKind;
  /** repo-relative folder */
  root: string;
  entries?: string[];
}

export interface SeamConfig {
  /** only analyze files matching these globs (repo-relative); empty: everything */
  include: string[];
  exclude: string[];
  /** a tsconfig to use for every file (repo-relative); default: the nearest one per file */
  tsconfig?: string;
  /** analyze test files too */
  tests: boolean;
  /** read git history (co-change, authors) */
  history: boolean;
  /** parse worker threads; undefined: chosen from the core and file counts */
  workers?: number;
  /** the repository's apps, replacing detection: frontends, SDKs, CLIs and tooling stay out of services */
  apps?: AppConfig[];
  weights: Partial<CouplingWeights>;
  seed: number;
  resolution: number;
  /** aim for this many backend services */
  services?: number;
  export: { kinds: string[] };
  check: {
    /** relative headroom `seam plan accept` gives today's figures when it sets the budgets (0.05 = 5 %) */
    headroom: number;
  };
}

/** Where each setting of an effective config came from. */
export type ConfigSource = 'default' | 'file' | 'flag';

export interface EffectiveConfig {
  config: SeamConfig;
  /** the config file read, repo-relative or absolute; undefined when none */
  file?: string;
  /** per top-level key, where its value came from */
  sources: Partial<Record<keyof SeamConfig, ConfigSource>>;
}

export const DEFAULT_CONFIG: SeamConfig = {
  include: [],
  exclude: [],
  tests: false,
  history: true,
  weights: {},
  seed: 42,
  resolution: 1,
  export: { kinds: ['skeletons', 'gateway', 'openapi', 'data', 'report', 'rules'] },
  check: { headroom: 0.05 },
};

/** The app kinds kept out of services unless the config says otherwise. */
export const NON_SERVICE_APP_KINDS: readonly AppKind[] = ['frontend', 'sdk', 'cli', 'tooling'];
