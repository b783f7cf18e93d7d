/**
 * @module The overlay of edited templates on the shipped templates/ folder, as this node serves
 * them: a map `<vendor>/<file>` -> text, read by the renderer through `source` at every catalog
 * load. The folder itself is never written.
 */
import { SHIPPED_TEMPLATES, type TemplateSource } from '../render/renderer.js';
import type { TemplateVersion } from '../store/template-types.js';

export interface TemplateOverlay {
  /** The text in service of a vendor's file: its edited form, else the shipped file. */
  readonly source: TemplateSource;
  /** Puts the store's current versions in place of the overlay (a null text: the shipped file); answers the previous one. */
  replace(current: readonly TemplateVersion[]): ReadonlyMap<string, string>;
  /** The edited texts in service, by `<vendor>/<file>`. */
  edited(): ReadonlyMap<string, string>;
  /** Puts back an overlay replace() answered (a catalog that refused the new one keeps the old). */
  restore(previous: ReadonlyMap<string, string>): void;
}

export function createTemplateOverlay(): TemplateOverlay {
  let edited: ReadonlyMap<string, string> = new Map();
  return {
    source: (vendor, file) => edited.get(`${vendor.id}/${file}`) ?? SHIPPED_TEMPLATES(vendor, file),
    replace(current) {
      const previous = edited;
      edited = new Map(current.filter((v) => v.text !== null).map((v) => [`${v.vendor}/${v.file}`, v.text!]));
      return previous;
    },
    edited: () => edited,
    restore(previous) {
      edited = previous;
    },
  };
}
