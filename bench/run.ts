/**
 * `npm run bench [-- <section>…] [--quick]`: runs every section (each `bench/<name>.ts` exporting `section`), or the
 * ones named, prints their rows, stores them in bench/results.json with the machine they ran on, and rewrites
 * bench/RESULTS.md from it, so that running one section keeps the others' last rows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { BenchRow, BenchSection } from "./types";

const DIR = import.meta.dirname;
const RESULTS_JSON = path.join(DIR, "results.json");
const RESULTS_MD = path.join(DIR, "RESULTS.md");
const NOT_SECTIONS = new Set(["run.ts", "types.ts"]);

type Stored = { title: string; machine: string; date: string; rows: BenchRow[] };

/** The machine, and how busy it was (1-minute load average before and after): figures from a busy host read lower. */
function machine(loadBefore: number): string {
  const cpus = os.cpus();
  return (
    `${cpus[0]?.model.trim() ?? "unknown CPU"} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ` +
    `${os.platform()} ${os.release()}, node ${process.version}, load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`
  );
}

async function loadSections(): Promise<BenchSection[]> {
  const files = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !NOT_SECTIONS.has(f))
    .sort();
  const sections: BenchSection[] = [];
  for (const f of files) {
    try {
      const mod = (await import(pathToFileURL(path.join(DIR, f)).href)) as { section?: BenchSection };
      if (mod.section) sections.push(mod.section);
    } catch (e) {
      // One broken section must not stop the others from running.
      console.error(`bench/${f} failed to load: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return sections;
}

function readStored(): Record<string, Stored> {
  try {
    return JSON.parse(fs.readFileSync(RESULTS_JSON, "utf8")) as Record<string, Stored>;
  } catch {
    return {};
  }
}

const fmt = (v: number) =>
  Number.isInteger(v) ? v.toLocaleString("en-US") : v.toLocaleString("en-US", { maximumFractionDigits: 2 });
const cell = (s: string) => s.replace(/\|/g, "\\|");

function markdown(stored: Record<string, Stored>): string {
  const out = [
    "# Bench results",
    "",
    "Written by `npm run bench` (bench/run.ts) from bench/results.json; each section keeps the rows of its last run.",
    "",
  ];
  for (const [name, s] of Object.entries(stored)) {
    out.push(`## ${s.title}`, "", `\`npm run bench -- ${name}\` — ${s.date}, ${s.machine}`, "");
    out.push("| Measure | Value | Unit | Goal | Met | Note |", "|---|---:|---|---|:-:|---|");
    for (const r of s.rows) {
      const met = r.ok === undefined ? "" : r.ok ? "✅" : "❌";
      out.push(
        `| ${cell(r.metric)} | ${fmt(r.value)} | ${cell(r.unit)} | ${cell(r.goal ?? "")} | ${met} | ${cell(r.note ?? "")} |`,
      );
    }
    out.push("");
  }
  return out.join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const wanted = args.filter((a) => !a.startsWith("--"));
  const sections = await loadSections();
  const unknown = wanted.filter((w) => !sections.some((s) => s.name === w));
  if (unknown.length > 0) {
    console.error(`Unknown section(s): ${unknown.join(", ")}. Sections: ${sections.map((s) => s.name).join(", ")}`);
    process.exit(2);
  }
  const selected = (wanted.length > 0 ? sections.filter((s) => wanted.includes(s.name)) : sections).sort(
    (a, b) => Number(!!a.runsLast) - Number(!!b.runsLast),
  );
  const measured: Record<string, Stored> = {};
  let failed = false;
  for (const s of selected) {
    console.error(`▶ ${s.name}: ${s.title}`);
    const t0 = Date.now();
    const load = os.loadavg()[0];
    try {
      const rows = await s.run({ quick, log: (m) => console.error(`  ${m}`) });
      console.table(
        rows.map((r) => ({
          measure: r.metric,
          value: fmt(r.value),
          unit: r.unit,
          goal: r.goal ?? "",
          met: r.ok === undefined ? "" : r.ok ? "yes" : "NO",
          note: r.note ?? "",
        })),
      );
      if (!quick)
        measured[s.name] = {
          title: s.title,
          machine: machine(load),
          date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
          rows,
        };
      console.error(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    } catch (e) {
      failed = true;
      console.error(`  ${s.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  if (!quick) {
    // Read again now: another section may have been run (and written) meanwhile by someone else.
    const stored = { ...readStored(), ...measured };
    fs.writeFileSync(RESULTS_JSON, JSON.stringify(stored, null, 2) + "\n");
    fs.writeFileSync(RESULTS_MD, markdown(stored));
    console.error(`Wrote ${path.relative(process.cwd(), RESULTS_MD)}`);
  }
  process.exit(failed ? 1 : 0);
}

void main();
