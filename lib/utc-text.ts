/** `2026-12-03 10:47:19 UTC`: a time as the console writes it where the reader's zone is not known (server, logs). */
export function utcText(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
