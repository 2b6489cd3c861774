'use client';

import { PageFrame } from '../ui/page-frame';
import { DataPanel } from './data-panel';
import { PasswordPanel } from './password-panel';
import { ProfilePanel } from './profile-panel';
import { SessionsPanel } from './sessions-panel';

/** The signed-in user's own account: profile, password, devices, their data. */
export function AccountView() {
  return (
    <PageFrame title="Account">
      <div className="space-y-4">
        <ProfilePanel />
        <PasswordPanel />
        <SessionsPanel />
        <DataPanel />
      </div>
    </PageFrame>
  );
}
