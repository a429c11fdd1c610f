/**
 * The SMSC simulator as `npm start` runs it: simulator/cli.ts (same arguments; the password by SMSC_PASSWORD), but
 * stopping when the launcher dies, like the web server and the connector (lib/process/parent-watch.ts). Without it,
 * a launcher killed with SIGKILL would leave the simulator running and holding its ports.
 */
import { stopWhenSupervisorDies } from "../lib/process/parent-watch";

stopWhenSupervisorDies();
void import("../simulator/cli");
