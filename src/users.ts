// DCC Users the suite acts as, and that the reference recognises. Out of the box these are
// DCC Boxed's test identities, so DCC's RTDS sample requests work unchanged.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** DUIS User Role codes as the DUIS request matrix writes them. */
export type UserRole = 'IS' | 'ES' | 'GS' | 'RSA' | 'ED' | 'GT' | 'OU';
export const USER_ROLES: readonly UserRole[] = ['IS', 'ES', 'GS', 'RSA', 'ED', 'GT', 'OU'];

export interface DccUser {
  /** Name used in feature files: "Supplier A", "Network Operator", ... */
  name: string;
  /** The User ID (EUI-64), also the BusinessOriginatorID of its requests. */
  id: string;
  roles: UserRole[];
  /** XML signing certificate (file), when not DCC Boxed's for this ID. */
  certificate?: string;
  /** Its private key (file): the suite signs this User's requests with it. */
  key?: string;
}

/** The DCC access control broker: BusinessTargetID of every non-device request. */
export const ACCESS_CONTROL_BROKER = '90-B3-D5-1F-30-00-00-02';

/**
 * [I] DCC Boxed gives one User ID per party; which roles each ID holds is our assumption:
 * suppliers hold both import and gas supplier roles, the network operator the electricity
 * distributor role. Override with a users file (see README).
 */
export const DEFAULT_USERS: readonly DccUser[] = [
  { name: 'Supplier A', id: '90-B3-D5-1F-30-01-00-00', roles: ['IS', 'GS'] },
  { name: 'Supplier B', id: '90-B3-D5-1F-30-03-00-00', roles: ['IS', 'GS'] },
  { name: 'Network Operator', id: '90-B3-D5-1F-30-02-00-00', roles: ['ED'] },
  // [I] DCC Boxed has two suppliers; its test User (which has an XML signing pair of its own)
  // acts as a third Supplier, unrelated to the others' devices, for the Service Audit Trail scenarios
  { name: 'Supplier C', id: '00-DB-12-34-56-78-00-04', roles: ['IS', 'GS'] },
];

export function isSupplier(user: DccUser): boolean {
  return user.roles.includes('IS') || user.roles.includes('GS');
}

export class UserDirectory {
  private readonly byId = new Map<string, DccUser>();
  private readonly byName = new Map<string, DccUser>();

  constructor(users: readonly DccUser[] = DEFAULT_USERS) {
    for (const u of users) {
      this.byId.set(u.id.toUpperCase(), u);
      this.byName.set(u.name.toLowerCase(), u);
    }
  }

  byUserId(id: string): DccUser | undefined {
    return this.byId.get(id.toUpperCase());
  }

  named(name: string): DccUser {
    const u = this.byName.get(name.toLowerCase());
    if (!u) throw new Error(`no User named "${name}"; known: ${[...this.byName.values()].map((x) => x.name).join(', ')}`);
    return u;
  }

  all(): DccUser[] {
    return [...this.byId.values()];
  }
}

export class UsersError extends Error {}

const EUI64 = /^[0-9A-F]{2}(-[0-9A-F]{2}){7}$/i;

/** Check a list of {name, id, roles}, as a users file or a world parameter gives it. */
export function parseUsers(list: unknown, where = 'users'): DccUser[] {
  if (!Array.isArray(list)) throw new UsersError(`${where} must be a list of {name, id, roles}`);
  return list.map((x, i) => {
    const o = (x ?? {}) as Record<string, unknown>;
    const roles = o['roles'];
    const files = ['certificate', 'key'].filter((k) => o[k] !== undefined);
    if (
      typeof o['name'] !== 'string' || typeof o['id'] !== 'string' || !EUI64.test(o['id']) || !Array.isArray(roles) || roles.length === 0 ||
      !roles.every((r) => (USER_ROLES as readonly unknown[]).includes(r)) || files.some((k) => typeof o[k] !== 'string') || (o['key'] !== undefined && o['certificate'] === undefined)
    ) {
      throw new UsersError(`${where}[${i}] must be {name: string, id: EUI-64 like 90-B3-D5-1F-30-01-00-00, roles: [${USER_ROLES.join('|')}, ...], certificate?: file, key?: file (with a certificate)}`);
    }
    return {
      name: o['name'],
      id: o['id'].toUpperCase(),
      roles: roles as UserRole[],
      ...(typeof o['certificate'] === 'string' ? { certificate: o['certificate'] } : {}),
      ...(typeof o['key'] === 'string' ? { key: o['key'] } : {}),
    };
  });
}

/** A users file (JSON or YAML): the list replaces the default DCC Boxed identities. */
export function loadUsersFile(path: string): DccUser[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsersError(`cannot read users file ${path}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text); // YAML is a superset of JSON
  } catch (e) {
    throw new UsersError(`users file ${path} is neither JSON nor YAML: ${(e as Error).message}`);
  }
  // certificate and key paths are relative to the users file
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(dirname(resolve(path)), p));
  return parseUsers(data, path).map((u) => ({ ...u, ...(u.certificate ? { certificate: abs(u.certificate) } : {}), ...(u.key ? { key: abs(u.key) } : {}) }));
}

/** The signing credentials a list of Users carries (those with a certificate). */
export function userCredentials(users: readonly DccUser[]): { id: string; certificate: string; key?: string }[] {
  return users.filter((u) => u.certificate).map((u) => ({ id: u.id, certificate: u.certificate!, ...(u.key ? { key: u.key } : {}) }));
}
