/**
 * Every plugin Seam has, one line each, in the order they run. A plugin is plain data (see
 * `Analyzer` in types.ts): a new framework or ORM is one file exporting one and one line here.
 * Framework and ORM plugins run only when the repository depends on one of their `enablers`.
 */
import { appEntries } from './apps/entry-signals.js';
import { ddlAnalyzer } from './data/ddl.js';
import { drizzleAnalyzer } from './data/drizzle.js';
import { knexAnalyzer } from './data/knex.js';
import { medusaAnalyzer as medusaDataAnalyzer } from './data/medusa.js';
import { mikroormAnalyzer } from './data/mikroorm.js';
import { mongodbAnalyzer } from './data/mongodb.js';
import { mongooseAnalyzer } from './data/mongoose.js';
import { prismaAnalyzer } from './data/prisma.js';
import { sequelizeAnalyzer } from './data/sequelize.js';
import { sqlAnalyzer } from './data/sql.js';
import { typeormAnalyzer } from './data/typeorm.js';
import { gitHistory } from './history/git-history.js';
import { astroAnalyzer } from './routes/astro.js';
import { expressAnalyzer } from './routes/express.js';
import { fastifyAnalyzer } from './routes/fastify.js';
import { honoAnalyzer } from './routes/hono.js';
import { koaAnalyzer } from './routes/koa.js';
import { medusaAnalyzer as medusaRoutesAnalyzer } from './routes/medusa.js';
import { nestjsAnalyzer } from './routes/nestjs.js';
import { nextjsAnalyzer } from './routes/nextjs.js';
import { nuxtAnalyzer } from './routes/nuxt.js';
import { solidStartAnalyzer } from './routes/solid-start.js';
import { sveltekitAnalyzer } from './routes/sveltekit.js';
import { sharedState } from './shared-state/shared-state.js';
import { nestModules } from './structure/nest-modules.js';
import type { Analyzer } from './types.js';

export const allAnalyzers: readonly Analyzer[] = [
  expressAnalyzer,
  nestjsAnalyzer,
  koaAnalyzer,
  fastifyAnalyzer,
  honoAnalyzer,
  nextjsAnalyzer,
  nuxtAnalyzer,
  sveltekitAnalyzer,
  astroAnalyzer,
  solidStartAnalyzer,
  medusaRoutesAnalyzer,
  typeormAnalyzer,
  prismaAnalyzer,
  sequelizeAnalyzer,
  mongooseAnalyzer,
  mongodbAnalyzer,
  mikroormAnalyzer,
  knexAnalyzer,
  drizzleAnalyzer,
  medusaDataAnalyzer,
  sqlAnalyzer,
  ddlAnalyzer,
  sharedState,
  gitHistory,
  appEntries,
  nestModules,
] as Analyzer[];

/** The plugins of one concern, in registry order (tests run one concern at a time). */
export function pluginsOf(concern: Analyzer['concern']): Analyzer[] {
  return allAnalyzers.filter((a) => a.concern === concern);
}
