export * from './pilot';
export * from './scale';
