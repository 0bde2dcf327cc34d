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
 * Sequelize's default table: `underscoredIf(pluralize(modelName), underscored)` (sequelize
 * lib/model.js `Model.init`), where `pluralize` is the `inflection` package's and keeps the case
 * (`Order` -> `Orders`, `Category` -> `Categories`, `Person` -> `People`), and `underscored: true`
 * snake-cases the result (`LineItem` -> `line_items`).
 */
export function sequelizeTableName(modelName: string, underscored = false): string {
  const plural = inflectionPluralize(modelName);
  return underscored ? inflectionUnderscore(plural) : plural;
}

/** inflection `underscore`: `_` before every capital, the leading one dropped, lower-cased (`LineItems` -> `line_items`). */
function inflectionUnderscore(str: string): string {
  return str.replace(/([A-Z])/g, '_$1').replace(/^_/, '').toLowerCase();
}

// inflection (dreamerslab/node.inflection, src/inflection.ts, the version Sequelize 6 depends on):
// uncountable words are returned as they are; otherwise the first rule whose pattern matches wins,
// and a rule without a replacement leaves the word alone (it is already plural).
const INFLECTION_UNCOUNTABLE = new Set([
  'accommodation', 'adulthood', 'advertising', 'advice', 'aggression', 'aid', 'air', 'aircraft', 'alcohol', 'anger', 'applause',
  'arithmetic', 'assistance', 'athletics', 'bacon', 'baggage', 'beef', 'biology', 'blood', 'botany', 'bread', 'butter', 'carbon',
  'cardboard', 'cash', 'chalk', 'chaos', 'chess', 'crossroads', 'countryside', 'dancing', 'deer', 'dignity', 'dirt', 'dust',
  'economics', 'education', 'electricity', 'engineering', 'enjoyment', 'envy', 'equipment', 'ethics', 'evidence', 'evolution', 'fame',
  'fiction', 'flour', 'flu', 'food', 'fuel', 'fun', 'furniture', 'gallows', 'garbage', 'garlic', 'genetics', 'gold', 'golf', 'gossip',
  'gratitude', 'grief', 'guilt', 'gymnastics', 'happiness', 'hardware', 'harm', 'hate', 'hatred', 'health', 'heat', 'help',
  'homework', 'honesty', 'honey', 'hospitality', 'housework', 'humour', 'hunger', 'hydrogen', 'ice', 'importance', 'inflation',
  'information', 'innocence', 'iron', 'irony', 'jam', 'jewelry', 'judo', 'karate', 'knowledge', 'lack', 'laughter', 'lava', 'leather',
  'leisure', 'lightning', 'linguine', 'linguini', 'linguistics', 'literature', 'litter', 'livestock', 'logic', 'loneliness', 'luck',
  'luggage', 'macaroni', 'machinery', 'magic', 'management', 'mankind', 'marble', 'mathematics', 'mayonnaise', 'measles', 'methane',
  'milk', 'minus', 'money', 'mud', 'music', 'mumps', 'nature', 'news', 'nitrogen', 'nonsense', 'nurture', 'nutrition', 'obedience',
  'obesity', 'oxygen', 'pasta', 'patience', 'physics', 'poetry', 'pollution', 'poverty', 'pride', 'psychology', 'publicity',
  'punctuation', 'quartz', 'racism', 'relaxation', 'reliability', 'research', 'respect', 'revenge', 'rice', 'rubbish', 'rum', 'safety',
  'scenery', 'seafood', 'seaside', 'series', 'shame', 'sheep', 'shopping', 'sleep', 'smoke', 'smoking', 'snow', 'soap', 'software',
  'soil', 'spaghetti', 'species', 'steam', 'stuff', 'stupidity', 'sunshine', 'symmetry', 'tennis', 'thirst', 'thunder', 'timber',
  'traffic', 'transportation', 'trust', 'underwear', 'unemployment', 'unity', 'validity', 'veal', 'vegetation', 'vegetarianism',
  'vengeance', 'violence', 'vitality', 'warmth', 'wealth', 'weather', 'welfare', 'wheat', 'wildlife', 'wisdom', 'yoga', 'zinc', 'zoology',
]);

const INFLECTION_PLURAL: readonly (readonly [RegExp, string?])[] = [
  // already plural: left alone
  [/^(m|wom)en$/i], [/(pe)ople$/i], [/(child)ren$/i], [/([ti])a$/i], [/((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)ses$/i],
  [/(database)s$/i], [/(drive)s$/i], [/(hi|ti)ves$/i], [/(curve)s$/i], [/([lr])ves$/i], [/([^fo])ves$/i], [/([^aeiouy]|qu)ies$/i],
  [/(s)eries$/i], [/(m)ovies$/i], [/(x|ch|ss|sh)es$/i], [/([m|l])ice$/i], [/(bus)es$/i], [/(o)es$/i], [/(shoe)s$/i],
  [/(cris|ax|test)es$/i], [/(octop|vir)uses$/i], [/(alias|canvas|status|campus)es$/i], [/^(summons|bonus)es$/i], [/^(ox)en/i],
  [/(matr)ices$/i], [/^feet$/i], [/^teeth$/i], [/^geese$/i], [/(quiz)zes$/i], [/^(whereas)es$/i], [/^(criteri)a$/i], [/^genera$/i],
  // singular -> plural
  [/^(m|wom)an$/i, '$1en'], [/(pe)rson$/i, '$1ople'], [/(child)$/i, '$1ren'], [/(drive)$/i, '$1s'], [/^(ox)$/i, '$1en'],
  [/(ax|test)is$/i, '$1es'], [/(octop|vir)us$/i, '$1uses'], [/(alias|status|canvas|campus)$/i, '$1es'], [/^(summons|bonus)$/i, '$1es'],
  [/(bu)s$/i, '$1ses'], [/(buffal|tomat|potat)o$/i, '$1oes'], [/([ti])um$/i, '$1a'], [/sis$/i, 'ses'], [/(?:([^f])fe|([lr])f)$/i, '$1$2ves'],
  [/(hi|ti)ve$/i, '$1ves'], [/([^aeiouy]|qu)y$/i, '$1ies'], [/(matr)ix$/i, '$1ices'], [/(vert|ind)ex$/i, '$1ices'], [/(x|ch|ss|sh)$/i, '$1es'],
  [/([m|l])ouse$/i, '$1ice'], [/^foot$/i, 'feet'], [/^tooth$/i, 'teeth'], [/^goose$/i, 'geese'], [/(quiz)$/i, '$1zes'],
  [/^(whereas)$/i, '$1es'], [/^(criteri)on$/i, '$1a'], [/^genus$/i, 'genera'], [/s$/i, 's'], [/$/, 's'],
];

/** inflection `pluralize`: case kept (`Category` -> `Categories`, `UserStatus` -> `UserStatuses`). */
export function inflectionPluralize(word: string): string {
  if (INFLECTION_UNCOUNTABLE.has(word.toLowerCase())) return word;
  for (const [re, replacement] of INFLECTION_PLURAL) {
    if (!re.test(word)) continue;
    return replacement === undefined ? word : word.replace(re, replacement);
  }
  return word;
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
