// Checks claimcheck's HTML report in a real headless Chromium.
//
// Usage: node scripts/html-browser-test.mjs CHROMIUM OUTDIR
// OUTDIR holds report.html and claims.jsonl (the same run as JSON lines, the
// source of truth for what must be highlighted) and evil.html (a report of a
// hostile document). Screenshots are written there too.
//
// Chromium is driven over the DevTools protocol through --remote-debugging-pipe
// (NUL-separated JSON on file descriptors 3 and 4), so no npm package, browser
// download or WebSocket client is needed. Exits 1 with a message on the first
// failed check.

import { spawn, execFile } from "node:child_process";
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [chromium, outDir] = process.argv.slice(2);
if (!chromium || !outDir) {
  console.error("usage: node html-browser-test.mjs CHROMIUM OUTDIR");
  process.exit(2);
}

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--hide-scrollbars",
];

let browser = null;
function fail(message) {
  console.error(`html-browser-test: FAIL: ${message}`);
  if (browser) browser.kill("SIGKILL");
  process.exit(1);
}
function ok(message) {
  console.log(`ok   ${message}`);
}

const reportUrl = pathToFileURL(resolve(outDir, "report.html")).href;
const evilUrl = pathToFileURL(resolve(outDir, "evil.html")).href;
const records = readFileSync(join(outDir, "claims.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
const inconsistent = records.filter((r) => r.verdict === "inconsistent");
if (inconsistent.length === 0) fail("the seed draft run has no inconsistent claims to look for");

// 1. --dump-dom: the DOM after scripts ran, as a plain Chromium invocation sees it.
const dom = await new Promise((res) => {
  const args = [...FLAGS, `--user-data-dir=${mkdtempSync(join(tmpdir(), "cc-chromium-"))}`,
    "--virtual-time-budget=5000", "--dump-dom", reportUrl];
  execFile(chromium, args, { maxBuffer: 64 << 20, timeout: 60000 }, (err, stdout, stderr) => {
    if (err) fail(`chromium --dump-dom failed: ${err.message}\n${stderr}`);
    res(stdout);
  });
});
if (!/<body[^>]*data-ready="1"/.test(dom)) fail("--dump-dom: <body> has no data-ready=\"1\": the report's script did not run to the end");
const htmlText = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
for (const r of inconsistent) {
  const mark = new RegExp(`<mark class="claim inconsistent" id="([^"]+)"[^>]*data-start="${r.start}"`).exec(dom);
  if (!mark) fail(`--dump-dom: no <mark class="claim inconsistent"> for "${r.text}" at byte ${r.start}`);
  const detail = dom.indexOf(`id="${mark[1]}-tip"`);
  if (detail < 0) fail(`--dump-dom: no detail panel ${mark[1]}-tip for "${r.text}"`);
  const end = dom.indexOf("</div>", detail);
  if (!dom.slice(detail, end).includes(htmlText(r.message).replace(/"/g, "&quot;")) &&
      !dom.slice(detail, end).includes(htmlText(r.message))) {
    fail(`--dump-dom: the detail panel of "${r.text}" lacks its message: ${r.message}`);
  }
}
ok(`--dump-dom: page ready; ${inconsistent.length} inconsistent claims highlighted, each with its message in the DOM`);

// 2. DevTools protocol over a pipe.
browser = spawn(chromium, [...FLAGS, `--user-data-dir=${mkdtempSync(join(tmpdir(), "cc-chromium-"))}`,
  "--remote-debugging-pipe", "about:blank"], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
let stderrText = "";
browser.stdio[2].on("data", (d) => { stderrText += d; });
browser.on("exit", (code) => { if (browser) fail(`chromium exited (${code}) during the test\n${stderrText.slice(-2000)}`); });
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
let nextId = 0;
const pending = new Map();
const listeners = [];
let buffered = Buffer.alloc(0);
fromBrowser.on("data", (chunk) => {
  buffered = Buffer.concat([buffered, chunk]);
  let nul;
  while ((nul = buffered.indexOf(0)) >= 0) {
    const msg = JSON.parse(buffered.subarray(0, nul).toString("utf8"));
    buffered = buffered.subarray(nul + 1);
    if (msg.id !== undefined && pending.has(msg.id)) {
      const { res, rej, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) rej(new Error(`${method}: ${msg.error.message}`));
      else res(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = ++nextId;
  toBrowser.write(JSON.stringify({ id, method, params, sessionId }) + "\0");
  return new Promise((res, rej) => pending.set(id, { res, rej, method }));
}
const timeout = setTimeout(() => fail("timed out after 90 s"), 90000);

const { targetId } = await send("Target.createTarget", { url: "about:blank" });
const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
const page = (method, params) => send(method, params, sessionId);
const requests = [];
const problems = [];
let loaded = null;
listeners.push((msg) => {
  if (msg.sessionId !== sessionId) return;
  if (msg.method === "Network.requestWillBeSent") requests.push(msg.params.request.url);
  if (msg.method === "Runtime.exceptionThrown") problems.push(`script error: ${msg.params.exceptionDetails.exception?.description ?? msg.params.exceptionDetails.text}`);
  if (msg.method === "Page.javascriptDialogOpening") {
    problems.push(`a dialog opened: ${msg.params.message}`);
    page("Page.handleJavaScriptDialog", { accept: true });
  }
  if (msg.method === "Page.loadEventFired" && loaded) loaded();
});
await Promise.all([page("Page.enable"), page("Runtime.enable"), page("Network.enable")]);
await page("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });

async function evaluate(expression) {
  const { result, exceptionDetails } = await page("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
  if (exceptionDetails) fail(`evaluating ${expression.slice(0, 80)}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value;
}
async function open(url) {
  requests.length = 0;
  const done = new Promise((res) => { loaded = res; });
  await page("Page.navigate", { url });
  await done;
  for (let i = 0; i < 50 && (await evaluate("document.body.dataset.ready")) !== "1"; i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if ((await evaluate("document.body.dataset.ready")) !== "1") fail(`${url}: <body data-ready="1"> never set`);
}
async function screenshot(name, full) {
  const params = { format: "png" };
  if (full) {
    const height = await evaluate("document.documentElement.scrollHeight");
    params.clip = { x: 0, y: 0, width: 1280, height, scale: 1 };
    params.captureBeyondViewport = true;
  }
  const { data } = await page("Page.captureScreenshot", params);
  writeFileSync(join(outDir, name), Buffer.from(data, "base64"));
}
const tipState = () => evaluate(`(() => { const t = document.getElementById("tip");
  const r = t.getBoundingClientRect();
  return { hidden: t.hidden, visible: !t.hidden && r.width > 0 && r.height > 0, for: t.dataset.for || "", text: t.textContent }; })()`);

await open(reportUrl);
const external = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"));
if (external.length) fail(`the report loaded ${external.join(", ")}`);
ok("report loaded with no network requests");
await screenshot("report.png", true);

// Every inconsistent claim: its element, its text, and focus shows its message.
for (const r of inconsistent) {
  const info = await evaluate(`(() => {
    const m = document.querySelector('#report mark.claim[id][data-start="${r.start}"][data-end="${r.end}"]');
    if (!m) return null;
    return { id: m.id, cls: m.className, text: m.textContent, tabIndex: m.tabIndex, verdict: m.dataset.verdict, code: m.dataset.code };
  })()`);
  if (!info) fail(`no claim element for "${r.text}" (bytes ${r.start}..${r.end})`);
  if (!info.cls.split(" ").includes("inconsistent")) fail(`"${r.text}" has class "${info.cls}", not inconsistent`);
  if (info.text !== r.text) fail(`claim element text ${JSON.stringify(info.text)} differs from the span ${JSON.stringify(r.text)}`);
  if (info.code !== r.code) fail(`"${r.text}": data-code ${info.code}, expected ${r.code}`);
  if (info.tabIndex !== 0) fail(`"${r.text}" is not keyboard-focusable (tabIndex ${info.tabIndex})`);
  await evaluate(`document.getElementById(${JSON.stringify(info.id)}).focus()`);
  const tip = await tipState();
  if (!tip.visible || tip.for !== info.id) fail(`focusing "${r.text}" did not show its tooltip (${JSON.stringify(tip)})`);
  for (const want of [r.message, r.reference?.source, r.reference ? `${r.reference.file}:${r.reference.line}` : null]) {
    if (want && !tip.text.includes(want)) fail(`tooltip of "${r.text}" lacks ${JSON.stringify(want)}; it reads: ${tip.text}`);
  }
  ok(`${r.code} "${r.text}": highlighted as inconsistent; focus shows "${r.message.slice(0, 60)}..."`);
}
await evaluate("document.activeElement.blur()");
if (!(await tipState()).hidden) fail("the tooltip stays open after the claim loses focus");

// Hover with the real mouse, then move away.
const target = inconsistent[0];
const box = await evaluate(`(() => { const m = document.querySelector('#report mark.claim[id][data-start="${target.start}"]');
  m.scrollIntoView({ block: "center" }); const r = m.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2, id: m.id }; })()`);
await page("Input.dispatchMouseEvent", { type: "mouseMoved", x: box.x, y: box.y });
let tip = await tipState();
if (!tip.visible || tip.for !== box.id || !tip.text.includes(target.message)) fail(`hovering "${target.text}" did not show its message (${JSON.stringify(tip)})`);
await screenshot("report-tooltip.png", false);
await page("Input.dispatchMouseEvent", { type: "mouseMoved", x: 2, y: 2 });
if (!(await tipState()).hidden) fail("the tooltip stays open after the mouse leaves the claim");
ok(`hover on "${target.text}" shows its tooltip; leaving hides it`);

// Tap/click opens it too, and Escape closes it.
await page("Input.dispatchMouseEvent", { type: "mousePressed", x: box.x, y: box.y, button: "left", clickCount: 1 });
await page("Input.dispatchMouseEvent", { type: "mouseReleased", x: box.x, y: box.y, button: "left", clickCount: 1 });
await page("Input.dispatchMouseEvent", { type: "mouseMoved", x: 2, y: 2 });
tip = await tipState();
if (!tip.visible || tip.for !== box.id) fail(`clicking "${target.text}" did not keep its tooltip open (${JSON.stringify(tip)})`);
await page("Input.dispatchKeyEvent", { type: "keyDown", key: "Escape", code: "Escape", windowsVirtualKeyCode: 27 });
if (!(await tipState()).hidden) fail("Escape does not close the tooltip");
ok("click keeps the tooltip open; Escape closes it");

// A finding's link leads to its claim and opens its tooltip.
const linked = await evaluate(`(() => { const a = document.querySelector('li.finding[data-verdict="inconsistent"] a.loc');
  a.click(); return { href: a.getAttribute("href"), active: document.activeElement.id }; })()`);
tip = await tipState();
if (linked.active !== linked.href.slice(1) || tip.for !== linked.active) fail(`following finding link ${linked.href} did not focus its claim (${JSON.stringify(linked)})`);
ok(`finding link ${linked.href} focuses its claim and shows its tooltip`);

// Filters: unticking "inconsistent" un-highlights those claims and hides their findings.
const filtered = await evaluate(`(() => {
  const box = document.querySelector('#filters input[name=verdict][value=inconsistent]');
  box.click();
  const marks = [...document.querySelectorAll('.doc mark.claim.inconsistent')];
  const items = [...document.querySelectorAll('li.finding[data-verdict=inconsistent]')];
  const r = { marksOff: marks.every(m => m.classList.contains("off")), itemsHidden: items.every(i => i.hidden),
    othersShown: [...document.querySelectorAll('li.finding:not([data-verdict=inconsistent])')].every(i => !i.hidden), n: items.length };
  box.click();
  r.restored = marks.every(m => !m.classList.contains("off")) && items.every(i => !i.hidden);
  return r; })()`);
if (!filtered.marksOff || !filtered.itemsHidden || !filtered.othersShown || !filtered.restored || filtered.n === 0) fail(`verdict filter misbehaves: ${JSON.stringify(filtered)}`);
const summaryFirst = await evaluate(`document.getElementById("report").firstElementChild.id`);
if (summaryFirst !== "summary") fail(`the summary is not moved to the top (first child: ${summaryFirst})`);
ok("verdict filter hides and restores inconsistent findings; summary is first");

// A hostile document: nothing it contains may run or load.
await open(evilUrl);
const evil = await evaluate(`({ scripts: document.scripts.length, imgs: document.images.length,
  text: document.querySelector(".doc pre.source").textContent, path: document.querySelector(".doc h2").textContent,
  tips: [...document.querySelectorAll(".detail")].map(d => d.textContent).join("\\n") })`);
if (evil.scripts !== 1) fail(`the hostile report has ${evil.scripts} <script> elements (only the report's own is allowed)`);
if (evil.imgs !== 0) fail(`the hostile report has ${evil.imgs} <img> elements`);
if (!evil.text.includes("<script>alert(1)</script>")) fail("the hostile source text is not shown verbatim");
if (!evil.path.includes("<b>")) fail(`the hostile path is not shown verbatim: ${evil.path}`);
if (!evil.tips.includes('"><img src=x onerror=alert(2)>')) fail("the hostile reference source is not shown verbatim in the tooltip");
const externalEvil = requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"));
if (externalEvil.length) fail(`the hostile report loaded ${externalEvil.join(", ")}`);
ok("hostile document: shown as text, no injected elements, no dialogs, no requests");

if (problems.length) fail(problems.join("; "));
clearTimeout(timeout);
const b = browser;
browser = null;
b.kill();
console.log(`html-browser-test: all checks passed (screenshots in ${outDir})`);
