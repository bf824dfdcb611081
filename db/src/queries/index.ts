export * from './audit';
export * from './idempotency';
export * from './list';
export * from './organisations';
export * from './participants';
export * from './programmes';
export * from './scope';
export * from './users';
