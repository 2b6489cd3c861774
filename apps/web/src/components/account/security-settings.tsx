'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../lib/error-message';
import { identityApi } from '../../lib/identity-api';
import { FormError } from '../auth/auth-card';
import { formText, useFormSubmit } from '../auth/use-form-submit';
import { LoadError, PageFrame, Panel } from '../ui/page-frame';
import { TotpEnrolment } from './totp-enrolment';

const STATUS_KEY = ['account', 'two-factor'] as const;

/** The Security page: two-factor authentication on or off. */
export function SecuritySettings() {
  return (
    <PageFrame title="Security">
      <Panel title="Two-factor authentication">
        <TwoFactorPanel />
      </Panel>
    </PageFrame>
  );
}

function TwoFactorPanel() {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => identityApi.status() });
  const [isEnrolling, setEnrolling] = useState(false);
  const { isPending, error, onSubmit } = useFormSubmit(async (data) => {
    await identityApi.disable(formText(data, 'password'));
    await queryClient.invalidateQueries({ queryKey: STATUS_KEY });
  });

  if (status.isError)
    return <LoadError message={describeError(status.error)} onRetry={() => void status.refetch()} />;
  if (!status.data) return <p className="text-sm text-muted">Loading…</p>;

  if (isEnrolling) {
    return (
      <TotpEnrolment
        onDone={() => {
          setEnrolling(false);
          void queryClient.invalidateQueries({ queryKey: STATUS_KEY });
        }}
      />
    );
  }
  if (!status.data.totpEnabled) {
    return (
      <div>
        <p className="mb-3 text-sm">
          Off. Turn it on to be asked for a code from an authenticator app after your password.
          {status.data.required ? ' Your administrators require it.' : ''}
        </p>
        <button type="button" className="button-primary" onClick={() => setEnrolling(true)}>
          Set up an authenticator app
        </button>
      </div>
    );
  }
  return (
    <div>
      <p className="mb-3 text-sm">
        On. {status.data.recoveryCodesLeft} of 10 recovery codes left.
        {status.data.required
          ? ' Your administrators require it: you will enrol again at your next sign-in.'
          : ''}
      </p>
      <form method="post" onSubmit={onSubmit} className="max-w-sm">
        <FormError message={error} />
        <label htmlFor="disable-password" className="label">
          Password, to turn it off
        </label>
        <input
          id="disable-password"
          name="password"
          type="password"
          autoComplete="current-password"
          className="input mb-3"
          required
          maxLength={128}
        />
        <button type="submit" className="button-danger" disabled={isPending}>
          {isPending ? 'Turning off…' : 'Turn off two-factor'}
        </button>
      </form>
    </div>
  );
}
