/**
 * The GSM 03.38 (3GPP TS 23.038 §6.2.1) default alphabet and its extension table.
 * Index = septet value. The extension characters are sent as ESC (0x1B) followed by their septet, so they
 * count as two septets. Client-safe: plain strings and maps only.
 */

/** Septets 0x00–0x7F; 0x1B (ESC) is a placeholder that never maps to a character. */
export const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

export const GSM7_ESCAPE = 0x1b;

/** Extension table: character → septet that follows ESC. */
export const GSM7_EXTENSION: ReadonlyArray<readonly [string, number]> = [
  ["\f", 0x0a],
  ["^", 0x14],
  ["{", 0x28],
  ["}", 0x29],
  ["\\", 0x2f],
  ["[", 0x3c],
  ["~", 0x3d],
  ["]", 0x3e],
  ["|", 0x40],
  ["€", 0x65],
];

/** UTF-16 code unit → septet for the basic table (ESC excluded). */
export const GSM7_BASIC_BY_CHAR: ReadonlyMap<number, number> = new Map(
  [...GSM7_BASIC]
    .map((ch, septet) => [ch.charCodeAt(0), septet] as [number, number])
    .filter(([, septet]) => septet !== GSM7_ESCAPE),
);

/** UTF-16 code unit → septet after ESC. */
export const GSM7_EXTENSION_BY_CHAR: ReadonlyMap<number, number> = new Map(
  GSM7_EXTENSION.map(([ch, septet]) => [ch.charCodeAt(0), septet] as [number, number]),
);

/** Septet after ESC → character. */
export const GSM7_EXTENSION_BY_SEPTET: ReadonlyMap<number, string> = new Map(
  GSM7_EXTENSION.map(([ch, septet]) => [septet, ch] as [number, string]),
);
