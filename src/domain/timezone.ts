/** @module IANA time zone names, checked against the runtime's time zone database. */

/** True for names the runtime knows (Europe/Berlin, America/New_York, UTC). */
export function isIanaTimezone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64 || /^[+-]/.test(name)) {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
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
