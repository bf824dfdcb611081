export * from './load';
export * from './meetings';
export * from './sync';
