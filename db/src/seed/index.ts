export { type DemoAccount, seedDemoUsers } from './demo-users';
export { type PilotSeedSummary, pilotAsOf, seedPilot } from './pilot';
export { type ScaleSeedSummary, scaleAsOf, seedScale } from './scale';
