/**
 * Children of `npm start` run in their own process group (so that Ctrl-C reaches the launcher, which stops them in
 * order). If the launcher itself dies (kill -9), each child notices here within a second and stops cleanly (SIGTERM
 * to itself), instead of living on unsupervised. SMS_SUPERVISOR_PID names the launcher; unset, nothing is watched.
 */
export function stopWhenSupervisorDies(env: NodeJS.ProcessEnv = process.env, everyMs = 1000): void {
  const pid = Number(env.SMS_SUPERVISOR_PID);
  if (!Number.isInteger(pid) || pid <= 1) return;
  const timer = setInterval(() => {
    try {
      process.kill(pid, 0);
    } catch {
      clearInterval(timer);
      console.error(`[start] the launcher (pid ${pid}) is gone: stopping`);
      process.kill(process.pid, "SIGTERM");
    }
  }, everyMs);
  timer.unref();
}
