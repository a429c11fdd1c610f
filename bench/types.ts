/**
 * The bench harness interface (bench/README.md): each `bench/<name>.ts` exports `section: BenchSection`;
 * `bench/run.ts` runs them and rewrites bench/RESULTS.md from bench/results.json.
 */

export type BenchRow = {
  /** What was measured, e.g. "lib/smpp session → simulator, window 10". */
  metric: string;
  value: number;
  /** e.g. "submit_sm/s", "ms", "MB". */
  unit: string;
  /** The goal in words, e.g. "≥ 90 % of ceiling" (optional). */
  goal?: string;
  /** Whether the goal was met (optional; shown as ✅ / ❌). */
  ok?: boolean;
  /** Anything that helps read the figure (ratio to a ceiling, sample size…). */
  note?: string;
};

export type BenchContext = {
  /** Progress lines (stderr); keep them few. */
  log(message: string): void;
  /** `--quick`: shorter runs for smoke-testing the harness, figures not to be committed. */
  quick: boolean;
};

export type BenchSection = {
  /** Short id used on the command line: `npm run bench -- <name>`. */
  name: string;
  /** Heading in RESULTS.md. */
  title: string;
  /** Runs after the others: it leaves the machine busy for a while (a build, a 1,000,000-row database). */
  runsLast?: boolean;
  run(ctx: BenchContext): Promise<BenchRow[]>;
};
