import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core on every page, light and dark: no `serious` or `critical` finding (WCAG 2.x A/AA rules
 * and axe's best practices). Each finding is listed with the elements it names, so a failure says
 * what to fix.
 */
export async function expectNoSeriousViolations(page: Page, label: string) {
  // Pages fill in after their data loads: check the settled page, not its skeleton.
  await expect(page.getByText('Loading…', { exact: true })).toHaveCount(0);
  // Colours as they settle, not halfway through a 150 ms `transition-colors` after the scheme flips
  // (axe read a button's mid-transition colours once). The page keeps this until it navigates.
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; }' });
  const findings: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), scheme === 'dark');
    const results = await new AxeBuilder({ page }).analyze();
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      const targets = violation.nodes.map((node) => node.target.join(' ')).slice(0, 5);
      findings.push(
        `${scheme}: ${violation.id} (${violation.impact}) ${violation.help} → ${targets.join(' | ')}`,
      );
    }
  }
  await page.emulateMedia({ colorScheme: null });
  expect(findings, `accessibility of ${label}`).toEqual([]);
}
