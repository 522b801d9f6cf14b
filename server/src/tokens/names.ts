// The rules for a token's name, for create and rename alike: a name a person can
// read in a list. Trimmed; 1–100 characters; no control characters; at least one
// visible character (a name of zero-width spaces shows as a blank row); no
// bidirectional controls (U+202E makes "invoice\u202Egpj.exe" read
// "invoiceexe.jpg").
import { ValidationError } from '../errors.js';

export const TOKEN_NAME_MAX = 100;

// C0 and C1 control characters, plus line/paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// Embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;
// What draws nothing: separators/spaces (\p{Z}), format characters (\p{Cf}: zero-width
// space/joiners U+200B–U+200D, word joiner U+2060, BOM U+FEFF, ...), and the few
// "blank" letters Unicode classes as visible (Hangul fillers, braille blank).
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is tested on its own (the combining grapheme joiner U+034F is one of the invisible ones).
const INVISIBLE = /^[\p{Z}\p{Cf}\u115f\u1160\u3164\uffa0\u2800\u034f\u180e]*$/u;

/** The name to store, or a ValidationError on field "name". */
export function validateTokenName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0) throw new ValidationError('Name is required.', 'name');
  if ([...name].length > TOKEN_NAME_MAX) {
    throw new ValidationError(`Name must be at most ${TOKEN_NAME_MAX} characters.`, 'name');
  }
  if (CONTROL_CHARS.test(name)) throw new ValidationError('Name must not contain control characters.', 'name');
  if (BIDI_CONTROLS.test(name)) {
    throw new ValidationError(
      'Name must not contain bidirectional control characters (they can disguise what it says).',
      'name',
    );
  }
  if (INVISIBLE.test(name)) throw new ValidationError('Name must contain at least one visible character.', 'name');
  return name;
}
