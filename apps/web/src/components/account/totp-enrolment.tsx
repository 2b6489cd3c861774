'use client';

import { useTranslations } from 'next-intl';
import type { User } from '@vivier/contracts';
import { useEffect, useState } from 'react';
import { useDescribeError } from '../../hooks/use-describe-error';
import { identityApi } from '../../lib/identity-api';
import { FormError } from '../auth/auth-card';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { LabelledInput } from '../ui/labelled-field';
import { SubmitForm } from '../ui/submit-form';

interface Enrolled {
  recoveryCodes: string[];
  user?: User;
}

/**
 * TOTP enrolment: the QR code (and the secret, for typing in), then a code from the app to
 * confirm, then the recovery codes — shown this once. `mfaToken` is a login's enrolment token
 * (required by the admins) instead of a session.
 */
export function TotpEnrolment({
  mfaToken,
  onDone,
}: {
  mfaToken?: string;
  onDone: (enrolled: Enrolled) => void;
}) {
  const describeError = useDescribeError();
  const t = useTranslations('account.totp');
  const [setup, setSetup] = useState<{ secret: string; qr: string } | null>(null);
  const [setupError, setSetupError] = useState<string | null>(null);
  const [enrolled, setEnrolled] = useState<Enrolled | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const { otpauthUrl, secret } = await identityApi.setup(mfaToken);
        // Rendered here, in the browser: the secret never goes to a QR service.
        const { toDataURL } = await import('qrcode');
        const qr = await toDataURL(otpauthUrl, { margin: 1, width: 192 });
        if (live) setSetup({ secret, qr });
      } catch (error) {
        if (live) setSetupError(describeError(error));
      }
    })();
    return () => {
      live = false;
    };
  }, [mfaToken]);

  const confirm = useFormSubmit(async (data) => {
    const answer = await identityApi.enable(formText(data, 'code').trim(), mfaToken);
    setEnrolled(answer);
  });

  if (enrolled) {
    return (
      <div>
        <p className="mb-2 text-sm">{t('enabled')}</p>
        <ul aria-label={t('recoveryCodes')} className="mb-4 grid grid-cols-2 gap-1 font-mono text-sm">
          {enrolled.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <button type="button" className="button-primary" onClick={() => onDone(enrolled)}>
          {t('saved')}
        </button>
      </div>
    );
  }
  if (setupError) return <FormError message={setupError} />;
  if (!setup) return <p className="text-sm text-muted">{t('preparing')}</p>;
  return (
    <div>
      <p className="mb-3 text-sm">{t('scan')}</p>
      <img src={setup.qr} alt={t('qrAlt')} width={192} height={192} className="mb-3" />
      <p className="mb-3 text-sm">
        {t.rich('key', {
          secret: setup.secret,
          code: (chunks) => <code data-testid="totp-secret">{chunks}</code>,
        })}
      </p>
      <SubmitForm submission={confirm} submitLabel={t('turnOn')} pendingLabel={t('checking')}>
        <LabelledInput
          id="totp-code"
          label={t('code')}
          className="mb-3"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
        />
      </SubmitForm>
    </div>
  );
}
