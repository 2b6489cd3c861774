import type { User } from '@vivier/contracts';

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: 'USER' | 'ADMIN';
  emailVerifiedAt: Date | null;
  createdAt: Date;
  pendingApproval?: boolean;
  hasPassword?: boolean;
}

/** The public shape of a user: never the hash, never internal flags. */
export function toUserView(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
    ...(row.pendingApproval ? { pendingApproval: true } : {}),
    ...(row.hasPassword === false ? { passwordless: true } : {}),
  };
}
