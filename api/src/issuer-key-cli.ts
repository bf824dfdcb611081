import { readConfig } from './config';
import { exportKeyPair, generateKeyPair } from './credentials/index';
import { issuerIdFor } from './lib/issuer';

/** `pnpm issuer:key`: prints a new issuer key pair for PUBLIC_URL, to put in LOKET_ISSUER_KEY. */
const { publicUrl } = readConfig({ ...process.env, NODE_ENV: 'development' });
process.stdout.write(`${JSON.stringify(exportKeyPair(await generateKeyPair(issuerIdFor(publicUrl))))}\n`);
