/**
 * @module Which template files of a vendor can be edited over the API, and how they are named:
 * by their path in the vendor folder, `/` included (URL-encoded in a path segment as `%2F`):
 * - `<template>.hbs`: a file's template or first-stage (`bootstrap`) template named by vendor.json;
 * - `partials/<name>.hbs`: a partial (`{{> name}}`), used by any of the vendor's files;
 * - `models/<MODEL>/<template>.hbs`: one model's own form of a file's template.
 * Only files shipped in templates/ are editable (an edit never adds a file); vendor.json is not.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bootstrapFileOf, type VendorFile } from '../vendors/descriptor.js';
import type { Vendor } from '../vendors/registry.js';

/** What an editable file is, for the test render (check.ts) and the listing. */
export interface TemplateFile {
  readonly path: string;
  readonly kind: 'template' | 'partial' | 'model';
  /** The model of a `models/<MODEL>/` file. */
  readonly model?: string;
}

/** Every editable file of `vendor`, sorted by path. */
export function templateFiles(vendor: Vendor): TemplateFile[] {
  const out = new Map<string, TemplateFile>();
  const own = filesWithBootstrap(vendor).map((f) => f.template);
  for (const t of own) out.set(t, { path: t, kind: 'template' });
  for (const name of hbsIn(join(vendor.dir, 'partials'))) out.set(`partials/${name}`, { path: `partials/${name}`, kind: 'partial' });
  for (const model of Object.keys(vendor.descriptor.models)) {
    for (const name of hbsIn(join(vendor.dir, 'models', model))) {
      if (own.includes(name)) out.set(`models/${model}/${name}`, { path: `models/${model}/${name}`, kind: 'model', model });
    }
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The vendor's files and their first stages, each a file the renderer compiles. */
export function filesWithBootstrap(vendor: Vendor): VendorFile[] {
  return vendor.descriptor.files.flatMap((f) => [f, ...(f.bootstrap === undefined ? [] : [bootstrapFileOf(f)!])]);
}

// --- internal ---

function hbsIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).filter((n) => n.endsWith('.hbs')).sort();
}
