import type { InlineConfig } from 'vite'

/**
 * Vite's `build`, loaded only when called (Vite is a development dependency), leaving the calling
 * process as it found it: Vite sets `process.env.NODE_ENV = 'production'` for a production build
 * and never puts it back, so every process or CLI started afterwards from the same process (a
 * test's backend children, the kiosk pairing CLI) ran in production mode and refused the
 * development configuration (lesson 20).
 */
export const viteBuild = async (config: InlineConfig): Promise<void> => {
  const { build } = await import('vite')
  const nodeEnv = process.env.NODE_ENV
  try {
    await build(config)
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
}
