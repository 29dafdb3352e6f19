import type { Identity } from '../auth/roles';
import { CallerRole, CredentialKind, type Viewer } from '../schema/viewer.type';

const ROLE: Record<Identity['role'], CallerRole> = { viewer: CallerRole.VIEWER, inference: CallerRole.INFERENCE, admin: CallerRole.ADMIN };
const CREDENTIAL: Record<Identity['via'], CredentialKind> = { 'api-key': CredentialKind.API_KEY, jwt: CredentialKind.JWT, development: CredentialKind.DEVELOPMENT };

/** The caller of one request, as `viewer` answers it (for a console to show the role and hide what it may not do). */
export class ViewerService {
  constructor(private readonly identity: Identity) {}

  current(): Viewer {
    return { name: this.identity.name, role: ROLE[this.identity.role], credential: CREDENTIAL[this.identity.via], developmentMode: this.identity.via === 'development' };
  }
}
