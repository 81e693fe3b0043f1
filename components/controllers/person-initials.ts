const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The first character as a person sees it: a whole emoji or accented letter, never half of one. */
function firstGrapheme(word: string): string {
  for (const { segment } of graphemes.segment(word)) return segment;
  return '';
}

/**
 * What an avatar shows for a name: the first letters of its first and last words ("Ada Lovelace" → "AL",
 * "Guest 3f9a" → "G3"), or the first letter alone for one word ("alice" → "A"); upper case, whole characters
 * (an emoji or a letter with its accents stays whole), "?" for a name with nothing to show.
 */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = words[0];
  if (first === undefined) return '?';
  const last = words.length > 1 ? words[words.length - 1]! : '';
  return (firstGrapheme(first) + (last ? firstGrapheme(last) : '')).toLocaleUpperCase();
}
