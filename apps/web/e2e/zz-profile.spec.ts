import { send, signUp, test, waitForAnswer } from './support/fixtures';

test('profile streaming', async ({ page }) => {
  await signUp(page, 'profile');
  await send(page, 'Warm up. [[words:20]] [[delay:1]]');
  await waitForAnswer(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await page.evaluate(() => {
    const w = window as unknown as { __lt: number[] };
    w.__lt = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__lt.push(Math.round(e.duration)))).observe({ type: 'longtask' });
  });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await send(page, 'Write a long essay about rivers. [[words:2000]] [[delay:4]]');
  await page.waitForFunction(() => document.querySelectorAll('article').length >= 4 && !document.querySelector('[aria-busy="true"]') && !document.querySelector('[aria-label="Stop generating"]'), undefined, { polling: 1000, timeout: 110000 });
  console.log('stream wall ms', Date.now() - t0);
  const { profile } = await cdp.send('Profiler.stop');
  const lt = await page.evaluate(() => (window as unknown as { __lt: number[] }).__lt);
  console.log('longtasks', lt.length, 'max', Math.max(0, ...lt), 'sum', lt.reduce((a, b) => a + b, 0));
  const self = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = profile.samples ?? [];
  samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  for (const [k, v] of top) console.log(Math.round(v / 1000), 'ms', k);
});
