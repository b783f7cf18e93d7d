/**
 * @module The query parameters of a list endpoint (`filter`, `search`, `orderby`, `skip`, `top`),
 * documented from the same `QueryableFields` and bounds the store's query parser checks
 * (src/store/query.ts, src/store/filter-parser.ts).
 */
import { FILTER_MAX_DEPTH, FILTER_MAX_LENGTH } from '../store/filter-parser.js';
import { DEFAULT_TOP, MAX_TOP, type QueryableFields } from '../store/query.js';

/** The answer of every list endpoint: `{ count, items }` (count: all matches, before skip/top). */
export const PAGE_DESCRIPTION = '`count` is the number of matching records (before `skip` and `top`); `items` the page.';

/** OpenAPI parameter objects for a list endpoint over `q`'s fields. */
export function listQueryParameters(q: QueryableFields): Record<string, unknown>[] {
  const fields = q.fields.map((f) => `\`${f}\``).join(', ');
  return [
    {
      name: 'filter',
      in: 'query',
      description:
        'An OData-style expression over ' + fields + ': `field eq value` (also `ne`, `gt`, `ge`, `lt`, `le`), ' +
        "`startswith(field,'v')`, `endswith(field,'v')`, `contains(field,'v')` (case-insensitive), combined with " +
        "`and`, `or`, `not` and parentheses. Values: 'single-quoted' strings (a quote is doubled: 'O''Brien'), " +
        `numbers, \`true\`, \`false\`, \`null\`. At most ${FILTER_MAX_LENGTH} characters, nested at most ${FILTER_MAX_DEPTH} levels.`,
      schema: { type: 'string', maxLength: FILTER_MAX_LENGTH },
      example: q.fields.includes('vendor') ? "vendor eq 'yealink' and startswith(model,'T4')" : `${q.fields[0]} ne null`,
    },
    {
      name: 'search',
      in: 'query',
      description: `Case-insensitive substring looked for in ${q.search.map((f) => `\`${f}\``).join(', ')}.`,
      schema: { type: 'string', maxLength: 256 },
    },
    {
      name: 'orderby',
      in: 'query',
      description: `Comma-separated \`field [asc|desc]\` over ${fields}; ties are ordered by \`created_at\`, then \`id\`.`,
      schema: { type: 'string' },
      example: `${q.fields.includes('created_at') ? 'created_at' : q.fields[0]} desc`,
    },
    { name: 'skip', in: 'query', description: 'Records to skip.', schema: { type: 'integer', minimum: 0, default: 0 } },
    { name: 'top', in: 'query', description: 'Records to answer at most.', schema: { type: 'integer', minimum: 1, maximum: MAX_TOP, default: DEFAULT_TOP } },
  ];
}
