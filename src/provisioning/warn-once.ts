/**
 * @module Render warnings said once per configuration, not once per render: "network has no
 * address for WEB_DOMAIN" came once per phone file, so a boot storm of 10,000 phones flooded the
 * log with one line repeated (issue 9). Forgotten on every configuration change (network
 * settings, reset), so a change that keeps the problem says it once more.
 */

/** Distinct warnings remembered at most; past it, the memory starts over (a warning may repeat). */
const MAX_REMEMBERED = 1000;

export interface WarnOnce {
  /** True the first time `message` is seen since the last forget(). */
  first(message: string): boolean;
  forget(): void;
}

/** An empty memory of warnings; one per provisioning service. */
export function createWarnOnce(): WarnOnce {
  const seen = new Set<string>();
  return {
    first(message) {
      if (seen.has(message)) return false;
      if (seen.size >= MAX_REMEMBERED) seen.clear();
      seen.add(message);
      return true;
    },
    forget: () => seen.clear(),
  };
}
