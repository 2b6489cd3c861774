import { useFormatter, useTranslations } from 'next-intl';
import type { UsageMeter as Meter } from '@vivier/contracts';
import { percentOf } from '../../lib/chart-scale';
import { useLocaleFormat } from '../../i18n/use-locale-format';
import { useMoney } from './use-money';

/** Spend this period against the plan's allowance, as a labelled bar. */
export function UsageMeter({ usage }: { usage: Meter }) {
  const t = useTranslations('billing.meter');
  const format = useFormatter();
  const localeFormat = useLocaleFormat();
  const money = useMoney();
  const used = money(usage.usedMicros);
  const limit = money(usage.limitMicros);
  const percent = percentOf(usage.usedMicros, usage.limitMicros);
  const percentText = format.number(percent / 100, { style: 'percent', maximumFractionDigits: 0 });
  const isOver = usage.usedMicros >= usage.limitMicros;
  const tone = isOver ? 'bg-danger' : percent >= 80 ? 'bg-warn-fg' : 'bg-fg/70';
  return (
    <div>
      <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span>
          {t.rich('usedOf', {
            used,
            limit,
            strong: (chunks) => <strong className="text-lg tabular-nums">{chunks}</strong>,
            muted: (chunks) => <span className="text-muted">{chunks}</span>,
          })}
        </span>
        <span className="tabular-nums text-muted">{percentText}</span>
      </div>
      <div
        role="meter"
        aria-label={t('label')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t('valueText', { used, limit, percent: percentText })}
        className="h-3 overflow-hidden rounded-full bg-surface"
      >
        <div className={`h-full rounded-full ${tone}`} style={{ width: `${percent}%` }} />
      </div>
      <p className={`mt-1 text-xs ${isOver ? 'text-danger' : 'text-muted'}`}>
        {isOver ? `${t('usedUp')} ` : ''}
        {t('resetsOn', {
          date: localeFormat.longDate(usage.resetsAt),
        })}
      </p>
    </div>
  );
}
