export * from './load';
export * from './meetings';
export * from './notifications';
export * from './sync';
