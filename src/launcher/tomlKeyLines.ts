/**
 * Where each key and table of a TOML document is written: a map from key paths in the form
 * the network-definition validator reports them (`relaychain.nodes[1].rpc_port`, `l1`) to
 * 1-based line numbers. A light line scanner (headers and `key =` lines, `#` comments, dotted
 * and quoted keys), run only on documents the TOML parser has accepted.
 */
export function tomlKeyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const counters = new Map<string, number>();
  let table = '';
  const record = (path: string, line: number): void => {
    if (!lines.has(path)) lines.set(path, line);
  };
  const resolve = (segments: readonly string[], arrayHeader: boolean): string => {
    let resolved = '';
    segments.forEach((seg, i) => {
      resolved = resolved === '' ? seg : `${resolved}.${seg}`;
      if (i === segments.length - 1 && arrayHeader) {
        const index = (counters.get(resolved) ?? -1) + 1;
        counters.set(resolved, index);
        resolved += `[${index}]`;
      } else if (counters.has(resolved)) {
        resolved += `[${counters.get(resolved)}]`;
      }
    });
    return resolved;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const header = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(raw);
    if (header !== null) {
      table = resolve(splitKey(header[2]!), header[1] === '[[');
      record(table, line);
      return;
    }
    const assignment = /^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=/.exec(raw);
    if (assignment !== null) record([table, ...splitKey(assignment[1]!)].filter((s) => s !== '').join('.'), line);
  });
  return lines;
}

function splitKey(key: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(?:\.|$)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key)) !== null && m[0] !== '') out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The line of `path`, or of its nearest enclosing key or table that is written down. */
export function lineOfPath(lines: ReadonlyMap<string, number>, path: string): number | undefined {
  let p = path;
  while (p !== '') {
    const found = lines.get(p);
    if (found !== undefined) return found;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut <= 0 ? '' : p.slice(0, cut);
  }
  return undefined;
}
