/**
 * @module connectors/simulator
 * The deterministic fake bank (`simulator` module).
 */
export { hashSeed, SeededRandom } from './seeded-random.js';
export { type SimulatedDay, simulateDay } from './simulated-day.js';
export { SimulatorConnector, type SimulatorOptions } from './simulator-connector.js';
