/** Runs the CLI from source (development); the published bin runs dist/main.js instead. */
import { main } from './main.js';

await main(process.argv);
