// The user directory: users from a validated file and/or inline config; bearer tokens kept only as SHA-256 hashes.
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuthorityCode } from '@cur/shared/contracts/index';
import { loadConfigFile } from '@cur/shared/config/load-config';
import type { Logger } from '@cur/shared/logger';
import { UsersFile, type ConsoleConfig, type ConsoleRole, type ConsoleUser } from '../config';

export interface Principal {
  id: string;
  name: string;
  role: ConsoleRole;
  authority?: AuthorityCode | undefined;
}

export interface UserDirectory {
  byToken(token: string): Principal | null;
  byId(id: string): Principal | null;
  /** Login form: the password (or, when the user has none, the token). */
  checkPassword(id: string, password: string): Principal | null;
  size: number;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** "scrypt$<salt hex>$<key hex>" for the users file. */
export function hashPassword(password: string, salt = randomBytes(16)): string {
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 32).toString('hex')}`;
}

function verifyScrypt(stored: string, password: string): boolean {
  const [, saltHex, keyHex] = stored.split('$');
  if (!saltHex || !keyHex) return false;
  const key = scryptSync(password, Buffer.from(saltHex, 'hex'), keyHex.length / 2);
  return sameHex(key.toString('hex'), keyHex);
}

export function createUserDirectory(users: readonly ConsoleUser[]): UserDirectory {
  const entries = users.map((u) => ({
    principal: { id: u.id, name: u.name, role: u.role, authority: u.authority } satisfies Principal,
    tokenHash: u.tokenSha256 ?? sha256Hex(u.token ?? ''),
    passwordScrypt: u.passwordScrypt,
  }));
  const byTokenHash = new Map(entries.map((e) => [e.tokenHash, e]));
  const byId = new Map(entries.map((e) => [e.principal.id, e]));
  return {
    byToken(token) {
      return byTokenHash.get(sha256Hex(token))?.principal ?? null;
    },
    byId(id) {
      return byId.get(id)?.principal ?? null;
    },
    checkPassword(id, password) {
      const e = byId.get(id);
      if (!e) return null;
      const isValid = e.passwordScrypt ? verifyScrypt(e.passwordScrypt, password) : sameHex(sha256Hex(password), e.tokenHash);
      return isValid ? e.principal : null;
    },
    size: entries.length,
  };
}

/** Users from the file and inline config; with neither, one admin whose fresh token goes to adminTokenFile (never to a log). */
export function loadUsers(config: ConsoleConfig, logger: Logger): UserDirectory {
  const users: ConsoleUser[] = [...(config.users ?? [])];
  if (config.usersFile) users.push(...loadConfigFile(UsersFile, config.usersFile).users);
  if (users.length > 0) return createUserDirectory(users);
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dirname(config.adminTokenFile), { recursive: true });
  writeFileSync(config.adminTokenFile, `${token}\n`, { mode: 0o600 });
  chmodSync(config.adminTokenFile, 0o600);
  logger.warn({ tokenFile: config.adminTokenFile }, 'no console users configured: an admin token (login "admin") was written to the token file');
  return createUserDirectory([{ id: 'admin', name: 'Администратор', role: 'admin', token }]);
}
