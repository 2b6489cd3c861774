/**
 * Deterministic embeddings that put semantic neighbours near: a hashed bag of word stems, where a
 * small synonym table maps related words onto one stem first. Good enough for retrieval tests to
 * tell a right passage from a wrong one; no model weights needed.
 */
export const FAKE_EMBEDDING_DIMENSIONS = 256;

/** Words that mean the same thing in the documents tests use are folded onto one stem. */
const SYNONYMS: Record<string, string> = {
  car: 'vehicle',
  automobile: 'vehicle',
  auto: 'vehicle',
  truck: 'vehicle',
  vehicle: 'vehicle',
  refund: 'refund',
  reimbursement: 'refund',
  reimburse: 'refund',
  repay: 'refund',
  repayment: 'refund',
  cost: 'price',
  fee: 'price',
  price: 'price',
  charge: 'price',
  payment: 'price',
  pay: 'price',
  employee: 'staff',
  worker: 'staff',
  staff: 'staff',
  personnel: 'staff',
  holiday: 'vacation',
  leave: 'vacation',
  vacation: 'vacation',
  pto: 'vacation',
  doctor: 'medical',
  physician: 'medical',
  medical: 'medical',
  clinic: 'medical',
  dog: 'pet',
  cat: 'pet',
  puppy: 'pet',
  kitten: 'pet',
  pet: 'pet',
  animal: 'pet',
  laptop: 'computer',
  pc: 'computer',
  computer: 'computer',
  notebook: 'computer',
  password: 'credential',
  passphrase: 'credential',
  credential: 'credential',
  login: 'credential',
  begin: 'start',
  commence: 'start',
  start: 'start',
  fix: 'repair',
  mend: 'repair',
  repair: 'repair',
  big: 'large',
  huge: 'large',
  large: 'large',
  delivery: 'shipping',
  shipping: 'shipping',
  shipment: 'shipping',
  remote: 'remote',
  home: 'remote',
  telework: 'remote',
};

const STOP_WORDS = new Set(
  'a an and are as at be by can do does for from has have how i in is it its of on or our the to was what when where which who why will with you your'.split(
    ' ',
  ),
);

/**
 * A crude suffix-stripping stemmer, enough to fold "vacations"/"vacation" and "charged"/"charge":
 * each shorter form is looked up in the synonym table before the next suffix goes.
 */
export function stemWord(word: string): string {
  let stem = word.toLowerCase();
  for (const suffix of ['s', 'es', 'ing', 'ed', 'ment', 'ion', 'e', 'y']) {
    const synonym = Object.hasOwn(SYNONYMS, stem) ? SYNONYMS[stem] : undefined;
    if (synonym) return synonym;
    if (stem.length - suffix.length >= 3 && stem.endsWith(suffix)) stem = stem.slice(0, -suffix.length);
  }
  return SYNONYMS[stem] ?? stem;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The unit-length vector of a text; an empty text gets the zero vector. */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const vector: number[] = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const word of words) {
    if (STOP_WORDS.has(word)) continue;
    const hash = fnv1a(stemWord(word));
    // The sign bit spreads collisions out instead of letting them pile up.
    vector[hash % dimensions]! += hash & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}
