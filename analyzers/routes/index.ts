/** The route analyzers, one per framework. A new framework is one file and one line here. */
import type { Analyzer } from '../types.js';
import { expressAnalyzer } from './express.js';
import { fastifyAnalyzer } from './fastify.js';
import { fileRouteAnalyzer } from './file-route.js';
import { koaAnalyzer } from './koa.js';
import { nestjsAnalyzer } from './nestjs.js';
import { nextjsAnalyzer } from './nextjs.js';

export const routeAnalyzers: Analyzer[] = [
  expressAnalyzer,
  nestjsAnalyzer,
  koaAnalyzer,
  fastifyAnalyzer,
  nextjsAnalyzer,
  fileRouteAnalyzer,
];
