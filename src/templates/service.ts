/**
 * @module Templates edited over the API: read a vendor's template files (the text in service and
 * its version), edit one (test-rendered first, check.ts; nothing stored when refused), list its
 * versions and revert to an older one or to the shipped file. Each accepted change is a new
 * version (number, SHA-256, author, time) in the store; every node puts it in service on the
 * store's event (sync.ts), this one before answering.
 *
 * Versions: 0 is the shipped file, never edited; an edit or a revert appends the next number.
 * Optimistic concurrency: the ETag of a file is `"v<version>"`; `If-Match` with another version
 * answers 412 PROV_ERR_TEMPLATE_VERSION_MISMATCH, and so does a change that lost the race to
 * another one (with or without If-Match).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseWith } from '../domain/fields.js';
import { ProvError, validationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { SHIPPED_TEMPLATES } from '../render/renderer.js';
import type { TemplateStore, TemplateVersion } from '../store/template-types.js';
import type { Vendor, VendorRegistry } from '../vendors/registry.js';
import { checkTemplate } from './check.js';
import { templateFiles, type TemplateFile } from './files.js';
import type { TemplateOverlay } from './overlay.js';

/** Body of `PUT /api/templates/{vendor}/{file}`; the JSON body limit (256 kB) bounds the text. */
export const TemplatePutSchema = z.strictObject({ text: z.string().describe('The whole template text (Handlebars).') });
/** Body of `POST /api/templates/{vendor}/{file}/revert`. */
export const TemplateRevertSchema = z.strictObject({
  version: z.number().int().min(0).describe('The version to put back in service; 0 is the shipped file.'),
});

/** Who makes a change (the API identity). */
export interface Author {
  readonly id: string;
  readonly name: string;
}

/** A version as listed: no text. `source`: `shipped` when the shipped file is in service with it. */
export interface TemplateVersionView {
  readonly version: number;
  readonly source: 'shipped' | 'edited';
  readonly sha256: string;
  readonly author_id: string | null;
  readonly author_name: string | null;
  readonly created_at: string | null;
  readonly reverted_from: number | null;
}

/** A file as read: where it is used, its version in service and the text. */
export interface TemplateView extends TemplateVersionView {
  readonly vendor: string;
  readonly file: string;
  readonly kind: TemplateFile['kind'];
  readonly model: string | null;
  readonly etag: string;
  readonly text: string;
}

export interface TemplatesServiceDeps {
  readonly store: TemplateStore;
  readonly registry: Pick<VendorRegistry, 'get'>;
  readonly overlay: TemplateOverlay;
  /** Puts the store's current versions in service on this node (sync.ts refresh). */
  readonly apply: () => Promise<void>;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export function createTemplatesService(deps: TemplatesServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const { store } = deps;

  const resolve = (vendorId: string, path: string) => {
    const vendor = vendorOf(deps.registry, vendorId);
    const file = templateFiles(vendor).find((f) => f.path === path);
    if (!file) throw new ProvError('PROV_ERR_TEMPLATE_NOT_FOUND', [vendor.id, path, vendor.id]);
    return { vendor, file };
  };
  const shipped = (vendor: Vendor, file: TemplateFile) => SHIPPED_TEMPLATES(vendor, file.path);
  const viewOf = (vendor: Vendor, file: TemplateFile, last: TemplateVersion | undefined): TemplateView => {
    const text = last?.text ?? shipped(vendor, file);
    const version = last?.version ?? 0;
    return { vendor: vendor.id, file: file.path, kind: file.kind, model: file.model ?? null, ...versionView(last, sha256(text)), etag: etagOf(version), text };
  };
  /** Appends the next version after the check; answers the file as now in service. */
  const change = async (vendorId: string, path: string, ifMatch: string | undefined, author: Author, next: (versions: TemplateVersion[], vendor: Vendor, file: TemplateFile) => { text: string | null; reverted_from: number | null }) => {
    const { vendor, file } = resolve(vendorId, path);
    const versions = await store.listTemplateVersions(vendor.id, file.path);
    const current = versions.at(-1)?.version ?? 0;
    checkIfMatch(`${vendor.id}/${file.path}`, current, ifMatch);
    const { text, reverted_from } = next(versions, vendor, file);
    const effective = text ?? shipped(vendor, file);
    const rendered = await checkTemplate(vendor, file, effective, deps.overlay.source);
    const record: TemplateVersion = {
      vendor: vendor.id, file: file.path, version: current + 1, text, sha256: sha256(effective),
      author_id: author.id, author_name: author.name, created_at: now().toISOString(), reverted_from,
    };
    if (!(await store.appendTemplateVersion(record))) throw new ProvError('PROV_ERR_TEMPLATE_VERSION_MISMATCH', [`${vendor.id}/${file.path}`, `v${current + 1} or later`, `v${current}`]);
    deps.logger.info({ audit: 'template_version', actor: author.name, token_id: author.id, vendor: vendor.id, file: file.path, version: record.version, sha256: record.sha256, reverted_from, rendered }, 'template changed');
    await deps.apply();
    return viewOf(vendor, file, record);
  };

  return {
    /** The vendor's editable files with the version in service, by path. */
    async list(vendorId: string) {
      const vendor = vendorOf(deps.registry, vendorId);
      const current = new Map((await store.currentTemplates()).filter((v) => v.vendor === vendor.id).map((v) => [v.file, v]));
      return templateFiles(vendor).map((f) => {
        const { text: _text, ...rest } = viewOf(vendor, f, current.get(f.path));
        return rest;
      });
    },
    async get(vendorId: string, path: string): Promise<TemplateView> {
      const { vendor, file } = resolve(vendorId, path);
      return viewOf(vendor, file, (await store.listTemplateVersions(vendor.id, file.path)).at(-1));
    },
    /** Version 0 (the shipped file as it is now), then every stored version, oldest first. */
    async versions(vendorId: string, path: string): Promise<TemplateVersionView[]> {
      const { vendor, file } = resolve(vendorId, path);
      const versions = await store.listTemplateVersions(vendor.id, file.path);
      return [versionView(undefined, sha256(shipped(vendor, file))), ...versions.map((v) => versionView(v, v.sha256))];
    },
    /** One version with its text (version 0, or one that put the shipped file back: the shipped file as it is now). */
    async version(vendorId: string, path: string, raw: string): Promise<TemplateView> {
      const { vendor, file } = resolve(vendorId, path);
      const versions = await store.listTemplateVersions(vendor.id, file.path);
      const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
      if (!(n <= versions.length)) throw new ProvError('PROV_ERR_TEMPLATE_NOT_FOUND', [vendor.id, `${file.path} version ${raw.slice(0, 16)}`, vendor.id]);
      return viewOf(vendor, file, n === 0 ? undefined : versions[n - 1]);
    },
    put: (vendorId: string, path: string, body: unknown, ifMatch: string | undefined, author: Author) => {
      const { text } = parseWith(TemplatePutSchema, body);
      return change(vendorId, path, ifMatch, author, () => ({ text, reverted_from: null }));
    },
    revert: (vendorId: string, path: string, body: unknown, ifMatch: string | undefined, author: Author) => {
      const { version } = parseWith(TemplateRevertSchema, body);
      return change(vendorId, path, ifMatch, author, (versions) => {
        if (version > versions.length) throw validationError([{ field: 'version', message: `must be a version of this file (0 to ${versions.length})` }]);
        return { text: version === 0 ? null : versions[version - 1]!.text, reverted_from: version };
      });
    },
  };
}

export type TemplatesService = ReturnType<typeof createTemplatesService>;

/** The ETag of a file at `version`. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

// --- internal ---

function vendorOf(registry: Pick<VendorRegistry, 'get'>, id: string): Vendor {
  const vendor = registry.get(id);
  if (!vendor) throw new ProvError('PROV_ERR_VENDOR_UNKNOWN', [id], { errors: [{ field: 'vendor', message: 'is not a vendor of templates/' }] });
  return vendor;
}

function versionView(v: TemplateVersion | undefined, sha: string): TemplateVersionView {
  return {
    version: v?.version ?? 0, source: v && v.text !== null ? 'edited' : 'shipped', sha256: sha,
    author_id: v?.author_id ?? null, author_name: v?.author_name ?? null, created_at: v?.created_at ?? null, reverted_from: v?.reverted_from ?? null,
  };
}

/**
 * `If-Match` names the version in service (`"v3"`, `v3`, `"3"`, `W/"v3"`, `*`, or a list of
 * them); absent: no condition.
 * @throws ProvError PROV_ERR_TEMPLATE_VERSION_MISMATCH (412)
 */
function checkIfMatch(what: string, current: number, header: string | undefined): void {
  if (header === undefined || header.trim() === '') return;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1').replace(/^v/i, ''));
  if (tags.includes('*') || tags.includes(String(current))) return;
  throw new ProvError('PROV_ERR_TEMPLATE_VERSION_MISMATCH', [what, `v${current}`, header.slice(0, 64)]);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
