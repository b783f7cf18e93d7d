/**
 * @module The test render an edit must pass before it is stored: the text parses; the vendor's
 * templates, the edit included, compile as the renderer compiles them (strict mode, the closed
 * helper set); every file that uses the edited template renders, for every model it serves,
 * with both synthetic samples (sample.ts), `xml` files to well-formed XML; and a file that must
 * carry no secret (a common file, a first stage) shows none of the samples' secrets.
 */
import { ProvError, isProvError } from '../errors.js';
import { buildContext, type ServerOptions } from '../render/context.js';
import { createRenderer, type TemplateSource } from '../render/renderer.js';
import { templateErrorText, templateSyntaxError } from '../render/syntax.js';
import type { VendorFile } from '../vendors/descriptor.js';
import type { Vendor } from '../vendors/registry.js';
import { directoryOf } from '../phonebook/entries.js';
import { filesWithBootstrap, templateFiles, type TemplateFile } from './files.js';
import { SECRET_MARKERS, samplesFor } from './sample.js';

/** Renders between two turns of the event loop. */
const YIELD_EVERY = 4;

/** The server the samples are rendered for (no request: any fixed values do). */
const SERVER: ServerOptions = { httpPort: 8080, httpsPort: 8443, defaultTimezone: 'UTC' };

/**
 * Refuses `text` as the new form of `edited` of `vendor`; `source` answers every other file as
 * it is in service now. Answers the number of files rendered. CPU work, given up to the event
 * loop every few renders (the check of a partial renders up to about a hundred files).
 * @throws ProvError PROV_ERR_TEMPLATE_REJECTED naming the file (and the model and sample of a
 *   failed render) with Handlebars' message; PROV_ERR_TEMPLATE_LEAKS_SECRET naming the secret field.
 */
export async function checkTemplate(vendor: Vendor, edited: TemplateFile, text: string, source: TemplateSource): Promise<number> {
  const reject = (why: string) => new ProvError('PROV_ERR_TEMPLATE_REJECTED', [`${vendor.id}/${edited.path}`, why], { errors: [{ field: 'text', message: why }] });
  const syntax = templateSyntaxError(text);
  if (syntax !== undefined) throw reject(syntax);
  const candidate: TemplateSource = (v, file) => (v.id === vendor.id && file === edited.path ? text : source(v, file));
  let renderer;
  try {
    renderer = createRenderer([vendor], candidate);
  } catch (err) {
    throw reject(isProvError(err) ? err.message : String(err));
  }
  let rendered = 0;
  const forms = new Set(templateFiles(vendor).filter((f) => f.kind === 'model').map((f) => f.path));
  for (const file of filesWithBootstrap(vendor)) {
    const perPhone = /\{mac\}/i.test(file.pattern);
    const firstStage = file.id.endsWith('@bootstrap'); // bootstrapFileOf's id
    const secretFree = firstStage || !perPhone;
    for (const model of modelsUsing(vendor, file, edited, forms)) {
      for (const [i, sample] of samplesFor(vendor.descriptor, model).entries()) {
        const context = buildContext({
          vendor: vendor.descriptor, modelName: model, model: vendor.descriptor.models[model]!, network: sample.network, server: SERVER,
          // A first stage is served pointing at HTTPS (src/provisioning/first-stage.ts); its secrets
          // stay markers here (production empties them), so a template naming one is refused.
          ...(perPhone ? { phone: firstStage ? { ...sample.phone, https: true } : sample.phone, user: sample.user, deviceCredentials: sample.deviceCredentials } : {}),
          // A phonebook (src/phonebook/) lists the sample user, so the body of its loop is rendered too.
          ...(file.scope === 'directory' ? { directory: directoryOf([sample.user]).map((e) => e.entry) } : {}),
        }).context;
        const where = `${file.id} of model ${model} (${i === 0 ? 'full' : 'minimal'} sample)`;
        let out: string;
        try {
          out = renderer.render(vendor, file, model, context).toString('utf8');
        } catch (err) {
          const cause = isProvError(err) && err.cause !== undefined ? err.cause : err;
          throw reject(`${where}: ${isProvError(cause) ? cause.message : templateErrorText(cause)}`);
        }
        // Up to ~7 ms a render: the phone path of this process gets its turn between them.
        if (++rendered % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
        const leaked = secretFree ? sample.markers.find((m) => out.includes(m)) : undefined;
        if (leaked !== undefined) {
          const field = Object.entries(SECRET_MARKERS).find(([, v]) => v === leaked)?.[0] ?? 'a secret';
          throw new ProvError('PROV_ERR_TEMPLATE_LEAKS_SECRET', [`${vendor.id}/${edited.path}`, where, field], { errors: [{ field: 'text', message: `writes ${field} into ${where}` }] });
        }
      }
    }
  }
  return rendered;
}

// --- internal ---

/**
 * The models whose render of `file` uses `edited`: a partial may be used by any file of any
 * model; a file's template by the models the file serves that have no form of their own; a
 * model's own form by that model only.
 */
function modelsUsing(vendor: Vendor, file: VendorFile, edited: TemplateFile, forms: ReadonlySet<string>): string[] {
  const served = file.models ?? Object.keys(vendor.descriptor.models);
  if (edited.kind === 'partial') return served;
  if (edited.kind === 'model') return `models/${edited.model}/${file.template}` === edited.path && served.includes(edited.model!) ? [edited.model!] : [];
  if (file.template !== edited.path) return [];
  return served.filter((m) => !forms.has(`models/${m}/${file.template}`));
}
