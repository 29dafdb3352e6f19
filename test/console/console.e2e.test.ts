import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiKeys } from '../../src/auth/api-keys';
import { Authenticator } from '../../src/auth/authenticator';
import { CreateProjectDocument, StopModelDocument } from '../../src/client/generated/graphql';
import { seedDemo } from '../../src/demo/seed-demo';
import { DEFECT_CLASS, DEFECT_COLOR, syntheticPart } from '../../src/demo/synthetic-parts';
import { CONSOLE_DIR } from '../../src/server/console';
import { TrustedDocuments } from '../../src/server/trusted-documents';
import { openStateStore } from '../../src/state/open-state-store';
import type { StateStore } from '../../src/state/state-store';
import { startEngine, type RunningEngine } from '../support/engine-harness';
import { startGateway, type RunningGateway } from '../support/gateway-harness';
import { GraphQLClient } from '../support/graphql-client';

// The web console and GraphiQL end to end, in headless Chromium, against the
// real gateway over the real embedded engine with the demo project (a trained
// segmentation model), on loopback. Each step leaves a screenshot in
// test-artifacts/console/.
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const BUILT = existsSync(join(CONSOLE_DIR, 'index.html'));
const SHOTS = join(__dirname, '..', '..', 'test-artifacts', 'console');
const KEYS = { viewer: 'viewer-key-0123456789abcdef', admin: 'admin-key-0123456789abcdef' };

if (!HAVE_CHROMIUM) console.warn(`test/console/console.e2e.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does).`);
else if (!BUILT) console.warn(`test/console/console.e2e.test.ts skipped: the console is not built in ${CONSOLE_DIR} (npm run build).`);

describe.skipIf(!HAVE_CHROMIUM || !BUILT)('the web console in a browser', { timeout: 120_000 }, () => {
  let engine: RunningEngine;
  let gateway: RunningGateway;
  let store: StateStore;
  let stateDir: string;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let images: string;
  /** Requests the pages made anywhere but the gateway, and what the browser complained of. */
  const elsewhere: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    engine = await startEngine();
    await seedDemo(engine.client, engine.dataDir, () => {});
    // Its own state store (aliases, audit, policies), kept across the restart below, as a gateway's data directory is.
    stateDir = mkdtempSync(join(tmpdir(), 'console-state-'));
    store = await openStateStore(undefined, stateDir);
    gateway = await startGateway(engine.client, gatewayOptions());
    images = mkdtempSync(join(tmpdir(), 'console-images-'));
    for (const seed of [7001, 7002, 7003]) writeFileSync(join(images, `extra-${seed}.png`), (await syntheticPart('normal', seed)).png);
    const scratched = await syntheticPart('anomaly', 7004);
    writeFileSync(join(images, 'scratched-7004.png'), scratched.png);
    writeFileSync(join(images, 'scratched-7004-mask.png'), scratched.mask!);
    profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    // Offline: anything not for the gateway is refused, and noted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('http://127.0.0.1:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    page = context.pages()[0] ?? (await context.newPage());
    watch(page);
    // Seeding trains the demo model: seconds alone, longer beside the rest of the suite.
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await gateway?.close();
    await store?.close();
    await engine?.close();
    for (const dir of [profile, images, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function gatewayOptions() {
    return {
      security: { authenticator: new Authenticator(ApiKeys.fromConfig(`dashboard:viewer:${KEYS.viewer},ops:admin:${KEYS.admin}`, undefined), null) },
      statusPolling: { fastMs: 250, settledMaxMs: 2000 },
      stateStore: store,
      replicaId: 'console-e2e',
    };
  }

  // A failing step leaves a screenshot of where it stopped.
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await page?.screenshot({ path: join(SHOTS, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true }).catch(() => {});
    });
  });

  function watch(p: Page) {
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
  }

  const shot = (name: string, p: Page = page) => p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const version = (n: number, p: Page = page): Locator => p.getByRole('listitem', { name: `Version ${n}`, exact: true });
  const badge = (n: number, p: Page = page) => version(n, p).locator('.badge').first();

  async function signIn(p: Page, key: string) {
    await signInWith(p, key);
    await p.getByTestId('whoami').waitFor();
  }

  async function signInWith(p: Page, key: string) {
    await p.goto(`${gateway.url}/console/`);
    await expect.poll(() => p.getByText('This gateway needs an API key').isVisible()).toBe(true);
    await p.getByLabel('API key').fill(key);
    await p.getByRole('button', { name: 'Sign in' }).click();
  }

  it('signs in with an API key and shows the role', async () => {
    await signIn(page, KEYS.admin);
    await expect.poll(() => page.getByTestId('whoami').textContent()).toContain('admin');
    await page.getByRole('link', { name: 'demo' }).waitFor();
    await shot('01-signed-in-projects');
  });

  it('opens the demo project and starts version 1, the badge going to HOSTED as it happens', async () => {
    await page.getByRole('link', { name: 'demo' }).click();
    await badge(1).waitFor();
    expect(await badge(1).textContent()).toBe('TRAINED');
    // The route changed: the focus is on the new page's heading.
    expect(await page.evaluate('document.activeElement?.tagName + " " + document.activeElement?.textContent')).toBe('H1 demo');
    // Without a test dataset, the evaluation was on held-out training images.
    expect(await version(1).getByTestId('images-tested').textContent()).toMatch(/^\d+ held-out training images \(cross-validated/);
    await shot('02-demo-project');
    await version(1).getByRole('button', { name: 'Start' }).click();
    // The subscription shows the transition, then the end of it.
    await version(1).locator('.badge[data-status="STARTING_HOSTING"], .badge[data-status="HOSTED"]').waitFor({ timeout: 20_000 });
    await version(1).locator('.badge[data-status="HOSTED"]').waitFor({ timeout: 30_000 });
    await version(1).getByRole('button', { name: 'Stop' }).waitFor();
    await shot('03-hosted');
  });

  it('tries an anomalous image: the verdict, the mask over the image and its classes', async () => {
    await page.getByRole('tab', { name: 'Try it' }).click();
    await page.getByLabel('Model version').selectOption('1');
    // Not an image (whatever its name says): said plainly, no broken image, nothing sent.
    await page.getByLabel('Image (PNG or JPEG)').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('these are notes, not pixels') });
    await expect.poll(() => page.getByTestId('unreadable-image').textContent()).toContain('notes.png is not a PNG or JPEG image');
    expect(await page.getByRole('button', { name: 'Detect anomalies' }).isDisabled()).toBe(true);
    expect(await page.getByAltText('The image tried').count()).toBe(0);
    await page.getByLabel('Image (PNG or JPEG)').setInputFiles(join(engine.dataDir, 'demo-images', 'anomaly.png'));
    await page.getByRole('button', { name: 'Detect anomalies' }).click();
    await page.getByTestId('verdict-line').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('unreadable-image').count()).toBe(0);
    expect(await page.getByTestId('verdict-line').textContent()).toMatch(/^Anomalous · confidence \d+\.\d % · version 1$/);
    await page.getByTestId('mask-overlay').waitFor();
    expect(await page.getByTestId('mask-overlay').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Anomaly classes' }).textContent()).toContain('scratch');
    // "Mask opacity" sits beside its slider, on the same line.
    const [label, slider] = await Promise.all([page.getByText('Mask opacity', { exact: true }).boundingBox(), page.getByLabel('Mask opacity').boundingBox()]);
    expect(Math.abs(label!.y + label!.height / 2 - (slider!.y + slider!.height / 2))).toBeLessThan(12);
    expect(slider!.x).toBeGreaterThan(label!.x + label!.width - 1);
    await shot('04-try-it-mask');
  });

  it('shows the dataset as thumbnails with masks, adds images and trains version 2, live', async () => {
    // By keyboard: the arrow keys move between the tabs.
    await page.getByRole('tab', { name: 'Try it' }).focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { name: 'Dataset' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Dataset');
    await page.locator('.grid .thumb img').first().waitFor();
    expect(await page.locator('.grid .thumb').count()).toBe(24);
    expect(await page.locator('.grid .thumb img.overlay').count()).toBeGreaterThan(0);
    await shot('05-dataset');
    await page.getByText('Add images to the train dataset').click();
    await page.getByLabel("Images (PNG or JPEG, the dataset's size)").setInputFiles([7001, 7002, 7003].map((s) => join(images, `extra-${s}.png`)));
    await page.getByLabel('Label for these images').selectOption('NORMAL');
    await page.getByRole('button', { name: 'Add 3 images' }).click();
    await page.getByText(/Added; the dataset now has 33 images/).waitFor({ timeout: 30_000 });
    // An anomaly with its segmentation mask, matched by file name.
    await page.getByLabel("Images (PNG or JPEG, the dataset's size)").setInputFiles(join(images, 'scratched-7004.png'));
    await page.getByLabel('Label for these images').selectOption('ANOMALY');
    await page.getByLabel(/^Masks:/).setInputFiles(join(images, 'scratched-7004-mask.png'));
    // The mask's colours are read in the browser: one class per colour, its colour exactly as in the mask.
    await expect.poll(() => page.getByLabel('Colour of class 1').inputValue()).toBe(DEFECT_COLOR.toLowerCase());
    expect(await page.getByLabel('Colour of class 2').count()).toBe(0);
    await page.getByLabel('Class 1', { exact: true }).fill(DEFECT_CLASS);
    // A mask colour that no class declares is refused before anything is sent.
    await page.getByLabel('Colour of class 1').fill('#ff0000');
    await expect.poll(() => page.getByTestId('mask-problems').textContent()).toContain(`scratched-7004-mask.png: ${DEFECT_COLOR.toLowerCase()}`);
    expect(await page.getByRole('button', { name: 'Add 1 image' }).isDisabled()).toBe(true);
    expect(await page.getByTestId('mask-colours').textContent()).toMatch(new RegExp(`: ${DEFECT_COLOR.toLowerCase()}$`));
    await shot('06-mask-colour-refused');
    await page.getByLabel('Colour of class 1').fill(DEFECT_COLOR.toLowerCase());
    await expect.poll(() => page.getByTestId('mask-problems').count()).toBe(0);
    await page.getByRole('button', { name: 'Add 1 image' }).click();
    await page.getByText(/Added; the dataset now has 34 images/).waitFor({ timeout: 30_000 });
    // The gateway names uploaded objects itself: the anomalies (10 of the demo, and this one), each with its mask.
    await page.getByLabel('Label', { exact: true }).selectOption('ANOMALY');
    await expect.poll(() => page.locator('.grid .thumb').count(), { timeout: 20_000 }).toBe(11);
    await expect.poll(() => page.locator('.grid .thumb img.overlay').count(), { timeout: 20_000 }).toBe(11);
    await shot('06-images-added');
    await page.getByLabel('Label', { exact: true }).selectOption('');
    await expect.poll(() => page.locator('.grid .thumb').count(), { timeout: 20_000 }).toBe(24);

    await page.getByRole('tab', { name: 'Models' }).click();
    await page.getByLabel('Description').fill('three-more-normal-washers');
    await page.getByRole('button', { name: 'Train a new version' }).click();
    await badge(2).waitFor({ timeout: 10_000 });
    await shot('07-training');
    await version(2).locator('.badge[data-status="TRAINED"]').waitFor({ timeout: 90_000 });
    await shot('08-trained');
  });

  it('promotes version 2 to production, rolls back and forth, then stops version 1', async () => {
    // production → v1 (hosted), then → v2 (moved at once), back to v1, and to v2 again.
    await version(1).getByRole('button', { name: 'Promote v1' }).click();
    await version(1).locator('.chip', { hasText: 'production' }).waitFor({ timeout: 20_000 });
    const card = version(2);
    await card.getByLabel('Alias').fill('production');
    await card.getByLabel('start it first').uncheck();
    await card.getByRole('button', { name: 'Promote v2' }).click();
    await card.locator('.chip', { hasText: 'production' }).waitFor({ timeout: 20_000 });
    // Where the alias was before comes from the audit: it survives a reload.
    await page.reload();
    await card.getByRole('button', { name: 'Roll back to v1' }).waitFor({ timeout: 20_000 });
    await card.getByRole('button', { name: 'Roll back to v1' }).click();
    await version(1).locator('.chip', { hasText: 'production' }).waitFor({ timeout: 20_000 });
    expect(await card.locator('.chip', { hasText: 'production' }).count()).toBe(0);
    await version(1).getByRole('button', { name: 'Roll back to v2' }).waitFor({ timeout: 20_000 });
    await card.getByLabel('start it first').uncheck();
    await card.getByRole('button', { name: 'Promote v2' }).click();
    await card.locator('.chip', { hasText: 'production' }).waitFor({ timeout: 20_000 });
    await version(1).getByRole('button', { name: 'Stop' }).click();
    await version(1).locator('.badge[data-status="TRAINED"]').waitFor({ timeout: 30_000 });
    await version(1).getByRole('button', { name: 'Start' }).waitFor();
    await shot('09-promoted-and-stopped');
  });

  it('sets an idle-stop policy, and shows the audit of starts, stops and policy changes', async () => {
    const card = version(1);
    await card.getByText('Idle stop and schedule').click();
    await card.getByLabel('Stop after minutes without a detection (empty: never)').fill('30');
    await card.getByRole('button', { name: 'Save policy' }).click();
    await card.getByText('stop after 30 idle min').waitFor({ timeout: 10_000 });
    // A schedule of two windows, saved and shown whole (the form keeps every window the policy has).
    await card.getByText('Keep hosted only in weekly windows').click();
    await card.getByLabel('Time zone').fill('Europe/Berlin');
    await card.getByRole('button', { name: 'Add a window' }).click();
    const second = card.getByRole('group', { name: 'Window 2' });
    for (const day of ['MON', 'TUE', 'WED', 'THU', 'FRI']) await second.getByLabel(day).uncheck();
    await second.getByLabel('SAT').check();
    // "To" is text so that a window can run to 24:00; the form refuses what is not a time, before sending it.
    const to = second.getByLabel('To');
    const valid = () => to.evaluate((input) => (input as unknown as { validity: { valid: boolean } }).validity.valid);
    await to.fill('25:00');
    expect(await valid()).toBe(false);
    await to.fill('24:00');
    expect(await valid()).toBe(true);
    await to.fill('12:00');
    await card.getByRole('button', { name: 'Save policy' }).click();
    await card.getByText('MON,TUE,WED,THU,FRI 08:00–18:00; SAT 08:00–12:00 (Europe/Berlin)', { exact: false }).waitFor({ timeout: 10_000 });
    // Both windows come back into the form, and a save without changes keeps them.
    await card.getByRole('button', { name: 'Save policy' }).click();
    await card.getByText('SAT 08:00–12:00', { exact: false }).waitFor({ timeout: 10_000 });
    await card.getByText('Keep hosted only in weekly windows').click();
    await card.getByRole('button', { name: 'Save policy' }).click();
    await card.getByText('Audit', { exact: true }).click();
    const audit = card.getByRole('table');
    await expect.poll(() => audit.textContent(), { timeout: 10_000 }).toContain('set-policy');
    const text = (await audit.textContent()) ?? '';
    expect(text).toContain('start');
    expect(text).toContain('stop');
    expect(text).toContain('ops');
    await card.scrollIntoViewIfNeeded();
    await shot('10-policy-and-audit');
  });

  it('relabels an image from its card', async () => {
    await page.getByRole('tab', { name: 'Dataset' }).click();
    const label = page.getByLabel('Label of normal-0.png');
    await label.selectOption('UNLABELED');
    await expect.poll(() => page.getByTestId('stats-train').textContent(), { timeout: 20_000 }).toContain('33 labeled');
    await page.getByLabel('Label of normal-0.png').selectOption('NORMAL');
    await expect.poll(() => page.getByTestId('stats-train').textContent(), { timeout: 20_000 }).toContain('34 labeled');
  });

  it('is readable on a phone, and takes an image dropped on Try it', async ({ onTestFinished }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    onTestFinished(() => page.setViewportSize({ width: 1280, height: 900 }));
    await page.getByRole('tab', { name: 'Try it' }).click();
    await page.getByLabel('Model version').selectOption('1');
    await page.getByLabel('Image (PNG or JPEG)').setInputFiles([]);
    // A drop, as from the desktop: a DataTransfer holding the file.
    const png = readFileSync(join(engine.dataDir, 'demo-images', 'normal.png')).toString('base64');
    const dropped = await page.evaluateHandle(
      `(() => { const t = new DataTransfer(); t.items.add(new File([Uint8Array.from(atob('${png}'), (c) => c.charCodeAt(0))], 'normal.png', { type: 'image/png' })); return t; })()`,
    );
    await page.locator('.drop').first().dispatchEvent('drop', { dataTransfer: dropped });
    await page.getByText('1 file: normal.png').waitFor();
    // Version 1 was stopped above: the gateway's answer says so.
    await page.getByRole('button', { name: 'Detect anomalies' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 20_000 }).toContain('MODEL_NOT_READY');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('11-phone-try-it');
    await page.getByRole('tab', { name: 'Models' }).click();
    // Nothing wider than the screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('11-phone-models');
  });

  it('offers a viewer no start button, and no Try it', async () => {
    const viewer = await context.newPage(); // a new tab: its own sessionStorage
    watch(viewer);
    await signIn(viewer, KEYS.viewer);
    expect(await viewer.getByTestId('whoami').textContent()).toContain('viewer');
    await viewer.getByRole('link', { name: 'demo' }).click();
    await badge(1, viewer).waitFor();
    expect(await viewer.getByRole('button', { name: 'Start' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Train a new version' }).count()).toBe(0);
    await shot('12-viewer', viewer);
    await viewer.getByRole('tab', { name: 'Try it' }).click();
    await viewer.getByText('Trying a model needs the inference role').waitFor();
    await viewer.close();
  });

  it('forgets a key the gateway refuses, and offers the sign-in form again', async () => {
    const tab = await context.newPage();
    watch(tab);
    try {
      await signInWith(tab, 'not-a-key-0123456789abcdef');
      await tab.getByText('The gateway did not accept that API key').waitFor();
      // The key field is back (not just "Sign out"), and the refused key is gone from the tab's storage.
      expect(await tab.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
      expect(await tab.evaluate<string>('JSON.stringify(sessionStorage)')).not.toContain('not-a-key');
      await tab.getByLabel('API key').fill(KEYS.viewer);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => tab.getByTestId('whoami').textContent()).toContain('viewer');
      expect(await tab.getByText('The gateway did not accept that API key').count()).toBe(0);
    } finally {
      await tab.close();
    }
  });

  it('works on a gateway that runs only its trusted documents (PERSISTED_OPERATIONS=only)', async () => {
    const locked = await startGateway(engine.client, {
      security: {
        authenticator: new Authenticator(ApiKeys.fromConfig(`ops:admin:${KEYS.admin}`, undefined), null),
        trustedDocuments: TrustedDocuments.load(join(__dirname, '..', '..', 'src', 'client', 'generated', 'persisted-documents.json')),
        trustedDocumentsMode: 'only',
      },
    });
    const tab = await context.newPage();
    try {
      await tab.goto(`${locked.url}/console/`);
      await tab.getByLabel('API key').fill(KEYS.admin);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.getByRole('link', { name: 'demo' }).click();
      await badge(2, tab).waitFor();
      await tab.getByRole('tab', { name: 'Dataset' }).click();
      await tab.locator('.grid .thumb img').first().waitFor();
    } finally {
      await tab.close();
      await locked.close();
    }
  });

  it('opens GraphiQL at /graphql offline, with the key preset, and runs a query', async () => {
    await page.goto(`${gateway.url}/graphql`);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-editor .monaco-editor').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /Execute query/i }).click();
    await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 }).toMatch(/"name":\s"ops"/);
    expect(await page.locator('.result-window').textContent()).toMatch(/"name":\s"demo"/);
    // The key stays in the tab's sessionStorage: GraphiQL keeps no headers in localStorage...
    expect(await page.evaluate<string>('JSON.stringify(localStorage)')).not.toContain(KEYS.admin);
    await shot('13-graphiql');
    // ...and after a reload the restored tab still runs with the console's key.
    await page.reload();
    await page.locator('.graphiql-editor .monaco-editor').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /Execute query/i }).click();
    await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 }).toMatch(/"name":\s"ops"/);
  });

  it('uploads from GraphiQL: a variable "@file" is sent as the chosen file (multipart, with the preflight header)', async () => {
    // Version 2 is TRAINED: start it first (through GraphQL, as GraphiQL would), then detect with it.
    await runInGraphiql('mutation { startModel(project: "demo", version: "2", wait: true, timeoutSeconds: 60) { status } }', '{}');
    await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 60_000 }).toMatch(/"status":\s"HOSTED"/);
    await page.getByLabel(/File for/).setInputFiles(join(engine.dataDir, 'demo-images', 'anomaly.png'));
    await runInGraphiql(
      'mutation Detect($file: Upload!) { detectAnomalies(project: "demo", version: "2", file: $file) { isAnomalous confidence anomalies { name } } }',
      '{ "file": "@file" }',
    );
    await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 }).toMatch(/"isAnomalous":\strue/);
    await shot('14-graphiql-upload');
  });

  /** Replaces the operation and the variables in GraphiQL's editors (monaco), then runs it. */
  async function runInGraphiql(query: string, variables: string) {
    const editors = page.locator('.graphiql-editor .monaco-editor');
    await editors.first().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(query);
    // Whatever monaco closed by itself (brackets, quotes) is after the cursor.
    await page.keyboard.press('ControlOrMeta+Shift+End');
    await page.keyboard.press('Delete');
    await page.locator('.graphiql-editor-tools').getByText('Variables', { exact: true }).click();
    const variablesEditor = page.locator('.graphiql-editor-tool .monaco-editor').first();
    await variablesEditor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(variables);
    await page.keyboard.press('ControlOrMeta+Shift+End');
    await page.keyboard.press('Delete');
    await page.getByRole('button', { name: /Execute query/i }).click();
  }

  it('keeps the tab in the address, says when there is no such page, and guards what cannot work', async () => {
    // Signed in as the admin, whichever key the tests before left in this tab.
    await page.goto(`${gateway.url}/console/`);
    await page.getByTestId('whoami').or(page.getByText('This gateway needs an API key')).first().waitFor();
    if ((await page.getByTestId('whoami').textContent().catch(() => null))?.includes('admin') !== true) {
      if (await page.getByRole('button', { name: 'Sign out' }).isVisible()) await page.getByRole('button', { name: 'Sign out' }).click();
      await signIn(page, KEYS.admin);
    }
    await page.getByRole('link', { name: 'demo' }).click();
    await page.getByRole('tab', { name: 'Dataset' }).click();
    expect(new URL(page.url()).pathname).toBe('/console/projects/demo/dataset');
    // A reload (or a link) opens the same tab.
    await page.reload();
    await expect.poll(() => page.getByRole('tab', { name: 'Dataset' }).getAttribute('aria-selected'), { timeout: 10_000 }).toBe('true');
    // A filter that matches nothing says so.
    await page.getByLabel('Name contains').fill('no-image-has-this-name');
    await expect.poll(() => page.getByTestId('no-images').textContent(), { timeout: 10_000 }).toBe('No images match.');
    await page.getByRole('tab', { name: 'Models' }).click();
    // Units that are no whole number are said on the page, not sent.
    await version(1).getByLabel('Inference units').fill('2.5');
    expect(await version(1).getByRole('button', { name: 'Start' }).isDisabled()).toBe(true);
    expect(await version(1).getByText('a whole number, 1 or more').count()).toBe(1);
    await version(1).getByLabel('Inference units').fill('1');
    expect(await version(1).getByRole('button', { name: 'Start' }).isDisabled()).toBe(false);

    // Addresses the console has no page for: its own page saying so, also for a malformed escape.
    for (const path of ['/console/nothing/here', '/console/projects/demo/dataset/extra', '/console/projects/%E0%A4%A', '/console/projects/no%20such']) {
      await page.goto(`${gateway.url}${path}`);
      await page.getByRole('heading', { name: 'No such page' }).waitFor({ timeout: 10_000 });
    }
    await page.goto(`${gateway.url}/console/projects/demo/settings`);
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 10_000 }).toContain('Project demo has no section “settings”');

    // A project of 255 characters and no model: the name wraps, and Try it says there is nothing to try yet.
    const long = `p${'x'.repeat(254)}`;
    expect((await new GraphQLClient(gateway.url).withApiKey(KEYS.admin).request(CreateProjectDocument, { name: long })).errors).toBeUndefined();
    await page.goto(`${gateway.url}/console/projects/${long}/try`);
    await page.getByText('This project has no model version yet').waitFor({ timeout: 10_000 });
    await page.getByLabel('Image (PNG or JPEG)').setInputFiles(join(engine.dataDir, 'demo-images', 'normal.png'));
    expect(await page.getByRole('button', { name: 'Detect anomalies' }).isDisabled()).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.goto(`${gateway.url}/console/`);
    await page.getByRole('heading', { name: 'Projects' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await shot('14b-long-name');
  });

  it('survives a gateway restart: "reconnecting", a clear error meanwhile, then live status again', async () => {
    // A tab of its own with a clock the test can move: a long outage (many retries) in a second or two.
    const tab = await context.newPage();
    watch(tab);
    await tab.clock.install();
    try {
      await signIn(tab, KEYS.admin);
      await tab.getByRole('link', { name: 'demo' }).click();
      // Version 2 is HOSTED (started from GraphiQL above).
      await version(2, tab).locator('.badge[data-status="HOSTED"]').waitFor({ timeout: 20_000 });
      await version(2, tab).getByRole('button', { name: 'Roll back to v1' }).waitFor({ timeout: 10_000 });
      const { port } = gateway;
      await gateway.close();
      await version(2, tab).getByTestId('live-reconnecting').waitFor({ timeout: 15_000 });
      // Two minutes down: retry after retry fails; the console keeps trying (it used to give up after 5).
      for (let i = 0; i < 12; i++) {
        await tab.clock.fastForward(10_000);
        await tab.waitForTimeout(100);
      }
      expect(await version(2, tab).getByTestId('live-reconnecting').count()).toBe(1);
      // An action meanwhile: the gateway cannot be reached (not the browser's bare "Failed to fetch").
      await version(2, tab).getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => version(2, tab).getByRole('alert').first().textContent(), { timeout: 10_000 }).toContain('The gateway cannot be reached');
      await shot('15-gateway-down', tab);
      // The same gateway again (same port, same state); the model changes through the API, not through this page.
      gateway = await startGateway(engine.client, { ...gatewayOptions(), port });
      const stopped = await new GraphQLClient(gateway.url).withApiKey(KEYS.admin).request(StopModelDocument, { project: 'demo', version: '2' });
      expect(stopped.errors).toBeUndefined();
      await tab.clock.fastForward(10_000); // the next retry, now
      // Reconnected, re-subscribed: the first event is the status now, and the badge follows.
      await version(2, tab).locator('.badge[data-status="TRAINED"]').waitFor({ timeout: 30_000 });
      expect(await version(2, tab).getByTestId('live-reconnecting').count()).toBe(0);
      // The project is read again once back: the alias and where it can roll back to.
      await version(2, tab).getByRole('button', { name: 'Roll back to v1' }).waitFor({ timeout: 10_000 });
      await shot('16-reconnected', tab);
    } finally {
      await tab.close();
    }
  });

  it('fetched nothing from anywhere else, and broke no rule of the CSP', () => {
    expect(elsewhere).toEqual([]);
    expect(problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    expect(problems.filter((p) => p.startsWith('page error'))).toEqual([]);
  });
});
