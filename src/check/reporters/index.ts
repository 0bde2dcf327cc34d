/** Reporters by name: each is pure, `(result, context) -> text`. */
import type { CheckResult } from '../check.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import type { ReportContext } from './location.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type { ReportContext } from './location.js';
export { summaryLine } from './text.js';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export const reporters: Record<CheckFormat, (r: CheckResult, ctx: ReportContext) => string> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
  github: renderGithub,
};
