/**
 * @module createRenderer: one isolated Handlebars instance per vendor, every template compiled
 * at start (a syntax error stops the server, not a phone's boot). Lookup for a file's template:
 * `templates/<vendor>/models/<MODEL>/<template>` then `templates/<vendor>/<template>`.
 * `text` files are not escaped; in `xml` files every string value is escaped with the five
 * predefined XML entities (`&amp; &lt; &gt; &quot; &apos;`, which every phone's parser knows,
 * unlike Handlebars' HTML escaping with numeric references) and the output is checked well-formed.
 * The text of each template file comes from a TemplateSource: the shipped file by default, or an
 * edit made over the API laid over it (src/templates/).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import Handlebars from 'handlebars';
import { ProvError } from '../errors.js';
import { bootstrapFileOf, type VendorFile } from '../vendors/descriptor.js';
import type { Vendor } from '../vendors/registry.js';
import type { RenderContext } from './context.js';
import { HELPERS } from './helpers.js';

export interface Renderer {
  /**
   * Renders one file. `templateModel` picks a model's override folder (the phone's filename
   * model, or the requested model for common files).
   * @throws ProvError PROV_ERR_RENDER_FAILED (missing key in strict mode, malformed XML output).
   */
  render(vendor: Vendor, file: VendorFile, templateModel: string, context: RenderContext): Buffer;
}

type Template = (context: RenderContext) => string;

/**
 * The text of template `file` (a path in the vendor folder: `device.hbs`, `partials/x.hbs`,
 * `models/<MODEL>/device.hbs`) of a vendor. Only files that exist in the folder are asked for.
 */
export type TemplateSource = (vendor: Vendor, file: string) => string;

/** The shipped templates/ folder as it is on disk. */
export const SHIPPED_TEMPLATES: TemplateSource = (vendor, file) => readFileSync(join(vendor.dir, file), 'utf8');

export function createRenderer(vendors: readonly Vendor[], source: TemplateSource = SHIPPED_TEMPLATES): Renderer {
  const compiled = new Map<string, Template>();
  for (const vendor of vendors) {
    const hb = Handlebars.create();
    for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn);
    registerPartials(hb, vendor, source);
    const knownHelpers = Object.fromEntries(Object.keys(HELPERS).map((h) => [h, true]));
    // A file's secret-free first stage (`bootstrap`) is compiled as a file of its own.
    const files = vendor.descriptor.files.flatMap((f) => [f, ...(f.bootstrap === undefined ? [] : [bootstrapFileOf(f)!])]);
    for (const file of files) {
      // XML escaping is done on the context (escapeStrings), so Handlebars itself never escapes.
      const options = { strict: true, noEscape: true, knownHelpers, knownHelpersOnly: true };
      const compileOne = (rel: string) => compileFile(hb, join(vendor.dir, rel), source(vendor, rel), options);
      compiled.set(key(vendor.id, file.id, ''), compileOne(file.template));
      for (const model of Object.keys(vendor.descriptor.models)) {
        const override = `models/${model}/${file.template}`;
        if (existsSync(join(vendor.dir, override))) compiled.set(key(vendor.id, file.id, model), compileOne(override));
      }
    }
  }

  return {
    render(vendor, file, templateModel, context) {
      const template = compiled.get(key(vendor.id, file.id, templateModel)) ?? compiled.get(key(vendor.id, file.id, ''));
      const what = `${vendor.id}/${file.id}`;
      if (!template) throw new ProvError('PROV_ERR_RENDER_FAILED', [what, 'no template']);
      let text: string;
      try {
        text = template(file.format === 'xml' ? escapeStrings(context) : context);
      } catch (err) {
        throw new ProvError('PROV_ERR_RENDER_FAILED', [what, (err as Error).message], { cause: err });
      }
      if (file.format === 'xml') {
        const check = XMLValidator.validate(text);
        if (check !== true) throw new ProvError('PROV_ERR_RENDER_FAILED', [what, `output is not well-formed XML: ${check.err.msg} (line ${check.err.line})`]);
      }
      return Buffer.from(text, 'utf8');
    },
  };
}

// --- internal ---

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A copy of `value` with every string XML-escaped (numbers, booleans and null untouched). */
export function escapeStrings<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!) as T;
  if (Array.isArray(value)) return value.map(escapeStrings) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeStrings(v);
    return out as T;
  }
  return value;
}

function key(vendor: string, file: string, model: string): string {
  return `${vendor}\0${file}\0${model}`;
}

function compileFile(hb: typeof Handlebars, path: string, source: string, options: CompileOptions): Template {
  try {
    hb.parse(source); // syntax check now; compile() itself is lazy
    const fn = hb.compile(source, options);
    return (context) => fn(context);
  } catch (err) {
    throw new ProvError('PROV_ERR_TEMPLATE_INVALID', [path, (err as Error).message], { cause: err });
  }
}

type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

/** Vendor-local partials: templates/<vendor>/partials/<name>.hbs => {{> name}}. */
function registerPartials(hb: typeof Handlebars, vendor: Vendor, source: TemplateSource): void {
  const dir = join(vendor.dir, 'partials');
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.hbs')).sort()) {
    hb.registerPartial(basename(f, '.hbs'), source(vendor, `partials/${f}`));
  }
}
