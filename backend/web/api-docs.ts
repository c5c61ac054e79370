import { createRequire } from 'node:module'
import path from 'node:path'
import type Router from '@koa/router'
import type { Middleware } from 'koa'
import { serveAssets } from './assets/serve-assets.ts'
import type { AppState } from '../http/state.ts'

const require = createRequire(import.meta.url)
const SWAGGER_UI_PACKAGE = require.resolve('swagger-ui-dist/package.json')
const SWAGGER_UI_VERSION = (require('swagger-ui-dist/package.json') as { version: string }).version

/** Under /api/v1: the docs page, its init script, and Swagger UI's files under their version. */
export const API_DOCS_PATH = '/docs'
const INIT_SCRIPT_PATH = `${API_DOCS_PATH}/init.js`
const SWAGGER_UI_FOLDER = `${API_DOCS_PATH}/swagger-ui-${SWAGGER_UI_VERSION}/`

/**
 * Swagger UI's files (swagger-ui-dist, the package as installed: nothing is copied or built)
 * under a path that names their version, so they are cached for a year like the hashed page
 * assets: a new release of the package is a new path. The same middleware as /assets/
 * (compression, ETags, no listing, no path outside the folder).
 */
export const swaggerUiAssets = (apiPrefix: string): Middleware =>
  serveAssets({
    dir: path.dirname(SWAGGER_UI_PACKAGE),
    prefix: `${apiPrefix}${SWAGGER_UI_FOLDER}`,
  })

/**
 * What starts Swagger UI on the page: a file of its own, not an inline script, so the docs page
 * works under a Content-Security-Policy without 'unsafe-inline'. It reads the document's URL
 * from the page (`data-openapi`), so the script is the same for every deployment.
 */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui')
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-openapi'),
    domNode: root,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  })
})
`

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/** The docs page; its scripts carry the response's CSP nonce (backend/http/security-headers.ts). */
const docsPage = (apiPrefix: string, openApiPath: string, nonce: string) => {
  const ui = `${apiPrefix}${SWAGGER_UI_FOLDER}`
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>RewardFlow API</title>
    <link rel="stylesheet" href="${escapeAttribute(`${ui}swagger-ui.css`)}">
    <link rel="icon" type="image/png" href="${escapeAttribute(`${ui}favicon-32x32.png`)}">
  </head>
  <body>
    <div id="swagger-ui" data-openapi="${escapeAttribute(`${apiPrefix}${openApiPath}`)}"></div>
    <script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(`${ui}swagger-ui-bundle.js`)}"></script>
    <script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(`${apiPrefix}${INIT_SCRIPT_PATH}`)}"></script>
  </body>
</html>
`
}

/**
 * GET /api/v1/docs: the OpenAPI document (`openApiPath`, relative to the API's prefix) in
 * Swagger UI, and the page's init script. Both are small and change with a deploy: the page is
 * `no-cache` (htmlNoCache), the script revalidated.
 */
export const mountApiDocs = (router: Router<AppState>, apiPrefix: string, openApiPath: string) => {
  router.get(API_DOCS_PATH, (ctx) => {
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = docsPage(apiPrefix, openApiPath, ctx.state.cspNonce ?? '')
  })
  router.get(INIT_SCRIPT_PATH, (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8'
    ctx.set('Cache-Control', 'no-cache')
    ctx.body = INIT_SCRIPT
  })
}
