'use client';

import { useTranslations } from 'next-intl';
import { SHORTCUTS, shortcutKeys } from '../../lib/shortcuts';
import { Dialog } from '../ui/dialog';

const isMacLike = () => /Mac|iPhone|iPad/.test(navigator.userAgent);

/** The list of keyboard shortcuts (opened with `?` or from the account menu). */
export default function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('shortcuts');
  const isMac = isMacLike();
  const rows = [
    ...SHORTCUTS.filter((shortcut) => shortcut.key !== '/').map((shortcut) => ({
      label: t(`labels.${shortcut.id}`),
      keys: shortcutKeys(shortcut, isMac),
    })),
    { label: t('labels.stop'), keys: ['Esc'] },
    { label: t('labels.send'), keys: ['Enter'] },
    { label: t('labels.newLine'), keys: [isMac ? '⇧' : 'Shift', 'Enter'] },
  ];
  return (
    <Dialog open onClose={onClose} title={t('title')}>
      <table className="w-full text-sm">
        <tbody>
          {rows.map((row) => (
            <tr key={row.label} className="border-b border-border last:border-0">
              <td className="py-2 pr-4">{row.label}</td>
              <td className="py-2 text-right whitespace-nowrap">
                {row.keys.map((key) => (
                  <kbd
                    key={key}
                    className="ml-1 inline-block min-w-6 rounded border border-border bg-surface px-1.5 py-0.5 text-center font-mono text-xs"
                  >
                    {key}
                  </kbd>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
