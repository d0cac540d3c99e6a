// Makes sure Debian's `chromium` is installed for the browser suites and `npm run bench:ui`. It is installed
// with apt-get when missing and never downloaded as a browser build of its own.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) throw new Error(`ensure-chromium: could not run ${command}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(`ensure-chromium: '${command} ${args.join(" ")}' exited with ${result.status}`);
}

/** Returns the path of the Chromium executable, installing Debian's package first when it is absent. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const apt = ["/usr/bin/apt-get", "/bin/apt-get"].find((p) => existsSync(p));
  if (!apt) {
    throw new Error(
      `ensure-chromium: ${CHROMIUM} is missing and apt-get is not available; install Debian's 'chromium' package`,
    );
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const sudo = root ? [] : ["sudo", "-n"];
  if (!root && !["/usr/bin/sudo", "/bin/sudo"].some((p) => existsSync(p))) {
    throw new Error(`ensure-chromium: ${CHROMIUM} is missing; run 'apt-get install -y chromium' as root`);
  }
  process.stderr.write(`ensure-chromium: ${CHROMIUM} is missing; installing Debian's chromium package\n`);
  const [cmd, ...pre] = [...sudo, apt];
  run(cmd!, [...pre, "update"]);
  run(cmd!, [...pre, "install", "-y", "--no-install-recommends", "chromium"]);
  if (!existsSync(CHROMIUM)) throw new Error(`ensure-chromium: apt-get finished but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(ensureChromium());
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
