// Declarations for the untyped packages the stock verifier uses, limited to what it uses.

declare module '@digitalbazaar/did-io' {
  export class CachedResolver {
    use(driver: object): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  }
}

declare module '@digitalbazaar/did-method-web' {
  export function driver(options?: { fetchOptions?: Record<string, unknown>; allowList?: string[] }): object;
  export function didUrlToHttpsUrl(did: string): { baseUrl: string; fragment: string };
}

declare module '@digitalbazaar/http-client' {
  export const httpClient: {
    get(url: string, options?: Record<string, unknown>): Promise<{ data: object; headers: Headers }>;
  };
}

declare module 'jsonld-document-loader' {
  export class JsonLdDocumentLoader {
    addDocuments(options: { documents: Iterable<[string, object]> }): void;
    setDidResolver(resolver: object): void;
    setProtocolHandler(options: {
      protocol: string;
      handler: { get(options: { url: string }): Promise<object> };
    }): void;
    build(): (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: object }>;
  }
}

declare module 'jsonld' {
  const jsonld: {
    expand(
      document: object,
      options: { documentLoader: (url: string) => Promise<object>; safe?: boolean },
    ): Promise<unknown[]>;
  };
  export default jsonld;
}

// @xapi/cmi5 names its ES module only as "module" (no "main" or "exports"), which Node's resolver
// (and Vite's, for Node) ignores: tests import the file itself, with the package's own types.
declare module '@xapi/cmi5/dist/Cmi5.esm.js' {
  export { default } from '@xapi/cmi5';
}

declare module 'xhr2' {
  const XMLHttpRequest: new () => unknown;
  export default XMLHttpRequest;
}
