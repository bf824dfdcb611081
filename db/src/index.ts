export * from './agents';
export * from './bounds';
export * from './connect';
export * from './content/index';
export * from './queries/index';
export * from './redaction';
export * from './schema/index';
export * from './seed/index';
