// Module hooks: `electron` resolves to the stand-in beside this file.
export const resolve = (specifier, context, next) =>
  specifier === 'electron'
    ? { url: new URL('./electron-stub.mjs', import.meta.url).href, shortCircuit: true }
    : next(specifier, context)
