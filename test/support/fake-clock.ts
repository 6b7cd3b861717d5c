// Moved to test/support/fakes/fake-clock.ts (all fakes live in test/support/fakes/); kept for branches that
// still import it from here.
export { FakeClock } from './fakes/fake-clock';
