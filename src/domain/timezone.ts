/** @module IANA time zone names, checked against the runtime's time zone database. */

/** Names already checked and known: building an Intl.DateTimeFormat costs ~50 us per check. */
const known = new Set<string>();
const MAX_KNOWN = 2_000;

/** True for names the runtime knows (Europe/Berlin, America/New_York, UTC). */
export function isIanaTimezone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64 || /^[+-]/.test(name)) {
    return false;
  }
  if (known.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return false;
  }
  if (known.size < MAX_KNOWN) known.add(name);
  return true;
}

let byLowerCase: Map<string, string> | undefined;

/**
 * The conventional spelling of a zone name the runtime knows, matched case-insensitively
 * (`europe/berlin` => `Europe/Berlin`); an alias stays an alias (Asia/Kolkata is not renamed
 * Asia/Calcutta). Undefined when unknown.
 */
export function canonicalTimezone(name: string): string | undefined {
  if (!isIanaTimezone(name)) return undefined;
  byLowerCase ??= new Map([...Intl.supportedValuesOf('timeZone'), 'UTC'].map((z) => [z.toLowerCase(), z]));
  const known = byLowerCase.get(name.toLowerCase());
  if (known !== undefined) return known;
  // An alias the list does not hold (asia/kolkata): the runtime fixes its case, if not its name.
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}
