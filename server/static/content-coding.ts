/** The content codings the server can answer with, best first: brotli is the smallest, identity the fallback. */
export const CONTENT_CODINGS = ['br', 'gzip', 'identity'] as const;
export type ContentCoding = (typeof CONTENT_CODINGS)[number];

/** RFC 9110 §8.4.1.3: recipients treat x-gzip as gzip. */
const ALIASES: Readonly<Record<string, string>> = { 'x-gzip': 'gzip' };

/**
 * The coding to answer a request's Accept-Encoding with (RFC 9110 §12.5.3): the one with the highest q-value,
 * ties going to the smaller output (br, then gzip, then identity). `q=0` refuses a coding and `*` stands for
 * every coding not named. No header means no preference, answered with identity: some clients that send none
 * cannot decode anything. When even identity is refused and nothing else is acceptable, identity is sent all
 * the same, which the RFC allows and which a client can at least see, unlike a 406.
 */
export function negotiateContentCoding(acceptEncoding: string | undefined): ContentCoding {
  if (acceptEncoding === undefined) return 'identity';
  const weights = parseWeights(acceptEncoding);
  const weightOf = (coding: ContentCoding): number => {
    const named = weights.get(coding);
    if (named !== undefined) return named;
    const any = weights.get('*');
    if (any !== undefined) return any;
    // Identity is acceptable unless refused by name or by `*;q=0`, but below any coding the request names
    // (the least q it can give one is 0.001); other codings only when named.
    return coding === 'identity' ? Number.MIN_VALUE : 0;
  };
  let best: ContentCoding = 'identity';
  let bestWeight = 0;
  for (const coding of CONTENT_CODINGS) {
    const weight = weightOf(coding);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/** `gzip;q=0.5, br` as coding → q-value; a malformed q counts as 0 (not acceptable), a repeated coding keeps its first q. */
function parseWeights(acceptEncoding: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const element of acceptEncoding.split(',')) {
    const [rawCoding = '', ...parameters] = element.split(';');
    const token = rawCoding.trim().toLowerCase();
    if (token === '') continue;
    const coding = ALIASES[token] ?? token;
    if (!weights.has(coding)) weights.set(coding, qValueOf(parameters));
  }
  return weights;
}

const Q_VALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

function qValueOf(parameters: string[]): number {
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=').map((part) => part.trim());
    if (name.toLowerCase() !== 'q') continue;
    return Q_VALUE.test(value) ? Number(value) : 0;
  }
  return 1;
}
