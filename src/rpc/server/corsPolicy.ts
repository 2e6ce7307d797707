/**
 * `all` allows every origin; a list allows those origins (an entry ending in `:*` matches any
 * port of that scheme and host, as in Substrate's default `http://localhost:*`); `null` allows
 * none. Requests without an `Origin` header (not from a browser) are always served.
 */
export type CorsSetting = 'all' | readonly string[] | null;

/**
 * Whether a request carrying this `Origin` header may be served.
 *
 * @example
 * originAllowed(['http://localhost:*'], 'http://localhost:3000') // → true
 * originAllowed(null, undefined) // → true (no Origin: not a browser)
 */
export function originAllowed(cors: CorsSetting, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  if (cors === 'all') return true;
  if (cors === null) return false;
  const wanted = origin.toLowerCase();
  return cors.some((entry) => {
    const allowed = entry.toLowerCase();
    if (allowed === '*' || allowed === wanted) return true;
    if (!allowed.endsWith(':*')) return false;
    const base = allowed.slice(0, -2);
    if (wanted === base) return true;
    if (!wanted.startsWith(`${base}:`)) return false;
    return /^\d+$/.test(wanted.slice(base.length + 1));
  });
}
