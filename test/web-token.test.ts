/**
 * The playground on a server run with RMLENS_TOKEN: a token field appears, and what is typed
 * there goes with every request as `Authorization: Bearer …` (mutations need it).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startBrowserWorld, type BrowserWorld } from './support/browser.ts';

const TOKEN = 's3cret-token';
let world: BrowserWorld;
before(async () => {
  world = await startBrowserWorld({ env: { RMLENS_TOKEN: TOKEN } });
});
after(async () => {
  await world?.close();
});

test('the token field: mutations are refused without the token and run with it', async () => {
  const { page, external, failed } = await world.open('/');
  const field = page.getByLabel('Token');
  await field.waitFor();
  const run = async () => {
    await page.locator('.graphiql-query-editor .monaco-editor').click();
    await page.keyboard.press('Control+A');
    // insertText, not type: Monaco would auto-close the braces typed one by one.
    await page.keyboard.insertText('mutation { cancelJob(id: "no-such-job") { id } }');
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response').getByText(/cancelJob|UNAUTHENTICATED/).first().waitFor();
    return (await page.locator('.graphiql-response').innerText()).replaceAll('\u00a0', ' ');
  };
  assert.match(await run(), /"code": "UNAUTHENTICATED"/);
  await field.fill(TOKEN);
  const answer = await run();
  assert.match(answer, /"cancelJob": null/);
  assert.doesNotMatch(answer, /UNAUTHENTICATED/);
  await world.screenshot(page, 'playground-token');
  assert.deepEqual(external, []);
  // The one refusal asked for: UNAUTHENTICATED is an HTTP 401.
  assert.deepEqual(failed.map((f) => f.replace(/ .*/, '')), ['401']);
  await page.close();
});
