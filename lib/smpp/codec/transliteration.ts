/**
 * "Allow character transliteration": characters an encoding lacks are approximated by ones it has (ê→e, “→", …→...)
 * so a text stays in GSM 03.38 instead of falling back to UCS-2 (which halves the characters per SMS).
 * Client-safe.
 */

/** Typographic and other characters that Unicode decomposition does not reduce to something plain. */
const APPROXIMATIONS: Readonly<Record<string, string>> = {
  "\u201c": '"', // “
  "\u201d": '"', // ”
  "\u201e": '"', // „
  "\u201f": '"', // ‟
  "\u00ab": '"', // «
  "\u00bb": '"', // »
  "\u2033": '"', // ″
  "\u2018": "'", // ‘
  "\u2019": "'", // ’
  "\u201a": "'", // ‚
  "\u201b": "'", // ‛
  "\u2032": "'", // ′
  "\u2039": "'", // ‹
  "\u203a": "'", // ›
  "`": "'",
  "\u00b4": "'", // ´
  "\u2010": "-", // ‐
  "\u2011": "-", // non-breaking hyphen
  "\u2012": "-", // ‒
  "\u2013": "-", // –
  "\u2014": "-", // —
  "\u2015": "-", // ―
  "\u2212": "-", // minus sign
  "\u2026": "...", // …
  "\u00a0": " ", // no-break space
  "\u2002": " ",
  "\u2003": " ",
  "\u2009": " ",
  "\u200a": " ",
  "\u202f": " ",
  "\u205f": " ",
  "\u3000": " ",
  "\u200b": "", // zero-width space
  "\u200c": "",
  "\u200d": "",
  "\u2060": "",
  "\ufeff": "",
  "\u00ad": "", // soft hyphen
  "\u2022": "*", // •
  "\u00b7": ".", // ·
  "\u0152": "OE", // Œ
  "\u0153": "oe", // œ
  "\u00c6": "AE", // Æ (for ASCII and Latin-1-less targets; GSM has it)
  "\u00e6": "ae",
  "\u00df": "ss", // ß
  "\u00d8": "O", // Ø
  "\u00f8": "o",
  "\u0141": "L", // Ł
  "\u0142": "l",
  "\u0110": "D", // Đ
  "\u0111": "d",
  "\u00d0": "D", // Ð
  "\u00f0": "d",
  "\u00de": "Th", // Þ
  "\u00fe": "th",
  "\u0131": "i", // dotless i
  "\u00a1": "!", // ¡
  "\u00bf": "?", // ¿
  "\u20ac": "EUR", // € (targets without it: ASCII, Latin-1)
  "\u00a3": "GBP",
  "\u00a5": "JPY",
  "\u00a4": "", // ¤
  "\u00a7": "S", // §
  "\u00a9": "(c)",
  "\u00ae": "(R)",
  "\u2122": "TM",
  "\u00d7": "x",
  "\u00f7": "/",
  "\u00b0": "o",
  "\u00bd": "1/2",
  "\u00bc": "1/4",
  "\u00be": "3/4",
  "\u00b2": "2",
  "\u00b3": "3",
  "\u00b9": "1",
  "\u00b5": "u",
  "\u2264": "<=",
  "\u2265": ">=",
  "\u2260": "!=",
  "\u2192": "->",
  "\u2190": "<-",
  "\u00a6": "|",
  "\u02c6": "^",
  "\u02dc": "~",
  // Greek capitals GSM 03.38 lacks but that look like Latin ones (it has Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ).
  "\u0391": "A",
  "\u0392": "B",
  "\u0395": "E",
  "\u0396": "Z",
  "\u0397": "H",
  "\u0399": "I",
  "\u039a": "K",
  "\u039c": "M",
  "\u039d": "N",
  "\u039f": "O",
  "\u03a1": "P",
  "\u03a4": "T",
  "\u03a5": "Y",
  "\u03a7": "X",
};

const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/**
 * Replaces each character that `fits` rejects by its approximation when that approximation fits; characters with
 * no fitting approximation are left as they are (the caller then sees the text still does not fit).
 * Order of attempts: the table above, then Unicode decomposition without accents (ê → e, Ç → C).
 */
export function transliterateTo(text: string, fits: (ch: string) => boolean): string {
  let out = "";
  for (const ch of text) {
    if (fits(ch)) {
      out += ch;
      continue;
    }
    const mapped = APPROXIMATIONS[ch];
    if (mapped !== undefined && allFit(mapped, fits)) {
      out += mapped;
      continue;
    }
    const stripped = ch.normalize("NFD").replace(COMBINING_MARKS, "");
    if (stripped !== ch && stripped.length > 0 && allFit(stripped, fits)) {
      out += stripped;
      continue;
    }
    // Compatibility forms: ﬁ → fi, ² → 2, full-width letters → ASCII.
    const compat = ch.normalize("NFKD").replace(COMBINING_MARKS, "");
    if (compat !== ch && compat.length > 0 && allFit(compat, fits)) {
      out += compat;
      continue;
    }
    out += ch;
  }
  return out;
}

function allFit(s: string, fits: (ch: string) => boolean): boolean {
  for (const c of s) if (!fits(c)) return false;
  return true;
}
