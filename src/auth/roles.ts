/**
 * The gateway's roles, each including the ones before it: a `viewer` reads,
 * an `inference` caller also runs `detectAnomalies`, an `admin` may do
 * everything (start and stop models, and every later admin mutation).
 */
export const ROLES = ['viewer', 'inference', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a caller holding `held` may do what needs `required`. */
export function roleAllows(held: Role, required: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(required);
}

/** Who is calling: the name is the identity in logs and the audit; never the secret. */
export interface Identity {
  name: string;
  role: Role;
  /** How the caller proved it: an API key, a JWT, or no check at all (development mode). */
  via: 'api-key' | 'jwt' | 'development';
}
