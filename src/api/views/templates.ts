/** @module Answer shapes of `/api/templates` (src/templates/service.ts). */
import { z } from 'zod';
import { TemplatePutSchema, TemplateRevertSchema } from '../../templates/service.js';
import { timestamp } from './common.js';

export const TemplateVersionSchema = z
  .object({
    version: z.number().int().min(0).describe('0 is the shipped file; each accepted edit or revert is the next number.'),
    source: z.enum(['shipped', 'edited']).describe('`shipped`: the file of templates/ is in service with this version.'),
    sha256: z.string().describe('SHA-256 (hex) of the text in service with this version.'),
    author_id: z.string().nullable().describe('Token id of who made it (`bootstrap` for the admin token); null for version 0.'),
    author_name: z.string().nullable(),
    created_at: timestamp.nullable(),
    reverted_from: z.number().int().nullable().describe('A revert: the version it put back (0 = the shipped file).'),
  })
  .meta({ title: 'TemplateVersion' });

const fileFields = {
  vendor: z.string(),
  file: z.string().describe('Path in the vendor folder: `device.hbs`, `partials/<name>.hbs`, `models/<MODEL>/<template>.hbs` (`/` sent as `%2F` in a URL).'),
  kind: z.enum(['template', 'partial', 'model']),
  model: z.string().nullable().describe('The model of a `models/<MODEL>/` file.'),
  etag: z.string().describe('`"v<version>"`, also the ETag header: send it as If-Match with a change.'),
};

export const TemplateSummarySchema = TemplateVersionSchema.extend(fileFields).meta({ title: 'TemplateSummary' });
export const TemplateSchema = TemplateVersionSchema.extend({ ...fileFields, text: z.string().describe('The template text in service.') }).meta({ title: 'Template' });
export const TemplatePutBody = TemplatePutSchema.meta({ title: 'TemplatePut' });
export const TemplateRevertBody = TemplateRevertSchema.meta({ title: 'TemplateRevert' });
