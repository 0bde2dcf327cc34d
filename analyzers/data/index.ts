/** The data-access analyzers: one per technology. A new ORM is one file and one line here. */
import type { Analyzer } from '../types.js';
import { knexAnalyzer } from './knex.js';
import { mikroormAnalyzer } from './mikroorm.js';
import { mongooseAnalyzer } from './mongoose.js';
import { prismaAnalyzer } from './prisma.js';
import { sequelizeAnalyzer } from './sequelize.js';
import { sqlAnalyzer } from './sql.js';
import { typeormAnalyzer } from './typeorm.js';

export const dataAnalyzers: Analyzer[] = [
  typeormAnalyzer,
  prismaAnalyzer,
  sequelizeAnalyzer,
  mongooseAnalyzer,
  mikroormAnalyzer,
  knexAnalyzer,
  sqlAnalyzer,
] as Analyzer[];
