/**
 * @module Keeps this node's templates in step with the store: at start and after every
 * `template` (or `reset`) store event, whichever node wrote, the current versions are read, laid
 * over the shipped folder, the vendor catalog is reloaded (every template compiled again) and the
 * rendered files are dropped. A load the catalog refuses (a shipped file changed under an edit)
 * keeps the templates in service and is logged naming the file.
 */
import { isProvError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { TemplateStore } from '../store/template-types.js';
import type { Store } from '../store/types.js';
import type { TemplateOverlay } from './overlay.js';

export interface TemplateSyncDeps {
  readonly store: TemplateStore & Pick<Store, 'subscribe'>;
  readonly overlay: TemplateOverlay;
  /** The vendor catalog (src/vendors/catalog.ts): reload() compiles through the overlay, throws and keeps the old load on error. */
  readonly catalog: { reload(): unknown };
  readonly provisioning: { invalidate(): void };
  readonly logger: Logger;
}

export interface TemplateSync {
  /** Loads the current versions once (before the listeners start) and follows the store's events. */
  start(): Promise<void>;
  /**
   * Loads the current versions now; resolves once they are in service (or refused and logged).
   * Calls made while a load waits share it; one made during a load runs another after it.
   */
  refresh(): Promise<void>;
  stop(): void;
}

export function createTemplateSync(deps: TemplateSyncDeps): TemplateSync {
  const { store, overlay, logger } = deps;
  let chain: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | undefined;
  let unsubscribe: (() => void) | undefined;

  const load = async () => {
    const current = await store.currentTemplates();
    const previous = overlay.replace(current);
    if (sameOverlay(previous, overlay.edited())) return; // nothing to compile again
    try {
      deps.catalog.reload();
    } catch (err) {
      overlay.restore(previous);
      logger.error({ code: isProvError(err) ? err.code : undefined, err: (err as Error).message }, 'edited templates not loaded; the ones in use stay');
      return;
    }
    deps.provisioning.invalidate();
    logger.info({ edited: current.filter((v) => v.text !== null).map((v) => `${v.vendor}/${v.file}@${v.version}`) }, 'edited templates loaded');
  };
  const refresh = () => {
    if (waiting) return waiting;
    const next = chain.then(() => {
      waiting = undefined;
      return load();
    });
    waiting = next;
    chain = next.catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'edited templates not read from the store'));
    return next;
  };

  return {
    async start() {
      unsubscribe ??= store.subscribe((event) => {
        if (event.kind === 'template' || event.kind === 'reset') void refresh().catch(() => {}); // logged by the chain
      });
      await refresh();
    },
    refresh,
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}

// --- internal ---

function sameOverlay(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}
