/**
 * @module Routes `/api/templates...`: the vendors' template files edited over the API
 * (src/templates/). SystemAdmin only: a template writes any key into every phone of its vendor.
 * `{file}` is the file's path in the vendor folder, a `/` in it sent as `%2F`
 * (`partials%2Fline.hbs`). A change answers the file as now in service, with its ETag.
 */
import { Router, type Response } from 'express';
import type { TemplatesService, TemplateView } from '../../templates/service.js';
import { identityOf } from '../auth.js';
import { param, route } from '../routing.js';
import { pageOf } from '../views/common.js';
import { TemplatePutBody, TemplateRevertBody, TemplateSchema, TemplateSummarySchema, TemplateVersionSchema } from '../views/templates.js';

const ACCESS = ['SystemAdmin'] as const;
const FILE = { file: 'The template file: its path in the vendor folder, `/` sent as `%2F` (`device.hbs`, `partials%2Fline.hbs`, `models%2FT46U%2Fdevice.hbs`).' };
const IF_MATCH = { 'If-Match': 'The ETag (`"v<version>"`) of the file as read: the change is refused with 412 when another came first. Optional.' };
const CHANGE_ERRORS = ['PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_TEMPLATE_NOT_FOUND', 'PROV_ERR_TEMPLATE_REJECTED', 'PROV_ERR_TEMPLATE_LEAKS_SECRET', 'PROV_ERR_TEMPLATE_VERSION_MISMATCH'] as const;

/** The templates router (mounted under /api). */
export function templatesRouter(templates: TemplatesService): Router {
  const router = Router();
  const send = (res: Response, view: TemplateView) => void res.set('ETag', view.etag).json(view);
  const author = (res: Response) => {
    const identity = identityOf(res);
    return { id: identity.id, name: identity.name };
  };

  route(router, '/templates/:vendor', {
    GET: {
      summary: "List a vendor's template files with the version in service",
      tags: ['templates'],
      responses: { 200: { description: 'Every editable file of the vendor (templates, partials, model forms), by path.', schema: pageOf(TemplateSummarySchema, 'TemplateSummaryPage') } },
      errors: ['PROV_ERR_VENDOR_UNKNOWN'],
      handler: async (req, res) => {
        const items = await templates.list(param(req, 'vendor'));
        res.json({ count: items.length, items });
      },
    },
  }, ACCESS);
  route(router, '/templates/:vendor/:file', {
    GET: {
      summary: 'Get a template file: the text in service and its version',
      tags: ['templates'],
      params: FILE,
      responses: { 200: { description: 'The file.', schema: TemplateSchema, headers: { ETag: '`"v<version>"`' } } },
      errors: ['PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_TEMPLATE_NOT_FOUND'],
      handler: async (req, res) => send(res, await templates.get(param(req, 'vendor'), param(req, 'file'))),
    },
    PUT: {
      summary: 'Edit a template file (a new version)',
      description:
        'The text is compiled in Handlebars strict mode as the renderer does, then rendered for every model of the vendor whose files use it, ' +
        'with a full and a minimal synthetic phone and user; `xml` files must come out well-formed, and a common file or a first stage must not ' +
        'write any of the samples\' secrets. Any failure answers 400 with the message of Handlebars (line and column where it gives them) and ' +
        'stores nothing. Accepted: the next version, in service on every node at once.',
      tags: ['templates'],
      params: FILE,
      headers: IF_MATCH,
      body: TemplatePutBody,
      responses: { 200: { description: 'The file as now in service.', schema: TemplateSchema, headers: { ETag: '`"v<version>"`' } } },
      errors: [...CHANGE_ERRORS],
      handler: async (req, res) => send(res, await templates.put(param(req, 'vendor'), param(req, 'file'), req.body, req.get('if-match'), author(res))),
    },
  }, ACCESS);
  route(router, '/templates/:vendor/:file/versions', {
    GET: {
      summary: 'List the versions of a template file',
      tags: ['templates'],
      params: FILE,
      responses: { 200: { description: 'Version 0 (the shipped file as it is now), then every version, oldest first; no texts.', schema: pageOf(TemplateVersionSchema, 'TemplateVersionPage') } },
      errors: ['PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_TEMPLATE_NOT_FOUND'],
      handler: async (req, res) => {
        const items = await templates.versions(param(req, 'vendor'), param(req, 'file'));
        res.json({ count: items.length, items });
      },
    },
  }, ACCESS);
  route(router, '/templates/:vendor/:file/versions/:version', {
    GET: {
      summary: 'Get one version of a template file with its text',
      description: 'To compare before a revert. Version 0, or a version that put the shipped file back, answers the shipped file as it is now. The ETag is the version\'s.',
      tags: ['templates'],
      params: { ...FILE, version: 'A version number of the file (0: the shipped file).' },
      responses: { 200: { description: 'The version.', schema: TemplateSchema, headers: { ETag: '`"v<version>"`' } } },
      errors: ['PROV_ERR_VENDOR_UNKNOWN', 'PROV_ERR_TEMPLATE_NOT_FOUND'],
      handler: async (req, res) => send(res, await templates.version(param(req, 'vendor'), param(req, 'file'), param(req, 'version'))),
    },
  }, ACCESS);
  route(router, '/templates/:vendor/:file/revert', {
    POST: {
      summary: 'Put an older version (or the shipped file) back in service',
      description: 'As a new version, test-rendered like an edit. `version: 0` is the shipped file.',
      tags: ['templates'],
      params: FILE,
      headers: IF_MATCH,
      body: TemplateRevertBody,
      responses: { 200: { description: 'The file as now in service.', schema: TemplateSchema, headers: { ETag: '`"v<version>"`' } } },
      errors: [...CHANGE_ERRORS],
      handler: async (req, res) => send(res, await templates.revert(param(req, 'vendor'), param(req, 'file'), req.body, req.get('if-match'), author(res))),
    },
  }, ACCESS);
  return router;
}
