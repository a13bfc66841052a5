/** The project's vitest config plus the run counter (bench/_fuzz-count-setup.ts), for `npm run bench -- reliability`. */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../vitest.config';

export default mergeConfig(base, defineConfig({ test: { setupFiles: ['bench/_fuzz-count-setup.ts'] } }));
