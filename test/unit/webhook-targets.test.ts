import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../api/src/config';
import { guardedLookup, RefusedTarget, type Resolver } from '../../api/src/jobs/delivery-agent';
import { addressProblem, targetProblem } from '../../api/src/resources/webhooks/targets';

const publicOnly = { allowPrivate: false };
const onPremises = { allowPrivate: true };

describe('webhook target URLs', () => {
  // The spellings a prober tried: every one reaches inside the network.
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://10.0.0.1/',
    'http://192.168.0.1/',
    'http://172.16.5.4/',
    'http://[fd00::1]/',
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0177.0.0.1/',
    'http://127.0.0.1:5432/',
    'http://user:pass@127.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::1]/',
    'http://[::]/',
    'http://0.0.0.0/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://api.localhost/',
    'http://printer.local/',
    'http://intranet/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[fe80::1]/',
    'http://[ff02::1]/',
    'http://[64:ff9b::a00:1]/',
    'http://127.0.0.%31/',
  ])('refuses %s', (url) => {
    expect(targetProblem(url, publicOnly)).toEqual(expect.any(String));
  });

  it.each([
    'https://lms.bibliotheek.example/loket/events',
    'https://93.184.215.14:8443/hooks',
    'http://[2606:4700::6810:85e5]/',
  ])('accepts the public %s', (url) => {
    expect(targetProblem(url, publicOnly)).toBeNull();
  });

  it('refuses credentials in the URL, even with private targets allowed', () => {
    expect(targetProblem('https://user:pass@hooks.example/', onPremises)).toMatch(/user name or password/);
    expect(targetProblem('https://token@hooks.example/', publicOnly)).toMatch(/user name or password/);
  });

  it('allows loopback, private and unique-local targets when the operator says so, but never the metadata service', () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://10.1.2.3/', 'http://[fd00::1]/', 'http://hooks.internal/']) {
      expect(targetProblem(url, onPremises)).toBeNull();
    }
    expect(targetProblem('http://169.254.169.254/', onPremises)).toMatch(/link-local/);
    expect(targetProblem('http://[fe80::1]/', onPremises)).toMatch(/link-local/);
    expect(targetProblem('http://metadata.google.internal/', onPremises)).toMatch(/metadata/);
    expect(targetProblem('http://0.0.0.0/', onPremises)).toMatch(/unspecified/);
  });

  it('names the address it refused, in canonical form', () => {
    expect(targetProblem('http://0x7f000001/', publicOnly)).toMatch(/^127\.0\.0\.1 is a loopback address/);
    expect(targetProblem('http://[::ffff:127.0.0.1]/', publicOnly)).toMatch(/^127\.0\.0\.1 is a loopback address/);
    expect(addressProblem('10.0.0.1', publicOnly)).toMatch(/private address/);
  });
});

describe('the lookup webhook connections go through', () => {
  const resolving =
    (...addresses: string[]): Resolver =>
    async () =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  const lookUp = (resolver: Resolver, all: boolean) =>
    new Promise<unknown>((resolve, reject) =>
      guardedLookup(publicOnly, resolver)('hooks.example', { all }, (error, address, family) =>
        error ? reject(error) : resolve(all ? address : { address, family }),
      ),
    );

  it('hands the socket exactly the addresses it checked', async () => {
    expect(await lookUp(resolving('93.184.215.14', '2606:4700::6810:85e5'), true)).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:4700::6810:85e5', family: 6 },
    ]);
    expect(await lookUp(resolving('93.184.215.14'), false)).toEqual({ address: '93.184.215.14', family: 4 });
  });

  it('refuses a name when any of its addresses is inside the network', async () => {
    await expect(lookUp(resolving('93.184.215.14', '10.0.0.5'), true)).rejects.toBeInstanceOf(RefusedTarget);
    await expect(lookUp(resolving('::ffff:169.254.169.254'), false)).rejects.toThrow(/link-local/);
  });
});

describe('WEBHOOK_ALLOW_PRIVATE_TARGETS', () => {
  it('is off unless set to true', () => {
    expect(readConfig({}, '/tmp').allowPrivateWebhookTargets).toBe(false);
    expect(readConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }, '/tmp').allowPrivateWebhookTargets).toBe(true);
    expect(() => readConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' }, '/tmp')).toThrow(ConfigError);
  });
});
