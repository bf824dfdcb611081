export * from './load';
export * from './sync';
