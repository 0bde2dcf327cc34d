/**
 * Default table and collection names, as each ORM derives them when none is given.
 * Each rule copies the library's own algorithm (cited) unless noted.
 */

/** TypeORM DefaultNamingStrategy.tableName -> snakeCase (typeorm/src/util/StringUtils.ts): `ShipmentEvent` -> `shipment_event`. */
export function typeormTableName(className: string): string {
  return className
    .replace(/([A-Z])([A-Z])([a-z])/g, '$1_$2$3')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** MikroORM UnderscoreNamingStrategy.classToTableName -> underscore(): `InvoiceLine` -> `invoice_line`. */
export function mikroormTableName(className: string): string {
  return className.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * Sequelize: the model name pluralised (Sequelize uses the `inflection` package). Simplified here
 * to the common English rules, and lower-cased: `Order` -> `orders`, `Category` -> `categories`,
 * `Address` -> `addresses`. (Sequelize itself keeps the case, `Orders`; most databases fold it.)
 * `underscored: true` also snake-cases the name, as Sequelize's `underscoredIf` does.
 */
export function sequelizeTableName(modelName: string, underscored = false): string {
  const base = underscored ? typeormTableName(modelName) : modelName.toLowerCase();
  return englishPlural(base);
}

function englishPlural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return word.slice(0, -1) + 'ies';
  if (/(?:s|x|z|ch|sh)$/.test(word)) return word + 'es';
  return word + 's';
}

// Mongoose lib/helpers/pluralize.js (mongoose 8): lower-case, then the first matching rule.
const MONGOOSE_RULES: readonly (readonly [RegExp, string])[] = [
  [/human$/i, 'humans'],
  [/(m)an$/i, '$1en'],
  [/(pe)rson$/i, '$1ople'],
  [/(child)$/i, '$1ren'],
  [/^(ox)$/i, '$1en'],
  [/(ax|test)is$/i, '$1es'],
  [/(octop|vir)us$/i, '$1i'],
  [/(alias|status)$/i, '$1es'],
  [/(bu)s$/i, '$1ses'],
  [/(buffal|tomat|potat)o$/i, '$1oes'],
  [/([ti])um$/i, '$1a'],
  [/sis$/i, 'ses'],
  [/(?:([^f])fe|([lr])f)$/i, '$1$2ves'],
  [/(hive)$/i, '$1s'],
  [/([^aeiouy]|qu)y$/i, '$1ies'],
  [/(x|ch|ss|sh)$/i, '$1es'],
  [/(matr|vert|ind)ix|ex$/i, '$1ices'],
  [/([m|l])ouse$/i, '$1ice'],
  [/(kn|w|l)ife$/i, '$1ives'],
  [/(quiz)$/i, '$1zes'],
  [/^goose$/i, 'geese'],
  [/s$/i, 's'],
  [/([^a-z])$/, '$1'],
  [/$/, 's'],
];

const MONGOOSE_UNCOUNTABLES = new Set([
  'advice', 'energy', 'excretion', 'digestion', 'cooperation', 'health', 'justice', 'labour', 'machinery', 'equipment',
  'information', 'pollution', 'sewage', 'paper', 'money', 'species', 'series', 'rain', 'rice', 'fish', 'sheep', 'moose',
  'deer', 'news', 'expertise', 'status', 'media',
]);

/** Mongoose's default collection for a model: `Order` -> `orders`, `Category` -> `categories`, `Person` -> `people`. */
export function mongooseCollectionName(modelName: string): string {
  const str = modelName.toLowerCase();
  if (MONGOOSE_UNCOUNTABLES.has(str)) return str;
  for (const [re, replacement] of MONGOOSE_RULES) {
    if (re.test(str)) return str.replace(re, replacement);
  }
  return str;
}

/** Prisma's client property for a model: the name with a lower-case first letter (`OrderItem` -> `orderItem`). */
export function prismaDelegateName(modelName: string): string {
  return modelName.charAt(0).toLowerCase() + modelName.slice(1);
}
