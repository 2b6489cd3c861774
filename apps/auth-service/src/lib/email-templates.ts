export type EmailTemplate =
  | { kind: 'verify-email'; name: string | null; token: string }
  | { kind: 'reset-password'; name: string | null; token: string }
  | { kind: 'change-email'; name: string | null; token: string }
  | { kind: 'email-changed'; name: string | null; newEmail: string }
  | { kind: 'account-created'; name: string | null; token: string };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function layout(title: string, paragraphs: string[], action: { label: string; url: string }) {
  const text = [...paragraphs, '', `${action.label}: ${action.url}`, '', '— Vivier'].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:auto">
<h1 style="font-size:1.25rem">${escapeHtml(title)}</h1>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:.6rem 1rem;background:#111;color:#fff;border-radius:.4rem;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="color:#666;font-size:.85rem">Or paste this link into your browser: ${escapeHtml(action.url)}</p>
</body></html>`;
  return { subject: title, text, html };
}

export function renderEmail(template: EmailTemplate, publicUrl: string) {
  const greeting = template.name ? `Hi ${template.name},` : 'Hi,';
  const base = publicUrl.replace(/\/$/, '');
  switch (template.kind) {
    case 'verify-email':
      return layout(
        'Confirm your email for Vivier',
        [greeting, 'Please confirm your email address. The link is valid for 24 hours.'],
        { label: 'Confirm email', url: `${base}/verify-email?token=${encodeURIComponent(template.token)}` },
      );
    case 'reset-password':
      return layout(
        'Reset your Vivier password',
        [
          greeting,
          'Someone asked to reset your password. If it was not you, ignore this email. The link is valid for 1 hour.',
        ],
        {
          label: 'Choose a new password',
          url: `${base}/reset-password?token=${encodeURIComponent(template.token)}`,
        },
      );
    case 'change-email':
      return layout(
        'Confirm your new email for Vivier',
        [
          greeting,
          'You asked to use this address for your Vivier account. It takes effect once you confirm it. The link is valid for 24 hours.',
        ],
        { label: 'Confirm email', url: `${base}/verify-email?token=${encodeURIComponent(template.token)}` },
      );
    case 'email-changed':
      return layout(
        'Your Vivier email was changed',
        [
          greeting,
          `Your account now signs in with ${template.newEmail}. If you did not do this, reset your password at once and tell your administrator.`,
        ],
        { label: 'Reset password', url: `${base}/forgot-password` },
      );
    case 'account-created':
      return layout(
        'Your Vivier account is ready',
        [
          greeting,
          'An administrator created a Vivier account for you. Choose a password to sign in. The link is valid for 7 days.',
        ],
        {
          label: 'Choose a password',
          url: `${base}/reset-password?token=${encodeURIComponent(template.token)}`,
        },
      );
  }
}
