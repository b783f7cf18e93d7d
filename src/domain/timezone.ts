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
