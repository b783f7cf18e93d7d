/** @module Template versions in process (memory store): one array per file, appended to. */
import type { StoreEvent } from './types.js';
import { byVendorFile, type TemplateStore, type TemplateVersion } from './template-types.js';

/** The TemplateStore methods; `emit` publishes the store's events. */
export function createMemoryTemplates(emit: (event: StoreEvent) => void): TemplateStore {
  const files = new Map<string, TemplateVersion[]>();
  const keyOf = (vendor: string, file: string) => `${vendor}\0${file}`;
  return {
    async appendTemplateVersion(record) {
      const key = keyOf(record.vendor, record.file);
      const versions = files.get(key) ?? [];
      if (record.version !== versions.length + 1) return false;
      files.set(key, [...versions, { ...record }]);
      emit({ kind: 'template', vendor: record.vendor, file: record.file });
      return true;
    },
    async listTemplateVersions(vendor, file) {
      return (files.get(keyOf(vendor, file)) ?? []).map((v) => ({ ...v }));
    },
    async currentTemplates() {
      return [...files.values()].map((versions) => ({ ...versions.at(-1)! })).sort(byVendorFile);
    },
  };
}
