/** @module The known name nearest to a misspelt one, for "did you mean" hints (PROV_HTTP_PROT => PROV_HTTP_PORT). */

/**
 * The candidate closest to `name` by edit distance (insert, delete, replace, swap two neighbours),
 * when it is close enough to be a typo: at most 2 edits, 3 for names of 15 characters or more.
 * Case-insensitive (prov_http_port finds PROV_HTTP_PORT); undefined when nothing is that close.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = name.length >= 15 ? 3 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(name.toUpperCase(), candidate.toUpperCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance: Levenshtein plus transposition of adjacent characters. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
