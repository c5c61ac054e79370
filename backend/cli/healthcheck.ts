// The container's HEALTHCHECK: `node dist/backend/cli/healthcheck.js` exits 0 when this
// container's process answers GET /healthz with 200, else 1. A web process answers on PORT; a
// worker-only process (PROCESS_ROLES=worker) on WORKER_HTTP_PORT. Node's own fetch: the image
// needs no curl. Reads the environment only (not the whole configuration): it must be instant.
const roles = (process.env.PROCESS_ROLES ?? 'web,worker').split(',').map((role) => role.trim())
const port = roles.includes('web') ? (process.env.PORT ?? '3000') : process.env.WORKER_HTTP_PORT
if (!port) {
  console.error('healthcheck: a worker-only process needs WORKER_HTTP_PORT to be checked')
  process.exit(1)
}
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
    signal: AbortSignal.timeout(2_000),
  })
  if (!response.ok) console.error(`healthcheck: /healthz answered ${response.status}`)
  process.exit(response.ok ? 0 : 1)
} catch (error) {
  console.error(`healthcheck: ${(error as Error).message}`)
  process.exit(1)
}
