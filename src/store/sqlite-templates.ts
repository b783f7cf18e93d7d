/**
 * @module Template versions on SQLite (template-types.ts): one row per version, the record as
 * JSON in `doc`; an append is a fenced IMMEDIATE transaction that checks the last number first.
 */
import { parseDoc } from './doc.js';
import type { SqliteDb } from './sqlite-schema.js';
import type { createSqliteWrites } from './sqlite-writes.js';
import type { TemplateStore, TemplateVersion } from './template-types.js';
import type { StoreEvent } from './types.js';

type Fenced = ReturnType<typeof createSqliteWrites>['fenced'];

/** `fenced` wraps a transaction in the store's data-epoch check; `run` maps driver errors. */
export function createSqliteTemplates(db: SqliteDb, fenced: Fenced, run: <T>(work: () => T) => T, emit: (event: StoreEvent) => void): TemplateStore {
  const last = db.prepare<[string, string], { version: number | null }>('SELECT MAX(version) AS version FROM template_versions WHERE vendor = ? AND file = ?');
  const insert = db.prepare<[string, string, number, string]>('INSERT INTO template_versions (vendor, file, version, doc) VALUES (?, ?, ?, ?)');
  const versions = db.prepare<[string, string], { doc: string }>('SELECT doc FROM template_versions WHERE vendor = ? AND file = ? ORDER BY version');
  const current = db.prepare<[], { doc: string }>(
    `SELECT doc FROM template_versions t
      WHERE version = (SELECT MAX(version) FROM template_versions WHERE vendor = t.vendor AND file = t.file)
      ORDER BY vendor, file`
  );
  const append = fenced((r: TemplateVersion): boolean => {
    if (r.version !== (last.get(r.vendor, r.file)?.version ?? 0) + 1) return false;
    insert.run(r.vendor, r.file, r.version, JSON.stringify(r));
    return true;
  });
  const decode = (doc: string) => parseDoc<TemplateVersion>(doc, 'template version');
  return {
    async appendTemplateVersion(record) {
      const written = run(() => append.immediate(record));
      if (written) emit({ kind: 'template', vendor: record.vendor, file: record.file });
      return written;
    },
    listTemplateVersions: async (vendor, file) => run(() => versions.all(vendor, file)).map((r) => decode(r.doc)),
    currentTemplates: async () => run(() => current.all()).map((r) => decode(r.doc)),
  };
}
