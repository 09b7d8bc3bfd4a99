/**
 * Chinese characters, defined once. Two definitions are in use and kept apart on purpose, since
 * changing either would change what is accepted or matched:
 * - {@link HAN}: the Han script as Unicode defines it (any plane; 〇 and 々 included), for telling a
 *   Chinese form from a Latin one;
 * - {@link HAN_IDEOGRAPH}: the BMP ideograph blocks of the lexicon schema's "must contain Chinese
 *   characters" pattern (server/data/lexicon.schema.json), for checks that must agree with the schema.
 */

/** One character of the Han script. */
export const HAN = /\p{Script=Han}/u;

/** Whether `text` has at least one character of the Han script. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** One CJK ideograph of U+3400–4DBF, U+4E00–9FFF or U+F900–FAFF (the lexicon schema's pattern). */
export const HAN_IDEOGRAPH = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
