export { type DemoAccount, seedDemoUsers } from './demo-users';
export { currentGroups, type PilotPoi, pilotLibraries, rolloutLibraries } from './libraries';
export { type ScaleSeedSummary, scaleAsOf, seedScale } from './scale';
export { type PlannedCertificate, type StorySeedSummary, seedStory } from './story';
export { pilotVersionOf, pilotVersionPublishedAt, revisedVersionPublishedAt } from './versions';
