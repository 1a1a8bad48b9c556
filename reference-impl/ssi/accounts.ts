// Who may sign in to the Self-Service Interface, and with which password. Each account belongs
// to one DCC User. Without configuration every known User gets an account whose login is its User
// ID and whose password is random for this reference instance: nothing guessable ships in the
// code, and the suite learns the passwords through the test controls (TargetControl.ssi).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { eui64, isEui64 } from '../../src/duis/header.ts';
import type { DccUser, UserDirectory } from '../../src/users.ts';

/** One way in: the User it signs in as (User ID), the login name, the password. */
export interface SsiCredential {
  userId: string;
  login: string;
  password: string;
}

export class SsiAccountsError extends Error {}

/** Shortest password a configuration may give. */
export const MIN_PASSWORD_LENGTH = 12;

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export class SsiAccounts {
  private readonly byLogin = new Map<string, { credential: SsiCredential; digest: Buffer; user: DccUser }>();

  constructor(
    credentials: readonly SsiCredential[],
    private readonly users: UserDirectory,
  ) {
    for (const c of credentials) {
      const user = users.byUserId(c.userId);
      if (!user) throw new SsiAccountsError(`SSI account "${c.login}" is for ${c.userId}, which is not a known User`);
      const key = c.login.trim().toLowerCase();
      if (this.byLogin.has(key)) throw new SsiAccountsError(`two SSI accounts have the login "${c.login}"`);
      this.byLogin.set(key, { credential: { ...c, userId: user.id }, digest: digest(c.password), user });
    }
  }

  /** An account per known User: login = User ID, a fresh random password. */
  static generated(users: UserDirectory): SsiAccounts {
    return new SsiAccounts(
      users.all().map((u) => ({ userId: u.id, login: u.id, password: randomBytes(18).toString('base64url') })),
      users,
    );
  }

  /** The User these credentials sign in as; undefined for a wrong login or password (which of the two is not said). */
  verify(login: string, password: string): DccUser | undefined {
    const entry = this.byLogin.get(login.trim().toLowerCase());
    // compare digests so the time taken says nothing about the password's length or prefix
    const ok = timingSafeEqual(digest(password), entry?.digest ?? digest(randomBytes(16).toString('hex')));
    return ok && entry ? entry.user : undefined;
  }

  /** The user a signed-in session belongs to (the directory may hold Users without an account). */
  user(userId: string): DccUser | undefined {
    return this.users.byUserId(userId);
  }

  credentials(): SsiCredential[] {
    return [...this.byLogin.values()].map((e) => ({ ...e.credential }));
  }
}

/** Check a list of {user, login?, password} (a file's or an option's); login defaults to the User ID. */
export function parseSsiCredentials(list: unknown, where = 'SSI accounts'): SsiCredential[] {
  if (!Array.isArray(list)) throw new SsiAccountsError(`${where} must be a list of {user, login, password}`);
  return list.map((x, i) => {
    const o = (x ?? {}) as Record<string, unknown>;
    const user = o['user'];
    const login = o['login'] ?? (typeof user === 'string' && isEui64(user) ? eui64(user) : user);
    const password = o['password'];
    if (typeof user !== 'string' || !isEui64(user)) throw new SsiAccountsError(`${where}, entry ${i + 1}: user must be a User ID such as 90-B3-D5-1F-30-01-00-00`);
    if (typeof login !== 'string' || !login.trim() || login.length > 100) throw new SsiAccountsError(`${where}, entry ${i + 1}: login must be a non-empty string`);
    if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
      throw new SsiAccountsError(`${where}, entry ${i + 1}: password must be a string of at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    return { userId: eui64(user), login: login.trim(), password };
  });
}

/** A JSON or YAML accounts file. */
export function loadSsiCredentialsFile(path: string): SsiCredential[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SsiAccountsError(`cannot read SSI accounts file ${path}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new SsiAccountsError(`SSI accounts file ${path} is neither JSON nor YAML: ${(e as Error).message}`);
  }
  return parseSsiCredentials(data, `SSI accounts file ${path}`);
}
