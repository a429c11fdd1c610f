/**
 * Personalised delivery texts: `Hello {firstName}` takes each recipient's value of the CSV column named
 * `firstName` (exactly as the header writes it; spaces inside the braces are ignored). A literal brace is doubled,
 * as in Python's str.format and .NET's String.Format: `{{` sends `{`, `}}` sends `}`; a brace left alone is an error
 * that says so, so that a typo never goes out to 100,000 handsets. An empty or missing cell renders as nothing.
 *
 * Client-safe: the delivery form checks the text with the same parser as the route handler and the dispatcher.
 */

/** Literal text and placeholders, in order. */
export type TemplatePiece = string | { column: string };

export type MessageTemplate = {
  pieces: TemplatePiece[];
  /** The columns the text names, each once, in order of first use. */
  columns: string[];
};

export type TemplateParse = { ok: true; template: MessageTemplate } | { ok: false; error: string };

/** Reads `text` into literal pieces and placeholders, or says where it is malformed (1-based character position). */
export function parseTemplate(text: string): TemplateParse {
  const pieces: TemplatePiece[] = [];
  const columns: string[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "{" && text[i + 1] === "{") {
      literal += "{";
      i += 2;
    } else if (ch === "}" && text[i + 1] === "}") {
      literal += "}";
      i += 2;
    } else if (ch === "}") {
      return { ok: false, error: `A "}" alone at character ${i + 1}: write }} for a literal brace` };
    } else if (ch === "{") {
      const close = text.indexOf("}", i + 1);
      const open = text.indexOf("{", i + 1);
      if (close < 0 || (open >= 0 && open < close))
        return { ok: false, error: `A "{" without its "}" at character ${i + 1}: write {{ for a literal brace` };
      const column = text.slice(i + 1, close).trim();
      if (column === "") return { ok: false, error: `An empty placeholder {} at character ${i + 1}: name a CSV column` };
      if (literal !== "") pieces.push(literal);
      literal = "";
      pieces.push({ column });
      if (!columns.includes(column)) columns.push(column);
      i = close + 1;
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal !== "") pieces.push(literal);
  return { ok: true, template: { pieces, columns } };
}

/**
 * A delivery text as the form, the creation, the preview and the dispatcher read it: its placeholders (null when it
 * names no column) and its shortest form, every placeholder empty and `{{`/`}}` made single — what every recipient
 * gets when the text names no column, and what the account's encodings and maximum number of SMS are checked against
 * before each personalised message is counted. A text that does not parse (templateProblem says why; the creation
 * refuses it) is taken as written.
 */
export function personalisation(text: string): { template: MessageTemplate | null; shortest: string } {
  const parsed = parseTemplate(text);
  if (!parsed.ok) return { template: null, shortest: text };
  const shortest = renderTemplate(parsed.template, null);
  return { template: parsed.template.columns.length > 0 ? parsed.template : null, shortest };
}

/** The text one recipient gets: each placeholder replaced by its value (missing = ""). */
export function renderTemplate(template: MessageTemplate, values: Readonly<Record<string, string>> | null): string {
  let out = "";
  for (const p of template.pieces) out += typeof p === "string" ? p : (values?.[p.column] ?? "");
  return out;
}

/** Why a personalised message cannot be sent as rendered (its cells left it empty), or null. */
export const EMPTY_MESSAGE = "Empty message: the recipient's cells for the text's placeholders are empty";

/** The placeholders' columns that `headers` lacks (exact names), each with the header it may have meant. */
export function missingColumns(template: MessageTemplate, headers: readonly string[]): { column: string; meant?: string }[] {
  const missing: { column: string; meant?: string }[] = [];
  for (const column of template.columns) {
    if (headers.includes(column)) continue;
    const meant = headers.find((h) => h.toLowerCase() === column.toLowerCase());
    missing.push(meant === undefined ? { column } : { column, meant });
  }
  return missing;
}

/**
 * Why the text cannot be a delivery's message with these CSV columns (null: no CSV, the recipients are a list; "any":
 * a CSV whose header is not known yet, so only the text's own syntax), or null when it can. One wording for the
 * form, the API (422 on `text`) and the preview.
 */
export function templateProblem(text: string, headers: readonly string[] | null | "any"): string | null {
  const parsed = parseTemplate(text);
  if (!parsed.ok) return parsed.error;
  const { columns } = parsed.template;
  if (columns.length === 0 || headers === "any") return null;
  if (headers === null)
    return `Placeholders (${columns.map((c) => `{${c}}`).join(", ")}) take their values from a CSV upload's columns`;
  const missing = missingColumns(parsed.template, headers);
  if (missing.length === 0) return null;
  const names = missing.map((m) => (m.meant ? `{${m.column}} (did you mean {${m.meant}}?)` : `{${m.column}}`));
  const shown = headers.slice(0, 20).join(", ") + (headers.length > 20 ? `, … ${headers.length - 20} more` : "");
  return `No CSV column for ${names.join(", ")} (columns: ${shown})`;
}
