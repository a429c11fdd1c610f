/**
 * What the benches read of processes and of the host from /proc (Linux), synchronously and without asking the
 * processes measured: CPU time, run-queue wait, RSS, command lines, the process tree, the host's idle time.
 */
import fs from "node:fs";

/** The fields of /proc/<pid>/stat after the command name (state first), or null once the process is gone. */
function statFields(pid: number | string): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm may hold spaces and parentheses: the fields after the last ")" are fixed.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** pid → parent pid of every process, from /proc. */
function processTable(): Map<number, number> {
  const table = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    const fields = statFields(d); // null: exited meanwhile
    if (fields) table.set(Number(d), Number(fields[1]));
  }
  return table;
}

export function descendants(root: number): number[] {
  const table = processTable();
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of table) {
      if (parent === pid) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

export function rssKB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** CPU ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/** User + system CPU time in ms of a process, from /proc (0 once it is gone). */
export function cpuMsOf(pid: number | string): number {
  const fields = statFields(pid);
  // utime and stime (fields 14 and 15 of proc(5), counted from the state).
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ : 0;
}

/** Time a task has spent ready to run but waiting for a core, ms (second field of /proc/<pid>/schedstat, ns). */
export function runQueueWaitMs(pid: number | string): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
  } catch {
    return 0;
  }
}

export function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** Idle time of the whole host (all cores), ms, from the first line of /proc/stat (idle + iowait). */
export function hostIdleMs(): number {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/);
  return ((Number(f[4]) + Number(f[5])) * 1000) / USER_HZ;
}
