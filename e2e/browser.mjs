// Launches Debian's Chromium (Playwright cannot download browsers here).
import { chromium } from "playwright-core";
import { execSync } from "node:child_process";

export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execSync("command -v chromium || command -v chromium-browser", { shell: "/bin/bash" }).toString().trim();
}

export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
