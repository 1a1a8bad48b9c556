import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadUsersFile, parseUsers, UserDirectory, UsersError } from '../src/users.ts';
import { dccBoxedKeyDir } from '../src/sign/dcc-boxed-keys.ts';
import { copyFileSync } from 'node:fs';
import { tempDir } from './helpers.ts';

const SUPPLIER_C = { name: 'Supplier C', id: '90-b3-d5-1f-30-04-00-00', roles: ['IS'] };

describe('users configuration', () => {
  it('reads a YAML users file and normalises the User IDs', () => {
    const file = join(tempDir(), 'users.yaml');
    writeFileSync(file, `- { name: ${SUPPLIER_C.name}, id: ${SUPPLIER_C.id}, roles: [IS] }\n`);
    const users = new UserDirectory(loadUsersFile(file));
    assert.equal(users.named('supplier c').id, '90-B3-D5-1F-30-04-00-00');
    assert.equal(users.byUserId('90-B3-D5-1F-30-04-00-00')?.name, 'Supplier C');
  });

  it('refuses a user with an unknown role or an ID that is not an EUI-64', () => {
    assert.throws(() => parseUsers([{ ...SUPPLIER_C, roles: ['XX'] }]), UsersError);
    assert.throws(() => parseUsers([{ ...SUPPLIER_C, id: 'supplier-c' }]), UsersError);
    assert.throws(() => parseUsers({ users: [] }), UsersError);
  });

  it('names the file when it cannot be read', () => {
    assert.throws(() => loadUsersFile('/nonexistent/users.json'), /\/nonexistent\/users\.json/);
  });

  it('lets a conformance run act as a User from the file, signing with the key the file gives it', async () => {
    const dir = tempDir();
    const users = join(dir, 'users.json');
    // a key pair for the new User (a DCC Boxed test pair DCC Boxed's XML signing set does not use), relative to the file
    const keys = await dccBoxedKeyDir();
    copyFileSync(join(keys, 'Z1-supplier-ds.pem'), join(dir, 'a.pem'));
    copyFileSync(join(keys, 'Z1-supplier-ds.key'), join(dir, 'a.key'));
    // the suite's Supplier A is a User ID the reference does not know by default
    writeFileSync(users, JSON.stringify([{ name: 'Supplier A', id: '90-B3-D5-1F-30-09-00-00', roles: ['IS', 'GS'], certificate: 'a.pem', key: 'a.key' }, { name: 'Supplier B', id: '90-B3-D5-1F-30-03-00-00', roles: ['IS', 'GS'] }, { name: 'Network Operator', id: '90-B3-D5-1F-30-02-00-00', roles: ['ED'] }]));
    const run = spawnSync(process.execPath, ['bin/sec-conformance.js', 'run', 'features/install-and-commission', '--tags', '@req:IC-1', '--users', users, '--reports', dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const messages = readFileSync(join(dir, 'messages.ndjson'), 'utf8');
    assert.match(messages, /90-B3-D5-1F-30-09-00-00:90-B3-D5-1F-30-00-00-02/);
  });
});
