// Content-coding negotiation (RFC 9110 §12.5.3) for the files the server has precompressed. Pure, unit-tested.

export type Coding = 'br' | 'gzip' | 'identity';

/** Identity unnamed: acceptable, but below any coding the client names as acceptable. */
const IMPLICIT_IDENTITY = 0.0001;
const QVALUE = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/** Each listed coding with its weight; malformed entries are left out. `x-gzip` is gzip. */
function weights(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';').map((s) => s.trim());
    const name = rawName?.toLowerCase() === 'x-gzip' ? 'gzip' : rawName?.toLowerCase();
    if (!name || !/^[a-z0-9*!#$%&'+.^_`|~-]+$/.test(name)) continue;
    let q = 1;
    let bad = false;
    for (const p of params) {
      if (!/^q=/i.test(p)) continue;
      const m = QVALUE.exec(p);
      if (m) q = Number(m[1]);
      else bad = true;
    }
    if (bad) continue;
    // A coding listed twice keeps its highest weight.
    out.set(name, Math.max(q, out.get(name) ?? 0));
  }
  return out;
}

/**
 * The coding to send, from those the server has (`available`, best first; identity is always possible). Without an
 * Accept-Encoding header the answer is identity: the header's absence allows any coding, but old clients that send
 * none may not decode one. Highest weight wins, ties go to the server's order; a coding weighted 0 is refused.
 * Identity is acceptable unless refused by name or by `*;q=0`, but a coding the client names beats it unless
 * identity is named with a higher weight; if everything is refused, identity is sent anyway
 * (RFC 9110 lets the server ignore the header rather than fail).
 */
export function chooseEncoding(header: string | null | undefined, available: readonly Exclude<Coding, 'identity'>[]): Coding {
  if (header === null || header === undefined) return 'identity';
  const w = weights(header);
  const star = w.get('*');
  const weightOf = (c: Coding) => w.get(c) ?? star ?? (c === 'identity' ? IMPLICIT_IDENTITY : 0);
  let best: Coding = 'identity';
  let bestQ = weightOf('identity');
  for (const c of available) {
    const q = weightOf(c);
    if (q > 0 && q > bestQ) {
      best = c;
      bestQ = q;
    } else if (q > 0 && q === bestQ && best === 'identity') {
      // Equal to identity: the compressed copy is the better answer.
      best = c;
    }
  }
  return best;
}
