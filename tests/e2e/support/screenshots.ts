import path from "node:path";

/**
 * Where the e2e suite writes its screenshots: an ignored folder, so that a run never rewrites a committed file. The
 * README's pictures live in docs/images/ and are replaced on purpose (copy one from here when the page changed).
 */
export const SCREENSHOT_DIR = path.join("tests", "e2e", ".screenshots");

export const screenshotPath = (name: string) => path.join(SCREENSHOT_DIR, `${name}.png`);
